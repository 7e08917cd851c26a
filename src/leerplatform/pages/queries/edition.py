"""What the edition's public page (and the home page, and the dashboard) shows of it: its themes,
its meetings split into past, next and later, and its member counts. A fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from leerplatform.editions.models import Edition, Theme
from leerplatform.editions.queries import MemberCounts, member_counts
from leerplatform.meetings.models import Meeting
from leerplatform.meetings.queries.meetings import published_meetings


@dataclass
class EditionOverview:
    """Everything the public edition page shows."""

    edition: Edition
    themes: list[Theme]
    meetings: list[Meeting]
    counts: MemberCounts
    next_meeting: Meeting | None = None
    past_meetings: list[Meeting] = field(default_factory=list)
    later_meetings: list[Meeting] = field(default_factory=list)


def edition_overview(*, edition: Edition) -> EditionOverview:
    """Themes, meetings split into past / next / later, and member counts of an edition."""
    meetings = published_meetings(edition=edition)
    now = timezone.now()
    past = [m for m in meetings if m.ends_at < now]
    upcoming = [m for m in meetings if m.ends_at >= now]
    return EditionOverview(
        edition=edition,
        themes=list(edition.themes.all()),
        meetings=meetings,
        counts=member_counts(edition=edition),
        next_meeting=upcoming[0] if upcoming else None,
        past_meetings=past,
        later_meetings=upcoming[1:],
    )
