"""Every change to editions, themes and memberships goes through these functions."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from leerplatform.core import activity
from leerplatform.core.models import Verb
from leerplatform.editions import events
from leerplatform.editions.models import Edition, Membership, Role


@transaction.atomic
def change_phase(*, edition: Edition, phase: str, actor) -> Edition:
    """Move the edition to `phase` and record who did it, from which phase to which."""
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    previous = edition.phase
    edition.phase = phase
    # The field's own rule (one of the phases) first, then the rule about the move itself.
    edition.clean_fields(exclude=[f.name for f in Edition._meta.fields if f.name != "phase"])
    if previous == phase:
        raise ValidationError({"phase": _("The edition is already in this phase.")})
    edition.save(update_fields=["phase"])
    activity.record(
        actor=actor,
        verb=Verb.PHASE_CHANGED,
        edition=edition,
        target=edition,
        data={"from": previous, "to": phase},
    )
    events.phase_changed.send(sender=Edition, edition=edition, previous=previous, actor=actor)
    return edition


@transaction.atomic
def add_member(*, edition: Edition, user, role: str = Role.PARTICIPANT, actor=None) -> Membership:
    """Make `user` a member of `edition` (or re-activate a past membership) and record it."""
    membership, created = Membership.objects.get_or_create(
        user=user, edition=edition, defaults={"role": role}
    )
    if not created:
        if membership.is_active and membership.role == role:
            return membership
        membership.role = role
        membership.left_at = None
        membership.save(update_fields=["role", "left_at"])
    activity.record(
        actor=actor or user,
        verb=Verb.JOINED,
        edition=edition,
        target=user,
        data={"role": role},
    )
    return membership
