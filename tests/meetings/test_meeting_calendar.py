"""Meetings keep to the edition's calendar: within its period (or explicitly confirmed), one
closing meeting per edition, check-in on the meeting's day (another day with a reason)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from leerplatform.core.models import ActivityEntry, Verb
from leerplatform.editions.models import Role
from leerplatform.meetings.models import Meeting, MeetingKind, MeetingStatus, Registration
from leerplatform.meetings.services import meetings as services
from leerplatform.meetings.services import registrations as registration_services
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")

# The test edition runs from 1 May 2019 to 31 May 2020 (tests.factories.make_edition).
OUTSIDE = (
    "Deze datum valt buiten de looptijd van de editie (1 mei 2019 tot en met 31 mei 2020). Kies "
    "een datum binnen de looptijd of vink ‘Toch opslaan buiten de looptijd’ aan."
)


def at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=AMSTERDAM)


def create(edition, facilitator, day: dt.date, **fields) -> Meeting:
    return services.create_meeting(
        edition=edition,
        actor=facilitator,
        title=fields.pop("title", "Bijeenkomst"),
        starts_at=at(day, 10),
        ends_at=at(day, 16),
        **fields,
    )


def form_data(**changes) -> dict:
    data = {
        "title": "Extra bijeenkomst",
        "date": "2027-03-04",
        "start_time": "09:30",
        "end_time": "16:30",
        "kind": "regular",
        "status": "draft",
    }
    return data | changes


def create_url(edition) -> str:
    return reverse("meetings:create", kwargs={"slug": edition.slug})


# --- The edition's period ------------------------------------------------------------------------


@pytest.mark.parametrize("day", [dt.date(2019, 4, 30), dt.date(2020, 6, 1), dt.date(2027, 3, 4)])
def test_a_meeting_outside_the_period_is_refused_without_confirmation(edition, facilitator, day):
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        create(edition, facilitator, day)
    assert refused.value.message_dict == {"starts_at": [OUTSIDE]}
    assert refused.value.error_dict["starts_at"][0].code == "outside_period"
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("day", [dt.date(2019, 5, 1), dt.date(2020, 5, 31)])
def test_the_first_and_last_day_of_the_edition_are_within_it(edition, facilitator, day):
    assert create(edition, facilitator, day).pk


def test_confirmed_a_meeting_outside_the_period_is_saved(edition, facilitator):
    meeting = create(edition, facilitator, dt.date(2027, 3, 4), outside_period_confirmed=True)
    assert meeting.starts_at == at(dt.date(2027, 3, 4), 10)


def test_the_form_shows_the_dutch_message_beside_the_date_and_offers_the_confirmation(
    edition, facilitator
):
    client = client_for(facilitator)
    blank = client.get(create_url(edition)).content.decode()
    assert 'name="outside_period_confirmed"' not in blank  # only asked when it matters
    assert "De editie loopt van 1 mei 2019 tot en met 31 mei 2020." in blank

    refused = client.post(create_url(edition), form_data())
    assert refused.status_code == 200
    assert refused.context["form"].errors["date"] == [OUTSIDE]
    html = refused.content.decode()
    assert 'id="id_date_error"' in html
    assert OUTSIDE in html
    assert 'name="outside_period_confirmed"' in html
    assert "Toch opslaan buiten de looptijd" in html
    assert not Meeting.objects.exists()

    saved = client.post(create_url(edition), form_data(outside_period_confirmed="on"))
    assert saved.status_code == 302
    assert Meeting.objects.get().title == "Extra bijeenkomst"


def test_correcting_the_date_saves_without_confirmation(edition, facilitator):
    response = client_for(facilitator).post(create_url(edition), form_data(date="2020-03-05"))
    assert response.status_code == 302


def test_editing_a_meeting_outside_the_period_asks_only_when_its_times_change(edition, facilitator):
    meeting = create(edition, facilitator, dt.date(2020, 9, 3), outside_period_confirmed=True)
    services.update_meeting(meeting=meeting, actor=facilitator, title="Reünie")  # no question

    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        services.update_meeting(
            meeting=meeting,
            actor=facilitator,
            starts_at=at(dt.date(2020, 9, 4), 10),
            ends_at=at(dt.date(2020, 9, 4), 16),
        )
    assert refused.value.message_dict == {"starts_at": [OUTSIDE]}

    url = reverse("meetings:edit", kwargs={"pk": meeting.pk})
    client = client_for(facilitator)
    kept = client.post(url, form_data(title="Reünie!", date="2020-09-03", start_time="10:00",
                                      end_time="16:00"))  # fmt: skip
    assert kept.status_code == 302
    moved = client.post(url, form_data(date="2027-01-01"))
    assert moved.context["form"].errors["date"] == [OUTSIDE]


# --- One closing meeting -------------------------------------------------------------------------


def test_a_second_closing_meeting_is_refused_with_a_dutch_message(edition, facilitator):
    create(edition, facilitator, dt.date(2020, 5, 14), kind=MeetingKind.CLOSING, title="Slot")
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        create(edition, facilitator, dt.date(2020, 5, 20), kind=MeetingKind.CLOSING)
    assert refused.value.message_dict == {
        "kind": [
            "Deze editie heeft al een slotbijeenkomst: ‘Slot’ op 14 mei 2020. Maak hier een "
            "gewone bijeenkomst van, of annuleer eerst de andere slotbijeenkomst."
        ]
    }
    assert Meeting.objects.filter(kind=MeetingKind.CLOSING).count() == 1


def test_making_a_regular_meeting_the_second_closing_meeting_is_refused(edition, facilitator):
    create(edition, facilitator, dt.date(2020, 5, 14), kind=MeetingKind.CLOSING, title="Slot")
    regular = create(edition, facilitator, dt.date(2020, 2, 6))
    with pytest.raises(ValidationError) as refused:
        services.update_meeting(meeting=regular, actor=facilitator, kind=MeetingKind.CLOSING)
    assert refused.value.error_dict["kind"][0].code == "second_closing"
    assert Meeting.objects.get(pk=regular.pk).kind == MeetingKind.REGULAR


def test_the_form_shows_the_second_closing_meeting_beside_the_kind(edition, facilitator):
    create(edition, facilitator, dt.date(2020, 5, 14), kind=MeetingKind.CLOSING, title="Slot")
    response = client_for(facilitator).post(
        create_url(edition), form_data(date="2020-05-20", kind="closing")
    )
    assert response.status_code == 200
    assert "Deze editie heeft al een slotbijeenkomst" in response.context["form"].errors["kind"][0]
    assert 'id="id_kind_error"' in response.content.decode()


def test_a_cancelled_closing_meeting_makes_way_for_a_new_one(edition, facilitator):
    old = create(edition, facilitator, dt.date(2020, 5, 14), kind=MeetingKind.CLOSING)
    services.update_meeting(meeting=old, actor=facilitator, status=MeetingStatus.CANCELLED)
    assert create(edition, facilitator, dt.date(2020, 5, 28), kind=MeetingKind.CLOSING).pk
    # …and the cancelled one cannot come back beside it.
    with pytest.raises(ValidationError):
        services.update_meeting(meeting=old, actor=facilitator, status=MeetingStatus.PUBLISHED)


def test_other_editions_have_their_own_closing_meeting(edition, facilitator):
    other = factories.make_edition()
    create(edition, facilitator, dt.date(2020, 5, 14), kind=MeetingKind.CLOSING)
    assert create(other, facilitator, dt.date(2020, 5, 14), kind=MeetingKind.CLOSING).pk


def test_the_database_keeps_one_closing_meeting_per_edition(edition):
    factories.make_meeting(edition, day=dt.date(2020, 5, 14), kind=MeetingKind.CLOSING)
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.make_meeting(edition, day=dt.date(2020, 5, 15), kind=MeetingKind.CLOSING)


def test_two_closing_meetings_saved_at_once_one_is_told_why(edition, facilitator, monkeypatch):
    """Both pass the check at the same moment; the database keeps one, the other gets the
    message (not a 500)."""
    create(edition, facilitator, dt.date(2020, 5, 14), kind=MeetingKind.CLOSING, title="Slot")
    checked = []
    real = services.other_closing_meeting

    def not_yet(meeting):
        # The check sees nothing (the other transaction has not committed yet); the message
        # afterwards finds it.
        if not checked:
            checked.append(meeting)
            return None
        return real(meeting)

    monkeypatch.setattr(services, "other_closing_meeting", not_yet)
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        create(edition, facilitator, dt.date(2020, 5, 20), kind=MeetingKind.CLOSING)
    assert refused.value.message_dict["kind"][0].startswith("Deze editie heeft al een slot")
    assert Meeting.objects.filter(kind=MeetingKind.CLOSING).count() == 1


# --- Check-in on the meeting's day ---------------------------------------------------------------


def today_at(hour: int) -> dt.datetime:
    return dt.datetime.combine(timezone.localdate(), dt.time(hour), tzinfo=AMSTERDAM)


@pytest.fixture
def registration(edition):
    """Bert holds a place at a meeting that is today."""
    meeting = factories.make_meeting(edition, day=timezone.localdate())
    bert = factories.make_member(edition, role=Role.PARTICIPANT, name="Bert")
    return Registration.objects.create(meeting=meeting, user=bert)


def move(meeting, days: int) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=meeting.starts_at + dt.timedelta(days=days),
        ends_at=meeting.ends_at + dt.timedelta(days=days),
    )
    meeting.refresh_from_db()


def not_the_day(meeting) -> str:
    day = meeting.starts_at.astimezone(AMSTERDAM).date()
    months = (
        "januari februari maart april mei juni juli augustus september oktober november december"
    )
    return (
        f"Inchecken doe je op de dag van de bijeenkomst ({day.day} {months.split()[day.month - 1]} "
        f"{day.year}). Wil je iemand op een andere dag inchecken, geef dan een reden op."
    )


def test_on_the_meeting_s_day_check_in_needs_no_reason(registration, facilitator):
    registration_services.set_attendance(registration=registration, present=True, actor=facilitator)
    registration.refresh_from_db()
    assert registration.attended_at is not None
    assert registration.check_in_reason == ""


@pytest.mark.parametrize("days", [3, -2])
def test_on_another_day_check_in_without_a_reason_is_refused_in_dutch(
    registration, facilitator, days
):
    move(registration.meeting, days)
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        registration_services.set_attendance(
            registration=registration, present=True, actor=facilitator
        )
    assert refused.value.message_dict == {"reason": [not_the_day(registration.meeting)]}
    registration.refresh_from_db()
    assert registration.attended_at is None
    assert not ActivityEntry.objects.filter(verb=Verb.ATTENDED).exists()


def test_with_a_reason_the_override_is_recorded_on_the_row_and_in_the_ledger(
    registration, facilitator
):
    move(registration.meeting, -2)
    registration_services.set_attendance(
        registration=registration, present=True, actor=facilitator, reason="  Lijst achteraf  "
    )
    registration.refresh_from_db()
    assert registration.attended_at is not None
    assert registration.check_in_reason == "Lijst achteraf"
    entry = ActivityEntry.objects.get(verb=Verb.ATTENDED)
    assert entry.data["reason"] == "Lijst achteraf"
    # Undoing is possible any day, and takes the reason away with the check-in.
    registration_services.set_attendance(
        registration=registration, present=False, actor=facilitator
    )
    registration.refresh_from_db()
    assert (registration.attended_at, registration.check_in_reason) == (None, "")


def check_in_url(registration) -> str:
    return reverse(
        "meetings:check_in",
        kwargs={"pk": registration.meeting_id, "registration_pk": registration.pk},
    )


def test_the_attendance_page_asks_for_a_reason_on_another_day(registration, facilitator):
    url = reverse("meetings:attendance", kwargs={"pk": registration.meeting_id})
    client = client_for(facilitator)
    assert 'id="check-in-reason"' not in client.get(url).content.decode()
    move(registration.meeting, 5)
    html = client.get(url).content.decode()
    assert 'id="check-in-reason"' in html
    assert 'hx-include="#check-in-reason"' in html
    assert "Vandaag is niet de dag van de bijeenkomst" in html


def test_without_javascript_a_missing_reason_leads_to_the_reason_page(registration, facilitator):
    move(registration.meeting, 5)
    client = client_for(facilitator)

    asked = client.post(check_in_url(registration), {"present": "1", "q": "be"})
    assert asked.status_code == 200
    assert "meetings/check_in_reason.html" in [t.name for t in asked.templates]
    html = asked.content.decode()
    assert not_the_day(registration.meeting) in html
    assert 'aria-invalid="true"' in html
    registration.refresh_from_db()
    assert registration.attended_at is None

    done = client.post(check_in_url(registration), {"present": "1", "reason": "Vergeten"})
    assert done.status_code == 302
    registration.refresh_from_db()
    assert registration.check_in_reason == "Vergeten"


def test_with_htmx_a_missing_reason_sends_the_browser_to_the_reason_page(registration, facilitator):
    move(registration.meeting, 5)
    response = client_for(facilitator).post(
        check_in_url(registration), {"present": "1"}, headers={"HX-Request": "true"}
    )
    assert response["HX-Redirect"] == check_in_url(registration)
    with_reason = client_for(facilitator).post(
        check_in_url(registration),
        {"present": "1", "reason": "Te laat gemeld"},
        headers={"HX-Request": "true"},
    )
    assert with_reason.status_code == 200
    assert "attendee--present" in with_reason.content.decode()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("visitor", 302),
        ("outsider", 403),
        ("participant", 403),
        ("ex_member", 403),
        ("facilitator", 200),
        ("staff", 200),
    ],
)
def test_who_may_open_the_reason_page(registration, facilitator, participant, staff, who, status):
    ex_member = factories.make_member(registration.meeting.edition, name="Eva Ex")
    ex_member.memberships.update(left_at=timezone.now())
    users = {
        "visitor": None,
        "outsider": factories.make_user(),
        "participant": participant,
        "ex_member": ex_member,
        "facilitator": facilitator,
        "staff": staff,
    }
    assert client_for(users[who]).get(check_in_url(registration)).status_code == status


def test_the_reason_page_costs_a_fixed_number_of_queries(
    registration, facilitator, django_assert_max_num_queries
):
    client = client_for(facilitator)
    client.get(check_in_url(registration))  # warm the session and caches
    with django_assert_max_num_queries(12):
        assert client.get(check_in_url(registration)).status_code == 200
