"""Calendars: an .ics per meeting and a personal, revocable subscription feed; DST-proof times."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from leerplatform.editions.models import Membership, Role
from leerplatform.meetings.models import CalendarFeed, MeetingStatus
from tests import factories

pytestmark = pytest.mark.django_db


def events(body: bytes) -> dict[str, object]:
    """SUMMARY -> VEVENT of a calendar file."""
    calendar = Calendar.from_ical(body)
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def feed_url(user) -> str:
    feed, _ = CalendarFeed.objects.get_or_create(user=user)
    return reverse("meetings:calendar_feed", kwargs={"token": feed.token})


# --- One meeting ---------------------------------------------------------------------------------


def test_a_meeting_downloads_as_an_ics_file(edition, as_user):
    meeting = factories.make_meeting(
        edition,
        title="Tweede bijeenkomst",
        venue_name="Het Netwerk",
        venue_address="Proeflaan 12, Amersfoort",
    )
    response = as_user(None).get(reverse("meetings:ics", kwargs={"pk": meeting.pk}))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="2019-10-10-tweede-bijeenkomst.ics"'
    )
    body = response.content.decode()
    assert "BEGIN:VTIMEZONE" in body and "TZID:Europe/Amsterdam" in body
    assert "DTSTART;TZID=Europe/Amsterdam:20191010T093000" in body
    assert "DTEND;TZID=Europe/Amsterdam:20191010T163000" in body
    event = events(response.content)["Tweede bijeenkomst"]
    assert str(event["LOCATION"]) == "Het Netwerk, Proeflaan 12, Amersfoort"
    assert str(event["URL"]) == "http://testserver" + reverse(
        "meetings:detail", kwargs={"pk": meeting.pk}
    )
    assert str(event["STATUS"]) == "CONFIRMED"


def test_a_draft_meeting_has_no_ics_for_participants(edition, participant, facilitator, as_user):
    draft = factories.make_meeting(edition, status=MeetingStatus.DRAFT)
    url = reverse("meetings:ics", kwargs={"pk": draft.pk})
    assert as_user(participant).get(url).status_code == 403
    assert as_user(None).get(url).status_code == 302
    assert as_user(facilitator).get(url).status_code == 200


# --- Daylight saving time ------------------------------------------------------------------------


def test_meetings_in_march_and_november_stay_at_half_past_nine_in_amsterdam(
    edition, participant, as_user
):
    factories.make_meeting(edition, title="Maart", day=dt.date(2020, 3, 30))  # CEST, UTC+2
    factories.make_meeting(edition, title="November", day=dt.date(2019, 11, 4))  # CET, UTC+1

    response = as_user(None).get(feed_url(participant))

    body = response.content.decode()
    assert "DTSTART;TZID=Europe/Amsterdam:20200330T093000" in body
    assert "DTSTART;TZID=Europe/Amsterdam:20191104T093000" in body
    parsed = events(response.content)
    march = parsed["Maart"].decoded("DTSTART")
    november = parsed["November"].decoded("DTSTART")
    assert march.astimezone(dt.UTC) == dt.datetime(2020, 3, 30, 7, 30, tzinfo=dt.UTC)
    assert november.astimezone(dt.UTC) == dt.datetime(2019, 11, 4, 8, 30, tzinfo=dt.UTC)
    assert parsed["Maart"].decoded("DTEND").astimezone(dt.UTC).hour == 14  # 16:30 CEST


# --- The personal feed ---------------------------------------------------------------------------


def test_the_feed_has_the_meetings_of_my_editions_cancelled_ones_marked(
    edition, participant, as_user
):
    factories.make_meeting(edition, title="Gepubliceerd")
    factories.make_meeting(edition, title="Afgelast", status=MeetingStatus.CANCELLED)
    factories.make_meeting(edition, title="Concept", status=MeetingStatus.DRAFT)
    other = factories.make_edition()
    factories.make_meeting(other, title="Andere editie")
    left = factories.make_edition()
    factories.make_meeting(left, title="Verlaten editie")
    Membership.objects.create(
        user=participant, edition=left, role=Role.PARTICIPANT, left_at=timezone.now()
    )

    response = as_user(None).get(feed_url(participant))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "private" in response["Cache-Control"]
    parsed = events(response.content)
    assert set(parsed) == {"Gepubliceerd", "Afgelast"}
    assert str(parsed["Afgelast"]["STATUS"]) == "CANCELLED"
    assert str(parsed["Gepubliceerd"]["STATUS"]) == "CONFIRMED"


def test_the_settings_page_makes_the_feed_and_shows_its_addresses(participant, as_user):
    response = as_user(participant).get(reverse("meetings:calendar_settings"))

    feed = CalendarFeed.objects.get(user=participant)
    path = reverse("meetings:calendar_feed", kwargs={"token": feed.token})
    html = response.content.decode()
    assert f'value="http://testserver{path}"' in html
    assert f'href="webcal://testserver{path}"' in html
    as_user(participant).get(reverse("meetings:calendar_settings"))
    assert CalendarFeed.objects.filter(user=participant).count() == 1


def test_a_new_address_revokes_the_old_one(edition, participant, as_user):
    factories.make_meeting(edition)
    old = feed_url(participant)
    assert as_user(None).get(old).status_code == 200

    response = as_user(participant).post(reverse("meetings:calendar_settings"))

    assert response.status_code == 302
    assert as_user(None).get(old).status_code == 404
    assert as_user(None).get(feed_url(participant)).status_code == 200
    assert feed_url(participant) != old


def test_an_unknown_token_is_a_404(db, as_user):
    assert (
        as_user(None)
        .get(reverse("meetings:calendar_feed", kwargs={"token": "raden-helpt-niet"}))
        .status_code
        == 404
    )


def test_a_deactivated_account_has_no_feed(participant, as_user):
    url = feed_url(participant)
    participant.is_active = False
    participant.save()
    assert as_user(None).get(url).status_code == 404


def test_the_feed_costs_a_fixed_number_of_queries(
    edition, participant, as_user, django_assert_max_num_queries
):
    for n in range(30):
        factories.make_meeting(edition, day=dt.date(2019, 6, 1) + dt.timedelta(days=n))
    url, client = feed_url(participant), as_user(None)
    with django_assert_max_num_queries(2):  # the feed with its person, the meetings
        assert client.get(url).status_code == 200


def test_the_profile_links_to_the_calendar_subscription(participant, as_user):
    html = as_user(participant).get(reverse("accounts:profile")).content.decode()
    assert reverse("meetings:calendar_settings") in html
