"""Reads for registration: the box on the meeting page, the attendance list, the CSV exports.

Each costs a fixed number of queries whatever the number of registrations. Other people's
registrations (names, dietary wishes) are only read for facilitators' pages: the box shows a
person their own registration and, to everyone, nothing but counts.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import rules
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from leerplatform.core.shared_reads import personal, shared
from leerplatform.core.statements import InstanceStatement, Statement, totals
from leerplatform.meetings.forms.registrations import GuestRegistrationForm, RegistrationForm
from leerplatform.meetings.models import (
    HOLDS_PLACE_Q,
    QUEUE_ORDER,
    WAITING_Q,
    Meeting,
    MeetingKind,
    Registration,
    RegistrationStatus,
    can_still_cancel,
    is_registration_open,
    registration_deadline,
)


@dataclass
class PlaceCounts:
    registered: int
    waitlisted: int
    unconfirmed_guests: int
    capacity: int | None

    @property
    def free(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.registered, 0)

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.registered >= self.capacity


@dataclass
class RegistrationBox:
    meeting: Meeting
    counts: PlaceCounts
    deadline: dt.datetime
    is_open: bool
    can_cancel: bool
    can_register: bool  # a member of the edition (permission meetings.register)
    guests_welcome: bool  # the guest form is shown (closing meeting, not a member)
    mine: Registration | None = None
    position: int | None = None
    form: Any = None  # a RegistrationForm, made when the box shows it
    guest_form: GuestRegistrationForm | None = None

    @property
    def is_registered(self) -> bool:
        return self.mine is not None and self.mine.status == RegistrationStatus.REGISTERED

    @property
    def is_waitlisted(self) -> bool:
        return self.mine is not None and self.mine.status == RegistrationStatus.WAITLISTED


def _place_counts_query(meeting_id: int):
    return totals(
        Registration.objects.filter(meeting_id=meeting_id),
        registered=Count("id", filter=HOLDS_PLACE_Q),
        waitlisted=Count("id", filter=WAITING_Q),
        unconfirmed=Count(
            "id",
            filter=Q(user__isnull=True, guest_confirmed_at__isnull=True)
            & ~Q(status=RegistrationStatus.CANCELLED),
        ),
    )


# On every meeting page: SQL built once per process (core.statements).
_PLACE_COUNTS = Statement(_place_counts_query)
_MY_REGISTRATION = InstanceStatement(
    Registration,
    lambda meeting_id, user_id: Registration.objects.filter(
        meeting_id=meeting_id, user_id=user_id
    ).order_by("pk"),
)


class RegistrationRow(NamedTuple):
    """A registration that is not cancelled, as the meeting page counts and names it."""

    status: str
    user_id: int | None  # None for a guest
    user_name: str | None
    guest_confirmed_at: dt.datetime | None
    attended_at: dt.datetime | None

    @property
    def counts(self) -> bool:
        """It takes part in the count (`COUNTS_Q`): a member's, or a guest's who confirmed."""
        return self.user_id is not None or self.guest_confirmed_at is not None


# On every meeting page: SQL built once per process (core.statements). Guests have no user: the
# LEFT JOIN gives them no name, and they sort by their own.
_REGISTRATIONS = Statement(
    lambda meeting_id: (
        Registration.objects.filter(meeting_id=meeting_id)
        .exclude(status=RegistrationStatus.CANCELLED)
        .order_by("user__name", "guest_name", "pk")
        .values_list("status", "user_id", "user__name", "guest_confirmed_at", "attended_at")
    )
)


def registration_rows(meeting: Meeting) -> list[RegistrationRow]:
    """The meeting's registrations that are not cancelled, by name (one query): the meeting page
    counts its places (`place_counts`) and names who comes (`attendees`) from the same rows.
    The rows are the same for everyone (who sees which names is decided by `attendees`): kept
    under the content version (`core.shared_reads`), which every registration bumps."""
    rows = shared(f"registrations:{meeting.pk}", lambda: _REGISTRATIONS.rows(meeting.pk))
    return [RegistrationRow(*row) for row in rows]


def place_counts(*, meeting: Meeting, rows: list[RegistrationRow] | None = None) -> PlaceCounts:
    """Places held, people waiting and guests who have not confirmed yet: one query, or none
    from the `rows` of `registration_rows` (counted as `HOLDS_PLACE_Q` and `WAITING_Q` count)."""
    if rows is None:
        registered, waitlisted, unconfirmed = _PLACE_COUNTS.row(meeting.pk) or (0, 0, 0)
    else:
        registered = sum(r.counts and r.status == RegistrationStatus.REGISTERED for r in rows)
        waitlisted = sum(r.counts and r.status == RegistrationStatus.WAITLISTED for r in rows)
        unconfirmed = sum(not r.counts for r in rows)
    return PlaceCounts(
        registered=registered,
        waitlisted=waitlisted,
        unconfirmed_guests=unconfirmed,
        capacity=meeting.capacity,
    )


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first person waiting; None when `registration` is not waiting."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    ahead = (
        Registration.objects.filter(meeting_id=registration.meeting_id)
        .filter(WAITING_Q)
        .filter(
            Q(registered_at__lt=registration.registered_at)
            | Q(registered_at=registration.registered_at, id__lt=registration.pk)
        )
        .count()
    )
    return ahead + 1


def my_registration(*, meeting: Meeting, user) -> Registration | None:
    """The user's own registration, cancelled ones included (None for visitors)."""
    if not user.is_authenticated:
        return None
    return personal(
        f"registration:{meeting.pk}", user, lambda: _MY_REGISTRATION.instance(meeting.pk, user.pk)
    )


