"""Reads of meetings for pages."""

from __future__ import annotations

from leerplatform.meetings.models import Meeting, MeetingStatus


def published_meetings(*, edition) -> list[Meeting]:
    """The edition's published meetings in date order, with the plenary theme."""
    return list(
        Meeting.objects.filter(edition=edition, status=MeetingStatus.PUBLISHED).select_related(
            "theme"
        )
    )
