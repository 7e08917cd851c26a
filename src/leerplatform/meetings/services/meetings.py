"""Creating and changing meetings, and a person's calendar subscription address."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from leerplatform.core import activity
from leerplatform.core.models import Verb
from leerplatform.editions.models import Edition, Theme
from leerplatform.meetings import events
from leerplatform.meetings.models import (
    CalendarFeed,
    Meeting,
    MeetingKind,
    MeetingStatus,
    new_token,
)
from leerplatform.meetings.services.registrations import (
    fill_free_places,
    move_latest_to_waitlist,
    places_taken,
)

MEETING_FIELDS = (
    "title",
    "starts_at",
    "ends_at",
    "kind",
    "theme",
    "venue_name",
    "venue_address",
    "venue_directions",
    "description",
    "capacity",
    "registration_deadline",
    "status",
)

# The fields a calendar program shows: changing one raises the meeting's calendar SEQUENCE.
CALENDAR_FIELDS = ("title", "starts_at", "ends_at", "venue_name", "venue_address", "status")


class Overbooking(models.TextChoices):
    """What to do when the capacity is lowered below the number of people holding a place."""

    KEEP = "keep", _("Keep everyone: the meeting is overbooked")
    MOVE = "move", _("Move the latest registrations to the waiting list")


STATUS_VERBS: dict[str, Verb] = {
    MeetingStatus.PUBLISHED: Verb.MEETING_PUBLISHED,
    MeetingStatus.CANCELLED: Verb.MEETING_CANCELLED,
}


def _validate(meeting: Meeting) -> None:
    """The meeting's own field rules (`Meeting.clean` and the fields), and that its theme is one
    of its edition's, all reported at once."""
    errors: dict[str, list] = {}
    try:
        # Not the edition and the theme (a query each): they come from the caller as objects.
        meeting.full_clean(
            exclude=["edition", "theme"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if meeting.theme is not None and meeting.theme.edition_id != meeting.edition_id:
        errors.setdefault("theme", []).append(_("Choose a theme of this edition."))
    if errors:
        raise ValidationError(errors)


# --- The edition's calendar -----------------------------------------------------------------------

# A meeting outside the edition's period is saved only when the facilitator confirms it: an
# edition sometimes meets once before it starts (a kick-off) or after it ends (a reunion), and
# history is entered afterwards; a refusal would push those meetings out of the platform.


def _day(day: dt.date) -> str:
    return date_format(day, "DATE_FORMAT")


def outside_period_message(edition: Edition) -> str:
    return _(
        "This date is outside the edition's period (%(start)s to %(end)s). Choose a date within "
        "it, or tick “Save outside the period anyway”."
    ) % {"start": _day(edition.starts_on), "end": _day(edition.ends_on)}


def is_within_period(meeting: Meeting) -> bool:
    """Whether the meeting's days (Dutch time) lie within its edition's first and last day."""
    first, last = meeting.local_days()
    edition = meeting.edition
    return edition.includes_day(first) and edition.includes_day(last)


def other_closing_meeting(meeting: Meeting) -> Meeting | None:
    """The edition's closing meeting (not cancelled) other than `meeting`, if there is one."""
    others = Meeting.objects.filter(edition_id=meeting.edition_id, kind=MeetingKind.CLOSING)
    if meeting.pk is not None:
        others = others.exclude(pk=meeting.pk)
    return others.exclude(status=MeetingStatus.CANCELLED).first()


def second_closing_message(other: Meeting | None) -> str:
    if other is None:
        return _("This edition already has a closing meeting.")
    return _(
        "This edition already has a closing meeting: “%(title)s” on %(date)s. Make this a "
        "regular meeting, or cancel the other closing meeting first."
    ) % {"title": other.title, "date": _day(other.local_days()[0])}


def _check_calendar(meeting: Meeting, *, check_period: bool, outside_period_confirmed: bool):
    """The edition's calendar: within its period (or confirmed), one closing meeting."""
    errors: dict[str, list] = {}
    if check_period and not outside_period_confirmed and not is_within_period(meeting):
        errors["starts_at"] = [
            ValidationError(outside_period_message(meeting.edition), code="outside_period")
        ]
    if meeting.kind == MeetingKind.CLOSING and meeting.status != MeetingStatus.CANCELLED:
        other = other_closing_meeting(meeting)
        if other is not None:
            errors["kind"] = [ValidationError(second_closing_message(other), code="second_closing")]
    if errors:
        raise ValidationError(errors)


def _save(meeting: Meeting) -> None:
    """Save; two facilitators making a closing meeting at the same moment: the database keeps
    one (`one_closing_meeting_per_edition`), the other is told why."""
    try:
        with transaction.atomic():
            meeting.save()
    except IntegrityError as error:
        if meeting.kind != MeetingKind.CLOSING:
            raise
        message = second_closing_message(other_closing_meeting(meeting))
        raise ValidationError(
            {"kind": [ValidationError(message, code="second_closing")]}
        ) from error


def record_status_change(*, meeting: Meeting, previous_status: str | None, actor) -> None:
    """Write the ledger row for a meeting that became published or cancelled (call in a
    transaction). Going back to draft, or staying in the same status, records nothing."""
    if meeting.status == previous_status:
        return
    verb = STATUS_VERBS.get(meeting.status)
    if verb is None:
        return
    activity.record(
        actor=actor,
        verb=verb,
        edition=meeting.edition,
        target=meeting,
        data={"from": previous_status or "", "starts_at": meeting.starts_at.isoformat()},
    )


@transaction.atomic
def create_meeting(
    *,
    edition: Edition,
    actor,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    kind: str = MeetingKind.REGULAR,
    theme: Theme | None = None,
    venue_name: str = "",
    venue_address: str = "",
    venue_directions: str = "",
    description: str = "",
    capacity: int | None = None,
    registration_deadline: dt.datetime | None = None,
    status: str = MeetingStatus.DRAFT,
    outside_period_confirmed: bool = False,
) -> Meeting:
    """A new meeting of `edition`; published or cancelled right away is recorded as such.

    The edition's calendar: a meeting outside the edition's period needs
    `outside_period_confirmed` (else ValidationError on `starts_at`, code "outside_period"); an
    edition has one closing meeting (ValidationError on `kind`, code "second_closing")."""
    meeting = Meeting(
        edition=edition,
        title=(title or "").strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        kind=kind,
        theme=theme,
        venue_name=venue_name,
        venue_address=venue_address,
        venue_directions=venue_directions,
        description=description,
        capacity=capacity,
        registration_deadline=registration_deadline,
        status=status,
    )
    _validate(meeting)
    _check_calendar(meeting, check_period=True, outside_period_confirmed=outside_period_confirmed)
    _save(meeting)
    record_status_change(meeting=meeting, previous_status=None, actor=actor)
    return meeting


def overbooked_message(*, holding: int, capacity: int) -> str:
    return _(
        "%(holding)s people hold a place, more than the new capacity of %(capacity)s. Choose "
        "below whether to keep all of them (the meeting is then overbooked) or to move the "
        "%(moved)s latest registrations to the waiting list. The people moved get an email."
    ) % {"holding": holding, "capacity": capacity, "moved": holding - capacity}


def _check_overbooking(meeting: Meeting, *, previous_capacity: int | None, overbooking: str):
    """A lower capacity than the places taken needs the facilitator's choice (ValidationError on
    `capacity`, code "overbooked", until `overbooking` is "keep" or "move")."""
    if meeting.status == MeetingStatus.CANCELLED or meeting.capacity is None:
        return  # a cancelled meeting has no places to share out
    if previous_capacity is not None and meeting.capacity >= previous_capacity:
        return
    holding = places_taken(meeting)
    if holding <= meeting.capacity or overbooking in Overbooking.values:
        return
    message = overbooked_message(holding=holding, capacity=meeting.capacity)
    raise ValidationError({"capacity": [ValidationError(message, code="overbooked")]})


@transaction.atomic
def update_meeting(
    *,
    meeting: Meeting,
    actor,
    outside_period_confirmed: bool = False,
    overbooking: str = "",
    **changes,
) -> Meeting:
    """Change the given fields of `meeting` (any of MEETING_FIELDS); a move to published or
    cancelled is recorded in the ledger. The calendar rules of `create_meeting` hold; the
    period is asked only when the times change (a meeting saved outside the period once keeps
    being editable).

    Lowering the capacity below the number of people holding a place needs `overbooking`
    (`Overbooking`): keep them all, or move the latest registrations to the waiting list (each
    emailed); without it ValidationError on `capacity`, code "overbooked". Cancelling the meeting
    sends `events.meeting_cancelled`: everyone registered or waiting is emailed."""
    unknown = set(changes) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"update_meeting() got unknown fields: {', '.join(sorted(unknown))}")
    # Lock the row: two facilitators publishing at once record one publication.
    locked = (
        Meeting.objects.select_for_update(of=("self",)).select_related("edition").get(pk=meeting.pk)
    )
    previous_status = locked.status
    previous_capacity = locked.capacity
    previous_times = (locked.starts_at, locked.ends_at)
    previous_calendar = [getattr(locked, name) for name in CALENDAR_FIELDS]
    for name, value in changes.items():
        setattr(locked, name, value.strip() if name == "title" and value else value)
    _validate(locked)
    _check_calendar(
        locked,
        check_period=(locked.starts_at, locked.ends_at) != previous_times,
        outside_period_confirmed=outside_period_confirmed,
    )
    _check_overbooking(locked, previous_capacity=previous_capacity, overbooking=overbooking)
    if [getattr(locked, name) for name in CALENDAR_FIELDS] != previous_calendar:
        locked.sequence += 1
    _save(locked)
    record_status_change(meeting=locked, previous_status=previous_status, actor=actor)
    if locked.status == MeetingStatus.CANCELLED and previous_status != MeetingStatus.CANCELLED:
        events.meeting_cancelled.send(sender=Meeting, meeting=locked, actor=actor)
    if overbooking == Overbooking.MOVE and locked.status != MeetingStatus.CANCELLED:
        move_latest_to_waitlist(locked, actor=actor)
    if (
        locked.status == MeetingStatus.PUBLISHED
        and previous_status != MeetingStatus.PUBLISHED
        and locked.programme.exists()
    ):
        # Published with its programme: the programme is published too.
        events.programme_changed.send(sender=Meeting, meeting=locked, actor=actor)
    if previous_capacity is not None and (
        locked.capacity is None or locked.capacity > previous_capacity
    ):
        # More places: the waiting list moves up at once.
        fill_free_places(locked)
    return locked


# --- Calendar subscription -----------------------------------------------------------------------


@transaction.atomic
def calendar_feed_for(*, user) -> CalendarFeed:
    """The person's calendar subscription, made on first use."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def renew_calendar_feed(*, user) -> CalendarFeed:
    """A new secret address for the person's calendar; the old address stops working at once."""
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
    if not created:
        feed.token = new_token()
        feed.save(update_fields=["token"])
    return feed