def registration_context(*, meeting, user, rows: list[RegistrationRow] | None = None) -> dict:
    """What the registration box on the meeting page needs, under the key `registration_box`.

    At most four queries: the counts (none when the caller read the `rows` already), the user's
    roles (cached on the user for the request), the user's own registration, and their place on
    the waiting list when they wait."""
    now = timezone.now()
    # The rule itself, not user.has_perm: a superuser "has" every permission, but only members
    # of the edition register (staff who are not members see the guest form on a closing meeting).
    can_register = rules.has_perm("meetings.register", user, meeting)
    box = RegistrationBox(
        meeting=meeting,
        counts=place_counts(meeting=meeting, rows=rows),
        deadline=registration_deadline(meeting),
        is_open=is_registration_open(meeting, now=now),
        can_cancel=can_still_cancel(meeting, now=now),
        can_register=can_register,
        guests_welcome=meeting.kind == MeetingKind.CLOSING and not can_register,
    )
    if can_register:
        box.mine = my_registration(meeting=meeting, user=user)
        box.position = waitlist_position(box.mine) if box.mine else None
        initial = {}
        if box.mine is not None:
            initial = {"dietary_wishes": box.mine.dietary_wishes, "remark": box.mine.remark}
        # Made when the box shows it (only in some states: a form costs 70 µs to make).
        box.form = SimpleLazyObject(
            lambda: RegistrationForm(initial=initial, prefix_id="registration")
        )
    if box.guests_welcome and box.is_open:
        box.guest_form = GuestRegistrationForm(prefix_id="guest")
    return {"registration_box": box}


# --- Attendance ---------------------------------------------------------------------------------


def _folded(text: str) -> str:
    """Lower case without accents: "Çelik" is found by "celik"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@dataclass
class Attendee:
    registration: Registration
    name: str
    organisation: str

    @property
    def is_present(self) -> bool:
        return self.registration.attended_at is not None

    @property
    def is_guest(self) -> bool:
        return self.registration.is_guest


@dataclass
class AttendanceList:
    meeting: Meeting
    attendees: list[Attendee] = field(default_factory=list)  # after the search
    registered: int = 0
    present: int = 0
    search: str = ""


def _organisation(registration: Registration) -> str:
    if registration.user is None:  # a guest
        return registration.guest_organisation
    institution = registration.user.institution
    return institution.name if institution else ""


def _attendee(registration: Registration) -> Attendee:
    return Attendee(
        registration=registration,
        name=registration.display_name,
        organisation=_organisation(registration),
    )


def _place_holders(meeting: Meeting):
    return (
        Registration.objects.filter(meeting=meeting)
        .filter(HOLDS_PLACE_Q)
        .select_related("user__institution")
    )


def attendance_list(*, meeting: Meeting, search: str = "") -> AttendanceList:
    """Everyone holding a place (members and confirmed guests), by name, with the counts of the
    whole list; `search` narrows the people shown (name, organisation), not the counts. One query."""
    attendees = sorted(
        (_attendee(r) for r in _place_holders(meeting)), key=lambda a: _folded(a.name)
    )
    result = AttendanceList(
        meeting=meeting,
        registered=len(attendees),
        present=sum(1 for a in attendees if a.is_present),
        search=search,
    )
    needle = _folded(search.strip())
    result.attendees = [
        a for a in attendees if not needle or needle in _folded(f"{a.name} {a.organisation}")
    ]
    return result


def attendee(*, meeting: Meeting, registration_pk: int) -> Attendee | None:
    """One person of the attendance list (for the row an htmx check-in swaps), or None."""
    registration = _place_holders(meeting).filter(pk=registration_pk).first()
    return _attendee(registration) if registration else None


def attendance_counts(*, meeting: Meeting) -> tuple[int, int]:
    """(present, registered) over everyone holding a place: one query."""
    counts = Registration.objects.filter(meeting=meeting).aggregate(
        registered=Count("id", filter=HOLDS_PLACE_Q),
        present=Count("id", filter=HOLDS_PLACE_Q & Q(attended_at__isnull=False)),
    )
    return counts["present"], counts["registered"]


# --- Exports ------------------------------------------------------------------------------------


def registrations_for_export(*, meeting: Meeting, attendance_only: bool = False) -> list[Attendee]:
    """Registrations for the CSV files: everyone registered, waiting or not yet confirmed (in the
    order they registered), or for the attendance list only those holding a place, by name."""
    if attendance_only:
        return attendance_list(meeting=meeting).attendees
    registrations = (
        Registration.objects.filter(meeting=meeting)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("user__institution")
        .order_by("status", *QUEUE_ORDER)
    )
    return [_attendee(r) for r in registrations]
