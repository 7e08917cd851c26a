"""Every change to people's accounts and profiles goes through these functions."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models, transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save

from leerplatform.accounts.models import User
from leerplatform.core import activity
from leerplatform.core.models import Verb


@transaction.atomic
def private_changed(people: Iterable[User | int]) -> None:
    """Rows that only these people see changed (their notifications, agreement acceptances,
    journal, evaluations): what is kept about them (`core.shared_reads.personal`) is old. Bumps
    their `private_version` in the writer's transaction, so the change and the new version
    commit together. A person object passed in stops keeping reads for the rest of its request
    (its version is no longer known)."""
    ids = set()
    for person in people:
        if isinstance(person, User):
            person.private_version = None  # type: ignore[assignment]
            ids.add(person.pk)
        elif person:
            ids.add(person)
    if ids:
        User.objects.filter(pk__in=sorted(ids)).update(private_version=F("private_version") + 1)


def private_rows(model: type[models.Model], person_field: str = "user_id") -> None:
    """Every row of `model` saved or deleted moves its person's `private_version`
    (`private_changed`): for the private models whose rows a read kept for that person may hold
    (called from the apps' `ready`). Writes without signals (`update`, `bulk_create`) call
    `private_changed` themselves."""

    def changed(sender, instance, raw=False, **kwargs) -> None:
        if not raw:
            private_changed([getattr(instance, person_field)])

    uid = f"private-version:{model._meta.label_lower}"
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=uid)


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
