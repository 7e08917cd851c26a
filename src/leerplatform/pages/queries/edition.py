"""What the edition's public page (and the home page, and the dashboard) shows of it: its themes,
its meetings split into past, next and later, and its member counts. A fixed number of queries
(none while the content has not changed: core.shared_reads)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils import timezone

from leerplatform.core.shared_reads import shared
from leerplatform.editions.models import Edition
from leerplatform.editions.queries import MemberCounts, member_counts
from leerplatform.meetings.models import Meeting, MeetingKind, MeetingStatus


class OverviewTheme(NamedTuple):
    """A theme of the learning agenda as the overview shows it."""

    pk: int
    title: str
    description: str


class OverviewMeeting(NamedTuple):
    """What the overview's readers need of a published meeting (the timeline, the dashboard's
    cards, focus and "Dit wacht op je"). Immutable, so a kept read is handed out as it is: the
    model instances it replaces cost 75 µs to unpickle on every dashboard (core.version_watch)."""

    pk: int
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    kind: str
    status: str
    venue_name: str
    registration_deadline: dt.datetime | None
    report_deadline: dt.datetime | None
    theme: OverviewTheme | None

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()  # as Meeting.is_past: per request

    @property
    def is_closing(self) -> bool:
        return self.kind == MeetingKind.CLOSING


# The columns of OverviewMeeting before its theme, in its order.
_MEETING_COLUMNS = OverviewMeeting._fields[:-1]


@dataclass
class EditionOverview:
    """Everything the public edition page shows."""

    edition: Edition
    themes: Sequence[OverviewTheme]
    meetings: Sequence[OverviewMeeting]
    counts: MemberCounts
    next_meeting: OverviewMeeting | None = None
    past_meetings: list[OverviewMeeting] = field(default_factory=list)
    later_meetings: list[OverviewMeeting] = field(default_factory=list)

    @property
    def timeline_key(self) -> str:
        """What the meetings' timeline shows beyond the rows (`core.fragments`): which meeting is
        next and which are past, decided per request."""
        past = [meeting.pk for meeting in self.past_meetings]
        next_pk = self.next_meeting.pk if self.next_meeting else None
        return f"{self.edition.pk}|{next_pk}|{past}"


def _edition_rows(
    edition: Edition,
) -> tuple[tuple[OverviewMeeting, ...], tuple[OverviewTheme, ...], MemberCounts]:
    """The rows every viewer of the edition sees alike (three queries), all immutable: its
    published meetings in date order, each with its plenary theme."""
    meetings = tuple(
        OverviewMeeting._make((*row[:-3], None if row[-3] is None else OverviewTheme(*row[-3:])))
        for row in Meeting.objects.filter(edition=edition, status=MeetingStatus.PUBLISHED)
        .order_by("starts_at", "pk")
        .values_list(*_MEETING_COLUMNS, "theme_id", "theme__title", "theme__description")
    )
    themes = tuple(
        OverviewTheme(*row) for row in edition.themes.values_list("pk", "title", "description")
    )
    return meetings, themes, member_counts(edition=edition)


def edition_overview(*, edition: Edition) -> EditionOverview:
    """Themes, meetings split into past / next / later, and member counts of an edition. The rows
    are the same for everyone who may see the edition: read once per content version
    (core.shared_reads) and kept as immutable rows; which meeting is next is decided per
    request."""
    meetings, themes, counts = shared(
        f"edition-overview:{edition.pk}", lambda: _edition_rows(edition)
    )
    now = timezone.now()
    past = [m for m in meetings if m.ends_at < now]
    upcoming = [m for m in meetings if m.ends_at >= now]
    return EditionOverview(
        edition=edition,
        themes=themes,
        meetings=meetings,
        counts=counts,
        next_meeting=upcoming[0] if upcoming else None,
        past_meetings=past,
        later_meetings=upcoming[1:],
    )
