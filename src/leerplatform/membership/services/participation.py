"""Leaving an edition, and a facilitator ending someone's participation. Nothing is deleted.

Either way the person's learning groups in the edition end at the same moment: their group
memberships and coordinator roles are closed (kept as history) and their requests to join are
withdrawn: the services send `events.participation_ended`, which groups' receivers answer
(`groups.services.groups.end_memberships_in_edition`)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from leerplatform.core import activity
from leerplatform.core.models import Verb
from leerplatform.editions.models import Edition, Membership, Role
from leerplatform.membership import events


def _active_membership(*, edition: Edition, user) -> Membership:
    membership = (
        Membership.objects.active().select_for_update().filter(edition=edition, user=user).first()
    )
    if membership is None:
        raise ValidationError(_("This person is not taking part in this edition."))
    return membership


def _forget_roles(user) -> None:
    # The rules cache a person's edition and group roles on the user object.
    for cached in ("_edition_roles", "_group_roles"):
        user.__dict__.pop(cached, None)


@transaction.atomic
def leave_edition(*, edition: Edition, user) -> Membership:
    """End the user's own participation; what they brought stays in the edition."""
    membership = _active_membership(edition=edition, user=user)
    if membership.role != Role.PARTICIPANT:
        raise ValidationError(_("Facilitators cannot leave an edition here; ask an administrator."))
    membership.left_at = timezone.now()
    # The groups first (the receivers run before the row is saved), so that their rows say who
    # ended them (a model signal closes them too when an edition membership ends some other way,
    # e.g. in the admin).
    events.participation_ended.send(sender=Membership, membership=membership, actor=user)
    membership.save(update_fields=["left_at"])
    _forget_roles(user)
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
    # The groups first (the receivers run before the row is saved), so that their rows say who
    # ended them (a model signal closes them too when an edition membership ends some other way,
    # e.g. in the admin).
    events.participation_ended.send(sender=Membership, membership=membership, actor=actor)
    membership.save(update_fields=["left_at"])
    _forget_roles(user)
    activity.record(
        actor=actor,
        verb=Verb.PARTICIPATION_ENDED,
        edition=edition,
        target=user,
        data={"reason": reason.strip()},
    )
    return membership
