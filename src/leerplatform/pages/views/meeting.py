"""A meeting's page: the meeting and its programme, with the boxes other apps add to it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from leerplatform.core import fragments
from leerplatform.core.shared_reads import shared
from leerplatform.meetings.queries.meetings import attendees, programme_schedule
from leerplatform.meetings.queries.registrations import registration_context, registration_rows
from leerplatform.meetings.views.meetings import denied, meeting_or_404
from leerplatform.pages.queries.meeting import (
    meeting_proposals_context,
    meeting_public_context,
    meeting_reports_context,
)


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A meeting's page: for everyone once published (the closing meeting has guests), drafts
    for its facilitators."""
    meeting = meeting_or_404(request, pk)
    # Asked here, not declared: a meeting of an unpublished edition is a 404 to whoever may not
    # see the edition (meeting_or_404 needs the user), and a visitor asking for a draft is sent to
    # log in first (not a 403); permission_required can say neither.
    if not request.user.has_perm("meetings.view_meeting", meeting):
        return denied(request)
    # Counted for the registration box and named for "who comes" from one read.
    registrations = registration_rows(meeting)
    registration = registration_context(meeting=meeting, user=request.user, rows=registrations)
    context = {
        **registration,
        **meeting_public_context(
            meeting=meeting, user=request.user, registration_box=registration["registration_box"]
        ),
        **meeting_proposals_context(meeting=meeting, user=request.user),
        **meeting_reports_context(meeting=meeting, user=request.user),
        "edition": meeting.edition,
        "meeting": meeting,
        # The same for everyone who may see the meeting: read once per content version, and
        # only when the page's "meeting-programme" fragment is not in the cache.
        "schedule": fragments.lazy(
            lambda: shared(
                f"meeting-programme:{meeting.pk}", lambda: programme_schedule(meeting=meeting)
            )
        ),
        "attendees": attendees(meeting=meeting, user=request.user, rows=registrations),
    }
    return render(request, "meetings/meeting_detail.html", context)
