"""Every change to plenary proposals: the call, proposing, supporting, commenting, deciding.

Proposing, supporting and commenting bring (Verb.PROPOSED, SUPPORTED, COMMENTED); a chosen
proposal brings once more for its proposer (PROPOSAL_SELECTED: they brought the plenary workshop).
Withdrawing a support deletes the Support row but never a ledger row: the ledger is append-only,
and SUPPORTED is recorded only the first time a person supports a proposal, so toggling cannot
inflate anyone's balance.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from leerplatform.accounts.models import User
from leerplatform.core import activity, visitor_cache
from leerplatform.core.models import ActivityEntry, Verb
from leerplatform.editions.models import Membership, Theme
from leerplatform.meetings.models import Meeting, MeetingStatus, ProgrammeItem, ProgrammeItemKind
from leerplatform.proposals import events
from leerplatform.proposals.models import (
    MAX_COMMENT,
    Comment,
    Proposal,
    ProposalCall,
    ProposalStatus,
    Support,
)

# A proposal is open — its proposer may change it (until the deadline), others may support it —
# until the facilitators select or decline it, or its proposer withdraws it.
OPEN_STATUSES = frozenset({ProposalStatus.SUBMITTED, ProposalStatus.SHORTLISTED})
DECISIONS = (ProposalStatus.SHORTLISTED, ProposalStatus.SELECTED, ProposalStatus.DECLINED)


class DeadlinePassed(ValidationError):
    """The call's deadline has passed: proposing, changing and withdrawing are over."""


def _deadline_passed(call: ProposalCall) -> DeadlinePassed:
    return DeadlinePassed(
        _("The deadline of this call for proposals (%(deadline)s) has passed.")
        % {"deadline": date_format(timezone.localtime(call.deadline), "DATETIME_FORMAT")}
    )


def _is_member(user: User, edition_id: int) -> bool:
    return (
        user is not None
        and user.is_authenticated
        and Membership.objects.active().filter(user=user, edition_id=edition_id).exists()
    )


# --- The call ------------------------------------------------------------------------------------


def _check_deadline(*, meeting: Meeting, deadline: dt.datetime) -> None:
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("This meeting has been cancelled."))
    if deadline <= timezone.now():
        raise ValidationError({"deadline": _("Choose a deadline in the future.")})
    if deadline >= meeting.starts_at:
        raise ValidationError(
            {
                "deadline": _("Choose a deadline before the meeting starts (%(start)s).")
                % {"start": date_format(timezone.localtime(meeting.starts_at), "DATETIME_FORMAT")}
            }
        )


