"""Every change to people's accounts and profiles goes through these functions."""

from __future__ import annotations

from django.db import transaction

from leerplatform.accounts.models import User
from leerplatform.core import activity
from leerplatform.core.models import Verb


@transaction.atomic
def update_profile(*, user: User, form) -> User:
    """Save a valid ProfileForm for `user`; a replaced or cleared photo's old file is removed."""
    old_photo_name = User.objects.filter(pk=user.pk).values_list("photo", flat=True).get()
    user = form.save()
    if old_photo_name and old_photo_name != user.photo.name:
        storage = user.photo.storage
        transaction.on_commit(lambda: storage.delete(old_photo_name))
    changed = sorted(set(form.changed_data))
    if changed:
        activity.record(
            actor=user, verb=Verb.PROFILE_UPDATED, target=user, data={"fields": changed}
        )
    return user
