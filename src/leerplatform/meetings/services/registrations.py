"""Registering for meetings: members and (closing meeting) guests, the waiting list, attendance.

The capacity rule, in one sentence: a place is held by every REGISTERED member and every
REGISTERED guest who confirmed their address; when places are held by `capacity` people, the next
person joins the waiting list. Every function that counts places first locks the Meeting row
(`SELECT ... FOR UPDATE`; on SQLite the IMMEDIATE transaction already serialises writers), so two
people taking the last place at once are counted one after the other and only one gets it.

Guests count once confirmed: an unconfirmed guest row (REGISTERED, `guest_confirmed_at` empty) holds
no place and has no place in the queue; confirming is the moment a guest registers, so it is
checked against the deadline and the capacity then, and `registered_at` is set to that moment.

Emails follow from the events in `meetings.events`: the receivers in `meetings.tasks` queue them
after the transaction commits (a rolled-back registration mails nobody).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from leerplatform.core import activity
from leerplatform.core.models import Verb
from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Membership
from leerplatform.meetings import events
from leerplatform.meetings.attendance import has_attended
from leerplatform.meetings.models import (
    HOLDS_PLACE_Q,
    QUEUE_ORDER,
    WAITING_Q,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Registration,
    RegistrationStatus,
    can_still_cancel,
    new_token,
    registration_deadline,
)

# Guests are not members: ledger rows about them name nobody (actor empty) and are seen by nobody
# (group visibility without a group), like the invitation rows; they still count in overviews.
GUEST_VISIBILITY = Visibility.GROUP

# What a person writes with their registration (the model's fields say how long it may be).
DETAIL_FIELDS = ("dietary_wishes", "remark")


class RegistrationClosed(ValidationError):
    """The meeting takes no registrations (any more): cancelled, not published, past the deadline."""


class NotRegistered(ValidationError):
    """There is no active registration to change."""


@dataclass
class GuestOutcome:
    registration: Registration
    resent: bool  # the address was already registered: the link was sent again


# --- Rules about the meeting ----------------------------------------------------------------


def _check_open(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CANCELLED:
        raise RegistrationClosed(_("This meeting has been cancelled."), code="cancelled")
    if meeting.status != MeetingStatus.PUBLISHED:
        raise RegistrationClosed(_("This meeting is not open for registration."), code="draft")
    if timezone.now() >= registration_deadline(meeting):
        raise RegistrationClosed(_("The registration deadline has passed."), code="deadline")


def _locked_meeting(meeting: Meeting) -> Meeting:
    """The meeting row, locked until the transaction ends: counting places happens one at a time."""
    return Meeting.objects.select_for_update().select_related("edition").get(pk=meeting.pk)


def places_taken(meeting: Meeting) -> int:
    return meeting.registrations.filter(HOLDS_PLACE_Q).count()


def _has_free_place(meeting: Meeting) -> bool:
    return meeting.capacity is None or places_taken(meeting) < meeting.capacity


def _email(registration: Registration, kind: str) -> None:
    """Tell the receivers (the confirmation email, after the commit)."""
    events.registration_changed.send(sender=Registration, registration=registration, kind=kind)


def _record(registration: Registration, verb: str, *, actor=None, data: dict | None = None):
    """One ledger row about a registration; the target is the meeting (what people went to)."""
    meeting = registration.meeting
    details = {"registration": registration.pk, **(data or {})}
    if registration.is_guest:
        return activity.record(
            actor=None,
            verb=verb,
            edition=meeting.edition,
            target=meeting,
            visibility=GUEST_VISIBILITY,
            data={"guest": True, **details},
        )
    return activity.record(
        actor=actor or registration.user,
        verb=verb,
        edition=meeting.edition,
        target=meeting,
        visibility=Visibility.PLATFORM,
        data=details,
    )


def _take_place_or_queue(registration: Registration, *, now: dt.datetime) -> None:
    """Give `registration` a place when one is free, else put it at the end of the queue."""
    meeting = registration.meeting
    # Anyone already waiting goes first: fill the free places before counting for the newcomer.
    _promote_waiting(meeting)
    registration.status = (
        RegistrationStatus.REGISTERED if _has_free_place(meeting) else RegistrationStatus.WAITLISTED
    )
    registration.registered_at = now
    registration.cancelled_at = None
    registration.promoted_at = None


# --- Members ---------------------------------------------------------------------------------


def _check_member(meeting: Meeting, user) -> None:
    if not Membership.objects.active().filter(edition_id=meeting.edition_id, user=user).exists():
        raise ValidationError(
            _("Only members of this edition can register for its meetings."), code="not_member"
        )


def _clean_details(dietary_wishes: str, remark: str) -> tuple[str, str]:
    """The two free texts, trimmed, within the lengths of their fields (one message for both)."""
    dietary_wishes, remark = (dietary_wishes or "").strip(), (remark or "").strip()
    others = [f.name for f in Registration._meta.fields if f.name not in DETAIL_FIELDS]
    try:
        Registration(dietary_wishes=dietary_wishes, remark=remark).clean_fields(exclude=others)
    except ValidationError:
        raise ValidationError(
            _("The dietary wishes or the remark are too long."), code="too_long"
        ) from None
    return dietary_wishes, remark


@transaction.atomic
def register_for_meeting(
    *, meeting: Meeting, user, dietary_wishes: str = "", remark: str = ""
) -> Registration:
    """Register `user` (an active member of the meeting's edition), or put them on the waiting
    list when the meeting is full. Registering again while registered or waiting only updates
    the dietary wishes and the remark; after cancelling it reuses the same row."""
    dietary_wishes, remark = _clean_details(dietary_wishes, remark)
    meeting = _locked_meeting(meeting)
    _check_open(meeting)
    _check_member(meeting, user)
    registration = (
        Registration.objects.select_for_update().filter(meeting=meeting, user=user).first()
    )
    if registration is not None and registration.status != RegistrationStatus.CANCELLED:
        registration.dietary_wishes, registration.remark = dietary_wishes, remark
        registration.save(update_fields=["dietary_wishes", "remark"])
        return registration
    if registration is None:
        registration = Registration(meeting=meeting, user=user)
    registration.meeting = meeting
    registration.dietary_wishes, registration.remark = dietary_wishes, remark
    registration.attended_at, registration.checked_in_by = None, None
    _take_place_or_queue(registration, now=timezone.now())
    registration.save()
    _record(registration, Verb.REGISTERED, data={"status": registration.status})
    _email(registration, registration.status)
    return registration


@transaction.atomic
def unregister_from_meeting(*, meeting: Meeting, user) -> Registration:
    """Cancel `user`'s registration (or their place on the waiting list); a freed place goes to
    the first person waiting."""
    meeting = _locked_meeting(meeting)
    registration = (
        Registration.objects.select_for_update()
        .filter(meeting=meeting, user=user)
        .exclude(status=RegistrationStatus.CANCELLED)
        .first()
    )
    if registration is None:
        raise NotRegistered(_("You are not registered for this meeting."), code="not_registered")
    if not can_still_cancel(meeting):
        raise RegistrationClosed(
            _("This meeting has already started; ask a facilitator."), code="started"
        )
    _cancel(registration)
    return registration


def _cancel(registration: Registration) -> None:
    was_holding_place = registration.status == RegistrationStatus.REGISTERED
    previous = registration.status
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    if not registration.is_guest or registration.guest_confirmed_at is not None:
        _record(registration, Verb.UNREGISTERED, data={"previous_status": previous})
    if was_holding_place:
        _promote_waiting(registration.meeting)


# --- The waiting list -------------------------------------------------------------------------


def _promote_waiting(meeting: Meeting) -> list[Registration]:
    """Give free places to the people waiting longest (the meeting row is locked by the caller)."""
    if meeting.status != MeetingStatus.PUBLISHED or meeting.starts_at <= timezone.now():
        return []
    if meeting.capacity is None:
        free = None
    else:
        free = meeting.capacity - places_taken(meeting)
        if free <= 0:
            return []
    waiting = meeting.registrations.filter(WAITING_Q).order_by(*QUEUE_ORDER).select_for_update()
    promoted = list(waiting if free is None else waiting[:free])
    now = timezone.now()
    for registration in promoted:
        registration.meeting = meeting
        registration.status = RegistrationStatus.REGISTERED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at"])
        _record(registration, Verb.PROMOTED_FROM_WAITLIST)
        _email(registration, "promoted")
    return promoted


@transaction.atomic
def fill_free_places(meeting: Meeting) -> list[Registration]:
    """Promote people from the waiting list into the places that are free (after a cancellation,
    or when a facilitator raised the capacity), each with a ledger row and an email. Returns the
    promoted registrations."""
    return _promote_waiting(_locked_meeting(meeting))


def move_latest_to_waitlist(meeting: Meeting, *, actor=None) -> list[Registration]:
    """The capacity went below the places taken and the facilitator chose to move: the latest
    registrations beyond the capacity go to the waiting list, each with a ledger row and an email.
    They keep their moment of registration, so they wait before everyone who registered after
    them. People already checked in keep their place. The caller holds the meeting row locked."""
    if meeting.capacity is None:
        return []
    surplus = places_taken(meeting) - meeting.capacity
    if surplus <= 0:
        return []
    latest = (
        meeting.registrations.filter(HOLDS_PLACE_Q, attended_at__isnull=True)
        .order_by("-registered_at", "-id")
        .select_for_update()
    )
    moved = list(latest[:surplus])
    for registration in moved:
        registration.meeting = meeting
        registration.status = RegistrationStatus.WAITLISTED
        registration.promoted_at = None
        registration.save(update_fields=["status", "promoted_at"])
        _record(registration, Verb.WAITLISTED, data={"moved_by": getattr(actor, "pk", None)})
        _email(registration, "moved")
    return moved


# --- Guests (closing meeting) -----------------------------------------------------------------


def _check_guests_welcome(meeting: Meeting) -> None:
    if meeting.kind != MeetingKind.CLOSING:
        raise RegistrationClosed(_("Only the closing meeting is open to guests."), code="regular")


@transaction.atomic
def register_guest(
    *,
    meeting: Meeting,
    name: str,
    email: str,
    organisation: str,
    dietary_wishes: str = "",
    remark: str = "",
) -> GuestOutcome:
    """A visitor from the field registers for the closing meeting and gets an email with a link to
    confirm (and one to cancel). Until they confirm they hold no place. The same address again:
    the links are sent again (and the details updated while not yet confirmed)."""
    email = (email or "").strip().lower()
    validate_email(email)
    name, organisation = (name or "").strip(), (organisation or "").strip()
    if not name:
        raise ValidationError(_("Please give your name."), code="name")
    dietary_wishes, remark = _clean_details(dietary_wishes, remark)
    meeting = _locked_meeting(meeting)
    _check_guests_welcome(meeting)
    _check_open(meeting)
    registration = (
        Registration.objects.select_for_update()
        .filter(meeting=meeting, user__isnull=True, guest_email__iexact=email)
        .first()
    )
    if registration is not None and registration.status != RegistrationStatus.CANCELLED:
        if registration.guest_confirmed_at is None:
            registration.guest_name, registration.guest_organisation = name, organisation
            registration.dietary_wishes, registration.remark = dietary_wishes, remark
            registration.save(
                update_fields=["guest_name", "guest_organisation", "dietary_wishes", "remark"]
            )
        events.guest_link_requested.send(sender=Registration, registration=registration)
        return GuestOutcome(registration=registration, resent=True)
    if registration is None:
        registration = Registration(meeting=meeting, guest_email=email)
    else:  # cancelled before: start afresh, with a new link (the old one stops working)
        registration.token = new_token()
    registration.guest_name, registration.guest_organisation = name, organisation
    registration.dietary_wishes, registration.remark = dietary_wishes, remark
    registration.status = RegistrationStatus.REGISTERED
    registration.guest_confirmed_at = None
    registration.registered_at = timezone.now()
    registration.cancelled_at = registration.promoted_at = None
    registration.attended_at, registration.checked_in_by = None, None
    registration.full_clean(validate_unique=False, validate_constraints=False)
    registration.save()
    events.guest_link_requested.send(sender=Registration, registration=registration)
    return GuestOutcome(registration=registration, resent=False)


def _guest_by_token(token: str) -> Registration:
    """The guest registration behind a link, locked (raises Registration.DoesNotExist)."""
    return (
        Registration.objects.select_for_update()
        .select_related("meeting__edition")
        .get(token=token, user__isnull=True)
    )


@transaction.atomic
def confirm_guest(*, token: str) -> Registration:
    """The guest confirms their address: from now on they hold a place, or wait for one."""
    registration = _guest_by_token(token)
    if registration.status == RegistrationStatus.CANCELLED:
        raise NotRegistered(_("This registration has been cancelled."), code="cancelled")
    if registration.guest_confirmed_at is not None:
        return registration  # a second click changes nothing
    meeting = _locked_meeting(registration.meeting)
    registration.meeting = meeting
    _check_open(meeting)
    now = timezone.now()
    _take_place_or_queue(registration, now=now)
    registration.guest_confirmed_at = now
    registration.save()
    _record(registration, Verb.REGISTERED, data={"status": registration.status})
    _email(registration, registration.status)
    return registration


@transaction.atomic
def cancel_guest(*, token: str) -> Registration:
    """The guest cancels by the link in their email; a freed place goes to the first waiting."""
    registration = _guest_by_token(token)
    if registration.status == RegistrationStatus.CANCELLED:
        return registration
    meeting = _locked_meeting(registration.meeting)
    registration.meeting = meeting
    if not can_still_cancel(meeting):
        raise RegistrationClosed(_("This meeting has already started."), code="started")
    _cancel(registration)
    return registration


# --- Attendance --------------------------------------------------------------------------------


def not_meeting_day_message(meeting: Meeting) -> str:
    return _(
        "Checking in is for the day of the meeting (%(date)s). To check someone in on another "
        "day, give a reason."
    ) % {"date": date_format(meeting.local_days()[0], "DATE_FORMAT")}


@transaction.atomic
def set_attendance(
    *, registration: Registration, present: bool, actor, reason: str = ""
) -> Registration:
    """Check a registered person in (present) or undo it. Asking for the state (not toggling)
    makes a double tap harmless.

    Checking in is for the meeting's day (Dutch time); on another day (someone forgotten, a
    list filled in afterwards) it needs a `reason`, kept on the registration
    (`check_in_reason`) and in the ATTENDED ledger row. Else ValidationError on `reason`, code
    "not_meeting_day". Undoing a check-in is possible any day.

    A member's first check-in records ATTENDED (taking part) in the ledger, once per meeting.
    Undoing clears `attended_at` but records nothing and deletes nothing: the ledger is
    append-only, and a mistaken tap undone at once is not worth a correcting row; the balance
    reads the ledger, the attendance figures read `attended_at`."""
    registration = (
        Registration.objects.select_for_update(of=("self",))  # the user join is an outer join
        .select_related("meeting__edition", "user")
        .get(pk=registration.pk)
    )
    holds_place = registration.status == RegistrationStatus.REGISTERED and (
        not registration.is_guest or registration.guest_confirmed_at is not None
    )
    if not holds_place:
        raise NotRegistered(_("Only registered people can be checked in."), code="not_registered")
    reason = (reason or "").strip()[:300]
    if (
        present
        and registration.attended_at is None
        and not registration.meeting.is_on_meeting_day()
    ):
        if not reason:
            raise ValidationError(
                {"reason": not_meeting_day_message(registration.meeting)}, code="not_meeting_day"
            )
    else:
        reason = ""
    if present and registration.attended_at is None:
        # Asked before the check-in is saved: then only the ledger can say they attended (a
        # check-in undone earlier), and ATTENDED is recorded once per meeting.
        first_time = not registration.is_guest and not has_attended(
            user=registration.user, meeting=registration.meeting
        )
        registration.attended_at = timezone.now()
        registration.checked_in_by = actor if getattr(actor, "is_authenticated", False) else None
        registration.check_in_reason = reason
        registration.save(update_fields=["attended_at", "checked_in_by", "check_in_reason"])
        if first_time:
            _record(registration, Verb.ATTENDED, data={"reason": reason} if reason else None)
    elif not present and registration.attended_at is not None:
        registration.attended_at = None
        registration.checked_in_by = None
        registration.check_in_reason = ""
        registration.save(update_fields=["attended_at", "checked_in_by", "check_in_reason"])
    return registration
