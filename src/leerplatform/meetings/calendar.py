"""Calendar files (RFC 5545) for meetings: one meeting, or a person's whole feed.

Times are written in Europe/Amsterdam with a VTIMEZONE, so calendar programs show 09:30 on both
sides of a daylight-saving change.
"""

from __future__ import annotations

from collections.abc import Iterable
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from leerplatform.meetings.models import Meeting, MeetingStatus

PRODID = "-//Leerplatform//Bijeenkomsten//NL"


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def meeting_event(meeting: Meeting, *, url: str = "") -> Event:
    """One VEVENT for `meeting` (cancelled meetings carry STATUS:CANCELLED)."""
    zone = _zone()
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@leerplatform")
    event.add("dtstamp", timezone.now())
    event.add("sequence", meeting.sequence)
    event.add("dtstart", meeting.starts_at.astimezone(zone))
    event.add("dtend", meeting.ends_at.astimezone(zone))
    event.add("summary", meeting.title)
    location = ", ".join(part for part in [meeting.venue_name, meeting.venue_address] if part)
    if location:
        event.add("location", vText(location))
    description = meeting.description
    if url:
        description = f"{description}\n\n{url}".strip()
        event.add("url", url)
    if description:
        event.add("description", description)
    event.add("status", "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED")
    event.add("last-modified", meeting.updated_at)
    return event


def calendar_bytes(
    meetings: Iterable[Meeting], *, name: str, url_for=None, method: str | None = None
) -> bytes:
    """A VCALENDAR with one event per meeting; `url_for(meeting)` gives each event's link."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    if method:
        calendar.add("method", method)
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, url=url_for(meeting) if url_for else ""))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def cancel_bytes(meeting: Meeting, *, organizer: str, attendee: str, url: str = "") -> bytes:
    """A cancellation (iTIP METHOD:CANCEL, RFC 5546) of `meeting` for one attendee: the same UID
    as the confirmations' .ics, the meeting's raised SEQUENCE and STATUS:CANCELLED, so a calendar
    program removes the meeting it imported."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "CANCEL")
    event = meeting_event(meeting, url=url)
    event["status"] = vText("CANCELLED")
    event.add("organizer", vCalAddress(f"mailto:{parseaddr(organizer)[1] or organizer}"))
    event.add("attendee", vCalAddress(f"mailto:{attendee}"))
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
