"""Calendars: one meeting as an .ics file, and a person's secret subscription address."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from leerplatform.core.links import absolute_reverse
from leerplatform.meetings.calendar import calendar_bytes
from leerplatform.meetings.queries import meetings as queries
from leerplatform.meetings.services import meetings as meeting_services
from leerplatform.meetings.views.meetings import denied, meeting_or_404

CONTENT_TYPE = "text/calendar; charset=utf-8"


def _meeting_url(meeting) -> str:
    return absolute_reverse("meetings:detail", pk=meeting.pk)


@require_GET
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """One meeting as a calendar file, for anyone who may see the meeting."""
    meeting = meeting_or_404(request, pk)
    # Asked here, like the meeting's page: a published meeting is public, and a visitor asking
    # for a draft is sent to log in first (not a 403), which permission_required cannot say.
    if not request.user.has_perm("meetings.view_meeting", meeting):
        return denied(request)
    body = calendar_bytes([meeting], name=meeting.title, url_for=_meeting_url)
    filename = f"{meeting.starts_at:%Y-%m-%d}-{slugify(meeting.title)[:60] or 'bijeenkomst'}.ics"
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def subscription_urls(token: str) -> dict[str, str]:
    """The feed's https (or http in development) address and the same as webcal://."""
    url = absolute_reverse("meetings:calendar_feed", token=token)
    return {"https": url, "webcal": "webcal://" + url.split("://", 1)[1]}


@login_required
@require_http_methods(["GET", "POST"])
def calendar_settings(request: HttpRequest) -> HttpResponse:
    """The person's subscription address; POST makes a new one and revokes the old."""
    if request.method == "POST":
        meeting_services.renew_calendar_feed(user=request.user)
        messages.success(
            request,
            _("Your calendar has a new address. The old address no longer works."),
        )
        return redirect("meetings:calendar_settings")
    feed = meeting_services.calendar_feed_for(user=request.user)
    return render(
        request,
        "meetings/calendar_settings.html",
        {"feed": feed, "urls": subscription_urls(feed.token)},
    )


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The meetings of every edition the person takes part in; the token is the key."""
    feed = queries.calendar_feed_by_token(token=token)
    if feed is None or not feed.user.is_active:
        raise Http404(_("This calendar address does not exist (any more)."))
    meetings = queries.calendar_feed_meetings(user=feed.user)
    body = calendar_bytes(meetings, name=_("Leerplatform meetings"), url_for=_meeting_url)
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = 'inline; filename="leerplatform.ics"'
    # A personal, secret address: no shared caches, no search engines.
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response
