"""Every change to editions, themes and memberships goes through these functions."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from leerplatform.core import activity
from leerplatform.core.models import Verb
from leerplatform.editions import events
from leerplatform.editions.models import Edition, EditionContact, Membership, Role


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


# --- Contact persons ("Meer weten?") ---------------------------------------------------------------
# Settings of the edition's public face, like its description: no ledger row (not an activity of
# the network, and nothing to count as bringing or taking).

CONTACT_FIELDS = ("name", "role", "email", "phone", "position")


@transaction.atomic
def save_contact(
    *, edition: Edition, actor, data: dict, contact: EditionContact | None = None
) -> EditionContact:
    """Add a contact person to the edition (last, unless a position is given), or change
    `contact`; the model's field rules are checked before saving."""
    if contact is None:
        last = EditionContact.objects.filter(edition=edition).aggregate(Max("position"))
        contact = EditionContact(edition=edition, position=(last["position__max"] or 0) + 1)
    elif contact.edition_id != edition.pk:
        raise ValidationError(_("This contact person belongs to another edition."))
    for name in CONTACT_FIELDS:
        value = data.get(name)
        if name == "position":
            if value is not None:
                contact.position = value
        elif name in data:
            setattr(contact, name, " ".join(str(value or "").split()))
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def remove_contact(*, contact: EditionContact, actor) -> None:
    """Take a contact person off the edition's public pages."""
    contact.delete()
