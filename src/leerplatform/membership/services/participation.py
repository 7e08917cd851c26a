"""Leaving an edition, and a facilitator ending someone's participation. Nothing is deleted."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from leerplatform.core import activity
from leerplatform.core.models import Verb
from leerplatform.editions.models import Edition, Membership, Role


def _active_membership(*, edition: Edition, user) -> Membership:
    membership = (
        Membership.objects.active().select_for_update().filter(edition=edition, user=user).first()
    )
    if membership is None:
        raise ValidationError(_("This person is not taking part in this edition."))
    return membership


@transaction.atomic
def leave_edition(*, edition: Edition, user) -> Membership:
    """End the user's own participation; what they brought stays in the edition."""
    membership = _active_membership(edition=edition, user=user)
    if membership.role != Role.PARTICIPANT:
        raise ValidationError(_("Facilitators cannot leave an edition here; ask an administrator."))
    membership.left_at = timezone.now()
    membership.save(update_fields=["left_at"])
    activity.record(actor=user, verb=Verb.LEFT, edition=edition, target=user)
    return membership


@transaction.atomic
def end_participation(*, edition: Edition, user, actor, reason: str = "") -> Membership:
    """A facilitator (or administrator) ends a participant's membership, with an optional reason."""
    if actor is not None and actor.pk == user.pk:
        raise ValidationError(_("You cannot end your own membership here."))
    membership = _active_membership(edition=edition, user=user)
    if membership.role == Role.FACILITATOR:
        raise ValidationError(
            _("A facilitator's membership cannot be ended here; ask an administrator.")
        )
    membership.left_at = timezone.now()
    membership.save(update_fields=["left_at"])
    activity.record(
        actor=actor,
        verb=Verb.PARTICIPATION_ENDED,
        edition=edition,
        target=user,
        data={"reason": reason.strip()},
    )
    return membership
