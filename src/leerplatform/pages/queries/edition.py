"""What the edition's public page (and the home page, and the dashboard) shows of it: its themes,
its meetings split into past, next and later, and its member counts. A fixed number of queries
(none while the content has not changed: core.shared_reads)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from leerplatform.core.shared_reads import shared
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

    @property
    def timeline_key(self) -> str:
        """What the meetings' timeline shows beyond the rows (`core.fragments`): which meeting is
        next and which are past, decided per request."""
        past = [meeting.pk for meeting in self.meetings if meeting.is_past]
        next_pk = self.next_meeting.pk if self.next_meeting else None
        return f"{self.edition.pk}|{next_pk}|{past}"


def _edition_rows(edition: Edition) -> tuple[list[Meeting], list[Theme], MemberCounts]:
    """The rows every viewer of the edition sees alike (three queries)."""
    return (
        published_meetings(edition=edition),
        list(edition.themes.all()),
        member_counts(edition=edition),
    )


def edition_overview(*, edition: Edition) -> EditionOverview:
    """Themes, meetings split into past / next / later, and member counts of an edition. The rows
    are the same for everyone who may see the edition: read once per content version
    (core.shared_reads); which meeting is next is decided per request."""
    meetings, themes, counts = shared(
        f"edition-overview:{edition.pk}", lambda: _edition_rows(edition)
    )
    for meeting in meetings:
        meeting.edition = edition  # the caller's edition, not a copy from the cache
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