@transaction.atomic
def open_call(
    *, meeting: Meeting, deadline: dt.datetime, description: str = "", actor: User
) -> ProposalCall:
    """Open the meeting's call for plenary proposals, with a deadline before the meeting."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if ProposalCall.objects.filter(meeting=meeting).exists():
        raise ValidationError(_("This meeting already has a call for proposals."))
    _check_deadline(meeting=meeting, deadline=deadline)
    call = ProposalCall.objects.create(
        meeting=meeting, deadline=deadline, description=description.strip(), opened_by=actor
    )
    activity.record(
        actor=actor,
        verb=Verb.CALL_OPENED,
        edition=meeting.edition,
        target=call,
        data={"meeting": meeting.pk, "deadline": deadline.isoformat()},
    )
    return call


@transaction.atomic
def change_call(
    *, call: ProposalCall, deadline: dt.datetime, description: str = "", actor: User
) -> ProposalCall:
    """Move the deadline or change the description; a new future deadline reopens a call."""
    call = ProposalCall.objects.select_for_update().select_related("meeting").get(pk=call.pk)
    _check_deadline(meeting=call.meeting, deadline=deadline)
    call.deadline = deadline
    call.description = description.strip()
    call.save(update_fields=["deadline", "description"])
    return call


# --- Proposing -----------------------------------------------------------------------------------


def _trimmed(**fields) -> dict:
    return {
        name: value.strip() if name in ("title", "description", "gains") else value
        for name, value in fields.items()
    }


def _validate(proposal: Proposal, *, edition_id: int) -> None:
    """The proposal's own field rules (kind, lengths, minutes: on the model), and that its theme
    is one of the edition's, all reported at once."""
    errors: dict[str, list] = {}
    try:
        # Not the related rows (a query each): they come from the caller as objects.
        proposal.full_clean(
            exclude=["call", "proposer", "theme", "decided_by"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if proposal.theme is not None and proposal.theme.edition_id != edition_id:
        errors.setdefault("theme", []).append(_("Choose a theme of this edition."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def submit_proposal(
    *,
    call: ProposalCall,
    proposer: User,
    kind: str,
    theme: Theme | None,
    title: str,
    description: str,
    gains: str,
    duration_minutes: int,
) -> Proposal:
    """A member proposes an idea for the plenary part while the call is open (brings)."""
    call = ProposalCall.objects.select_related("meeting__edition").get(pk=call.pk)
    meeting = call.meeting
    if not _is_member(proposer, meeting.edition_id):
        raise ValidationError(_("Only members of this edition can make a proposal."))
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("This meeting has been cancelled."))
    if not call.is_open:
        raise _deadline_passed(call)
    fields = _trimmed(
        kind=kind,
        theme=theme,
        title=title,
        description=description,
        gains=gains,
        duration_minutes=duration_minutes,
    )
    proposal = Proposal(call=call, proposer=proposer, **fields)
    _validate(proposal, edition_id=meeting.edition_id)
    proposal.save()
    activity.record(
        actor=proposer,
        verb=Verb.PROPOSED,
        edition=meeting.edition,
        target=proposal,
        data={"meeting": meeting.pk, "kind": kind},
    )
    events.proposal_made.send(sender=Proposal, proposal=proposal)
    return proposal


def _locked_own_open_proposal(proposal: Proposal, actor: User) -> Proposal:
    proposal = (
        Proposal.objects.select_for_update()
        .select_related("call__meeting__edition")
        .get(pk=proposal.pk)
    )
    if proposal.proposer_id != actor.pk:
        raise ValidationError(_("Only the person who made this proposal can change it."))
    if proposal.status not in OPEN_STATUSES:
        raise ValidationError(
            _("This proposal can no longer be changed: it is %(status)s.")
            % {"status": proposal.get_status_display().lower()}
        )
    if not proposal.call.is_open:
        raise _deadline_passed(proposal.call)
    return proposal


@transaction.atomic
def update_proposal(
    *,
    proposal: Proposal,
    actor: User,
    kind: str,
    theme: Theme | None,
    title: str,
    description: str,
    gains: str,
    duration_minutes: int,
) -> Proposal:
    """The proposer changes their proposal, until the call's deadline."""
    proposal = _locked_own_open_proposal(proposal, actor)
    fields = _trimmed(
        kind=kind,
        theme=theme,
        title=title,
        description=description,
        gains=gains,
        duration_minutes=duration_minutes,
    )
    for name, value in fields.items():
        setattr(proposal, name, value)
    _validate(proposal, edition_id=proposal.call.meeting.edition_id)
    proposal.save()
    return proposal


@transaction.atomic
def withdraw_proposal(*, proposal: Proposal, actor: User) -> Proposal:
    """The proposer takes their proposal back, until the call's deadline. Its supports and
    comments stay (they are shown again should the facilitators ever look at it)."""
    proposal = _locked_own_open_proposal(proposal, actor)
    proposal.status = ProposalStatus.WITHDRAWN
    proposal.save(update_fields=["status", "updated_at"])
    return proposal


# --- Supporting and commenting -------------------------------------------------------------------


def _locked_for_members(proposal: Proposal, user: User) -> Proposal:
    # The row lock makes two simultaneous clicks of one person queue (and end as one support).
    proposal = (
        Proposal.objects.select_for_update()
        .select_related("call__meeting__edition")
        .get(pk=proposal.pk)
    )
    if not _is_member(user, proposal.call.meeting.edition_id):
        raise ValidationError(_("Only members of this edition can do this."))
    return proposal


def _check_supportable(proposal: Proposal, user: User) -> None:
    if proposal.proposer_id == user.pk:
        raise ValidationError(_("You cannot support your own proposal."))
    if proposal.status not in OPEN_STATUSES:
        raise ValidationError(
            _("The facilitators have decided on this proposal: support can no longer change.")
            if proposal.status != ProposalStatus.WITHDRAWN
            else _("This proposal has been withdrawn.")
        )


@transaction.atomic
def support_proposal(*, proposal: Proposal, user: User) -> Support:
    """Support a proposal (once: supporting again changes nothing). Possible until the
    facilitators decide on it; the first support of a person brings."""
    proposal = _locked_for_members(proposal, user)
    _check_supportable(proposal, user)
    support, created = Support.objects.get_or_create(proposal=proposal, user=user)
    if created:
        already_recorded = ActivityEntry.objects.filter(
            actor=user,
            verb=Verb.SUPPORTED,
            target_type=ContentType.objects.get_for_model(Proposal),
            target_id=str(proposal.pk),
        ).exists()
        if not already_recorded:
            activity.record(
                actor=user,
                verb=Verb.SUPPORTED,
                edition=proposal.call.meeting.edition,
                target=proposal,
                data={"meeting": proposal.call.meeting_id},
            )
        events.proposal_supported.send(sender=Proposal, proposal=proposal, supporter=user)
    return support


@transaction.atomic
def withdraw_support(*, proposal: Proposal, user: User) -> None:
    """Take a support back (the ledger keeps its SUPPORTED row: it is append-only)."""
    proposal = _locked_for_members(proposal, user)
    _check_supportable(proposal, user)
    Support.objects.filter(proposal=proposal, user=user).delete()


@transaction.atomic
def add_comment(*, proposal: Proposal, author: User, text: str) -> Comment:
    """A member comments on a proposal (plain text, at most 2000 characters; brings)."""
    proposal = _locked_for_members(proposal, author)
    if proposal.status == ProposalStatus.WITHDRAWN:
        raise ValidationError(_("This proposal has been withdrawn."))
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write a comment.")})
    if len(text) > MAX_COMMENT:
        raise ValidationError(
            {"text": _("Keep your comment to %(max)s characters.") % {"max": MAX_COMMENT}}
        )
    comment = Comment.objects.create(proposal=proposal, author=author, text=text)
    activity.record(
        actor=author,
        verb=Verb.COMMENTED,
        edition=proposal.call.meeting.edition,
        target=proposal,
        data={"comment": comment.pk},
    )
    events.proposal_commented.send(sender=Comment, comment=comment)
    return comment


# --- The facilitators' decision ------------------------------------------------------------------


def _workshop_times(meeting: Meeting, minutes: int) -> tuple[dt.time, dt.time]:
    """A new plenary workshop starts when the meeting starts (local time) and lasts as long as
    the proposal needs, but not past the end of the meeting's day."""
    start = timezone.localtime(meeting.starts_at)
    end = start + dt.timedelta(minutes=minutes)
    meeting_end = timezone.localtime(meeting.ends_at)
    if meeting_end.date() == start.date():
        end = min(end, meeting_end)
    if end.date() != start.date():
        end = start.replace(hour=23, minute=59)
    return start.time().replace(second=0, microsecond=0), end.time().replace(
        second=0, microsecond=0
    )


def _put_on_programme(proposal: Proposal) -> ProgrammeItem:
    """Make the proposal THE plenary workshop of its meeting's programme."""
    meeting = proposal.call.meeting
    items = ProgrammeItem.objects.select_for_update().filter(
        meeting=meeting, kind=ProgrammeItemKind.PLENARY_WORKSHOP
    )
    # The slot that held the earlier choice, else the first plenary workshop of the day.
    item = items.filter(proposal__call=proposal.call).first() or items.first()
    if item is None:
        starts_at, ends_at = _workshop_times(meeting, proposal.duration_minutes)
        return ProgrammeItem.objects.create(
            meeting=meeting,
            kind=ProgrammeItemKind.PLENARY_WORKSHOP,
            starts_at=starts_at,
            ends_at=ends_at,
            title=proposal.title,
            description=proposal.description,
            proposal=proposal,
        )
    item.title = proposal.title
    item.description = proposal.description
    item.proposal = proposal
    item.save(update_fields=["title", "description", "proposal"])
    return item


def _take_off_programme(proposal: Proposal) -> None:
    """A choice undone: the slot stays on the programme, emptied for the facilitators to fill."""
    with translation.override(settings.LANGUAGE_CODE):
        title = str(ProgrammeItemKind.PLENARY_WORKSHOP.label)
    ProgrammeItem.objects.filter(proposal=proposal).update(
        proposal=None, title=title, description=""
    )
    visitor_cache.content_changed()  # an update sends no model signal


@transaction.atomic
def decide_proposal(*, proposal: Proposal, decision: str, note: str = "", actor: User) -> Proposal:
    """Shortlist, select or decline a proposal, with a note (required to decline).

    Selecting makes it the plenary workshop of the meeting (creating or updating that programme
    item), moves an earlier choice back to the shortlist, gives the meeting the proposal's theme
    when it has none, and records PROPOSAL_SELECTED for the proposer. The proposer is notified
    when their proposal is selected or declined.
    """
    if decision not in DECISIONS:
        raise ValidationError({"decision": _("Choose a decision.")})
    note = note.strip()
    if decision == ProposalStatus.DECLINED and not note:
        raise ValidationError({"note": _("Tell the proposer why: a note is required to decline.")})
    # Lock every proposal of the call: two facilitators selecting at once end with one choice.
    siblings = list(
        Proposal.objects.select_for_update().filter(call_id=proposal.call_id).order_by("pk")
    )
    proposal = Proposal.objects.select_related("call__meeting__edition", "proposer").get(
        pk=proposal.pk
    )
    if proposal.status == ProposalStatus.WITHDRAWN:
        raise ValidationError(_("This proposal has been withdrawn by its proposer."))
    meeting = proposal.call.meeting
    previous = proposal.status
    now = timezone.now()
    if decision == ProposalStatus.SELECTED:
        for other in siblings:
            if other.pk != proposal.pk and other.status == ProposalStatus.SELECTED:
                other.status = ProposalStatus.SHORTLISTED
                other.decided_by, other.decided_at = actor, now
                other.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
        _put_on_programme(proposal)
        if meeting.theme_id is None and proposal.theme_id is not None:
            meeting.theme_id = proposal.theme_id
            meeting.save(update_fields=["theme", "updated_at"])
    elif previous == ProposalStatus.SELECTED:
        _take_off_programme(proposal)
    proposal.status = decision
    proposal.facilitator_note = note
    proposal.decided_by, proposal.decided_at = actor, now
    proposal.full_clean()
    proposal.save(
        update_fields=["status", "facilitator_note", "decided_by", "decided_at", "updated_at"]
    )
    if decision == previous:
        return proposal  # only the note changed: nobody is told twice
    if decision == ProposalStatus.SELECTED:
        activity.record(
            actor=proposal.proposer,  # they brought the plenary workshop
            verb=Verb.PROPOSAL_SELECTED,
            edition=meeting.edition,
            target=proposal,
            data={"meeting": meeting.pk, "decided_by": actor.pk},
        )
    if decision in (ProposalStatus.SELECTED, ProposalStatus.DECLINED):
        events.proposal_decided.send(sender=Proposal, proposal=proposal, decision=decision)
    return proposal
