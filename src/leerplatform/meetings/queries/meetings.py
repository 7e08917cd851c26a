"""Reads of meetings for pages; each costs a fixed number of queries whatever the data size."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from leerplatform.core.shared_reads import shared
from leerplatform.core.statements import InstanceStatement
from leerplatform.editions.models import Edition, Membership
from leerplatform.editions.rules import roles_of
from leerplatform.meetings.models import (
    CalendarFeed,
    Meeting,
    MeetingStatus,
    ProgrammeItem,
    RegistrationStatus,
    meeting_hours,
)
from leerplatform.meetings.queries.registrations import RegistrationRow, registration_rows


@dataclass
class MeetingTimeline:
    """The meetings of an edition for its meetings page, with the next one marked."""

    meetings: list[Meeting]
    next_meeting: Meeting | None = None
    past: list[Meeting] = field(default_factory=list)
    upcoming: list[Meeting] = field(default_factory=list)


def meeting_timeline(*, edition: Edition, with_drafts: bool) -> MeetingTimeline:
    """Published and cancelled meetings (and drafts for those who manage them), in date order.
    The next meeting is the first published one that has not ended. One query."""
    statuses = [MeetingStatus.PUBLISHED, MeetingStatus.CANCELLED]
    if with_drafts:
        statuses.append(MeetingStatus.DRAFT)
    meetings = list(
        Meeting.objects.filter(edition=edition, status__in=statuses).select_related("theme")
    )
    now = timezone.now()
    past = [m for m in meetings if m.ends_at < now]
    upcoming = [m for m in meetings if m.ends_at >= now]
    next_meeting = next((m for m in upcoming if m.status == MeetingStatus.PUBLISHED), None)
    return MeetingTimeline(
        meetings=meetings, next_meeting=next_meeting, past=past, upcoming=upcoming
    )


# Every meeting page loads it first: SQL built once per process (core.statements).
_MEETING_FOR_PAGE = InstanceStatement(
    Meeting, lambda pk: Meeting.objects.filter(pk=pk), related=("edition", "theme")
)


def meeting_for_page(*, pk: int) -> Meeting | None:
    """A meeting with its edition and plenary theme (one query; the same for everyone, kept
    under the content version, `core.shared_reads`: whether this person may see it is decided
    after)."""
    return shared(
        f"meeting:{pk}", lambda: _MEETING_FOR_PAGE.instance(pk), keep=lambda m: m is not None
    )


def load_meeting(pk: int, **other_url_kwargs) -> Meeting:
    """The loader of `permission_required`: the meeting with its edition, or a 404 (one query).
    URLs below a meeting (a registration of it) bring more arguments; the view reads those."""
    meeting = Meeting.objects.select_related("edition").filter(pk=pk).first()
    if meeting is None:
        raise Http404(_("This meeting does not exist."))
    return meeting


@dataclass
class ScheduleItem:
    """A programme item as the day schedule shows it."""

    item: ProgrammeItem
    overlaps: list[ProgrammeItem] = field(default_factory=list)
    outside_meeting: bool = False

    @property
    def duration_minutes(self) -> int:
        start = self.item.starts_at.hour * 60 + self.item.starts_at.minute
        end = self.item.ends_at.hour * 60 + self.item.ends_at.minute
        return end - start


def programme_schedule(*, meeting: Meeting) -> list[ScheduleItem]:
    """The meeting's programme in time order, each item with the items it overlaps and whether
    it falls outside the meeting's hours (after the meeting was moved). One query."""
    items = list(ProgrammeItem.objects.filter(meeting=meeting).select_related("proposal"))
    first, last = meeting_hours(meeting)
    schedule = []
    for item in items:
        overlaps = [
            other
            for other in items
            if other.pk != item.pk
            and other.starts_at < item.ends_at
            and item.starts_at < other.ends_at
        ]
        schedule.append(
            ScheduleItem(
                item=item,
                overlaps=overlaps,
                outside_meeting=item.starts_at < first or item.ends_at > last,
            )
        )
    return schedule


def programme_item_for_page(*, meeting: Meeting, item_pk: int) -> ProgrammeItem | None:
    """One item of this meeting's programme (with its meeting, so services need no query)."""
    item = ProgrammeItem.objects.filter(meeting=meeting, pk=item_pk).first()
    if item is not None:
        item.meeting = meeting
    return item


def calendar_feed_by_token(*, token: str) -> CalendarFeed | None:
    """The subscription with this secret token, with its person (one query)."""
    if not token:
        return None
    return CalendarFeed.objects.select_related("user").filter(token=token).first()


def calendar_feed_meetings(*, user) -> QuerySet[Meeting]:
    """Published and cancelled meetings of every edition the person is an active member of."""
    editions = Membership.objects.active().filter(user=user).values("edition_id")
    return (
        Meeting.objects.filter(
            edition_id__in=editions,
            status__in=[MeetingStatus.PUBLISHED, MeetingStatus.CANCELLED],
        )
        .select_related("edition")
        .order_by("starts_at", "id")
    )


@dataclass
class Attendees:
    """Who is coming (before the day) and who was there (after), as far as the viewer may see."""

    people: list[Attendee]  # registered members, by name
    registered: int
    waitlisted: int
    guests: int
    present: int
    show_names: bool
    is_past: bool

    @property
    def present_percentage(self) -> int:
        return round(100 * self.present / self.registered) if self.registered else 0


class Attendee(NamedTuple):
    """A registered member as the meeting page names them: a link to their profile."""

    pk: int
    name: str


def attendees(*, meeting: Meeting, user, rows: list[RegistrationRow] | None = None) -> Attendees:
    """Counts for everyone who may see the meeting; the names of registered members only for the
    members of its edition and staff (names are what members always show each other). One query,
    none when the caller read the `rows` (`registration_rows`) already."""
    if rows is None:
        rows = registration_rows(meeting)
    # Guests hold a place only once they confirmed their address (`RegistrationRow.counts`).
    holding = [r for r in rows if r.status == RegistrationStatus.REGISTERED and r.counts]
    show_names = user.is_authenticated and (user.is_staff or meeting.edition_id in roles_of(user))
    return Attendees(
        people=[Attendee(r.user_id, r.user_name or "") for r in holding if r.user_id is not None]
        if show_names
        else [],
        registered=len(holding),
        waitlisted=sum(1 for r in rows if r.status == RegistrationStatus.WAITLISTED),
        guests=sum(1 for r in holding if r.user_id is None),
        present=sum(1 for r in holding if r.attended_at),
        show_names=show_names,
        is_past=meeting.is_past,
    )
