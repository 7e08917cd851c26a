"""Loose ends of issue 18: cancelling a meeting tells everyone registered (with a calendar file
that removes it), and lowering the capacity below the places taken asks the facilitator first."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from leerplatform.core import queue
from leerplatform.core.models import ActivityEntry, Verb
from leerplatform.editions.models import Role
from leerplatform.meetings import tasks
from leerplatform.meetings.forms.meetings import MeetingForm
from leerplatform.meetings.models import (
    Meeting,
    MeetingKind,
    MeetingStatus,
    Registration,
    RegistrationStatus,
)
from leerplatform.meetings.queries.registrations import waitlist_position
from leerplatform.meetings.services import meetings as meeting_services
from leerplatform.meetings.services import registrations as services
from leerplatform.meetings.services.meetings import Overbooking
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def upcoming(edition, *, days: int = 14, kind: str = MeetingKind.REGULAR, **fields) -> Meeting:
    day = (timezone.localtime() + dt.timedelta(days=days)).date()
    return factories.make_meeting(edition, day=day, kind=kind, **fields)


def member(edition, name: str):
    return factories.make_member(edition, role=Role.PARTICIPANT, name=name)


def ics_of(message) -> tuple[Calendar, str]:
    (attachment,) = [a for a in message.attachments if a[0].endswith(".ics")]
    _filename, content, mimetype = attachment
    return Calendar.from_ical(content), mimetype


def cancel(meeting, actor):
    return meeting_services.update_meeting(
        meeting=meeting, actor=actor, status=MeetingStatus.CANCELLED
    )


# --- Cancelling ---------------------------------------------------------------------------------


@pytest.fixture
def closing_day(edition, on_commit):
    """A closing meeting with one place: Anna holds it, Bram waits, a guest confirmed and waits,
    Cas cancelled, a guest never confirmed. The confirmations' calendar files are kept."""
    meeting = upcoming(edition, days=40, kind=MeetingKind.CLOSING, capacity=1)
    people = {name: member(edition, name) for name in ("Anna", "Bram", "Cas")}
    with on_commit():
        for name in ("Anna", "Bram", "Cas"):
            services.register_for_meeting(meeting=meeting, user=people[name])
        services.unregister_from_meeting(meeting=meeting, user=people["Cas"])
        guest = services.register_guest(
            meeting=meeting, name="Gast Eén", email="gast@example.net", organisation="Gemeente"
        ).registration
        services.confirm_guest(token=guest.token)
        services.register_guest(
            meeting=meeting, name="Gast Twee", email="stil@example.net", organisation=""
        )
    confirmations = {m.to[0]: ics_of(m)[0] for m in mail.outbox if m.attachments}
    mail.outbox.clear()
    return meeting, people, confirmations


def test_cancelling_emails_everyone_holding_or_waiting_for_a_place_with_a_cancel_ics(
    closing_day, facilitator, on_commit
):
    meeting, people, confirmations = closing_day
    with on_commit():
        cancel(meeting, facilitator)
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted(
        [people["Anna"].email, people["Bram"].email, "gast@example.net"]
    )  # not Cas (cancelled), not the unconfirmed guest
    for message in mail.outbox:
        assert meeting.title in message.subject
        calendar, mimetype = ics_of(message)
        assert mimetype == "text/calendar; method=CANCEL"
        assert str(calendar["METHOD"]) == "CANCEL"
        (event,) = calendar.walk("VEVENT")
        (confirmed,) = confirmations[message.to[0]].walk("VEVENT")
        assert str(event["UID"]) == str(confirmed["UID"])
        assert int(event["SEQUENCE"]) > int(confirmed["SEQUENCE"])
        assert str(event["STATUS"]) == "CANCELLED"
        assert str(event["ATTENDEE"]) == f"mailto:{message.to[0]}"
        assert str(event["ORGANIZER"]).startswith("mailto:")


def test_the_waiting_are_told_they_were_waiting(closing_day, facilitator, on_commit):
    meeting, people, _confirmations = closing_day
    with on_commit(), translation.override("en"):
        cancel(meeting, facilitator)
    bram = next(m for m in mail.outbox if m.to == [people["Bram"].email])
    anna = next(m for m in mail.outbox if m.to == [people["Anna"].email])
    # Each mail is in its reader's language: the platform's (Dutch) for both.
    assert "wachtlijst" in bram.body and "wachtlijst" not in anna.body
    assert reverse("meetings:detail", kwargs={"pk": meeting.pk}) in anna.body


def test_a_retried_cancellation_task_does_not_mail_twice(closing_day):
    meeting, people, _confirmations = closing_day
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.CANCELLED)
    anna = Registration.objects.get(meeting=meeting, user=people["Anna"])
    token = queue.current_task_id.set("task-cancel-1")
    try:
        assert tasks.send_cancellation_email.call(registration_id=anna.pk) is True
        assert tasks.send_cancellation_email.call(registration_id=anna.pk) is True  # a retry
    finally:
        queue.current_task_id.reset(token)
    assert len(mail.outbox) == 1


def test_one_task_is_queued_per_registration_and_none_when_saved_again(
    closing_day, facilitator, monkeypatch, on_commit
):
    meeting, _people, _confirmations = closing_day
    queued = []
    monkeypatch.setattr(
        tasks, "enqueue_on_commit", lambda task, **kwargs: queued.append((task, kwargs))
    )
    with on_commit():
        cancel(meeting, facilitator)
    ids = sorted(kwargs["registration_id"] for _task, kwargs in queued)
    assert len(ids) == len(set(ids)) == 3
    assert {task for task, _kwargs in queued} == {tasks.send_cancellation_email}
    queued.clear()
    with on_commit():
        meeting_services.update_meeting(meeting=meeting, actor=facilitator, title="Anders")
        cancel(meeting, facilitator)  # already cancelled: nobody is told again
    assert queued == []


def test_a_rolled_back_cancellation_mails_nobody(closing_day, facilitator, on_commit):
    meeting, _people, _confirmations = closing_day
    with on_commit(), pytest.raises(RuntimeError), transaction.atomic():
        cancel(meeting, facilitator)
        raise RuntimeError
    assert mail.outbox == []


def test_a_meeting_published_again_before_the_task_ran_is_not_cancelled_by_email(closing_day):
    meeting, people, _confirmations = closing_day
    anna = Registration.objects.get(meeting=meeting, user=people["Anna"])
    assert tasks.send_cancellation_email.call(registration_id=anna.pk) is False
    assert mail.outbox == []


def test_the_facilitator_cancels_on_the_edit_page_and_everyone_is_mailed(
    closing_day, facilitator, on_commit
):
    meeting, _people, _confirmations = closing_day
    data = form_data(meeting, status=MeetingStatus.CANCELLED)
    with on_commit():
        response = client_for(facilitator).post(edit_url(meeting), data)
    assert response.status_code == 302
    assert len(mail.outbox) == 3


def test_the_calendar_sequence_rises_with_what_a_calendar_shows(meeting, facilitator):
    assert meeting.sequence == 0
    meeting = meeting_services.update_meeting(
        meeting=meeting, actor=facilitator, description="Meer uitleg."
    )
    assert meeting.sequence == 0
    meeting = meeting_services.update_meeting(
        meeting=meeting, actor=facilitator, venue_name="Ergens anders"
    )
    assert meeting.sequence == 1


@pytest.fixture
def meeting(edition):
    return upcoming(edition, title="Tweede bijeenkomst", venue_name="Hogeschool Utrecht")


# --- Lowering the capacity ----------------------------------------------------------------------


@pytest.fixture
def four(meeting, edition):
    """Four people hold a place at a meeting of 10, in the order Anna, Bram, Cas, Dirk; Eva waits
    at a meeting that is full... once the capacity drops."""
    meeting.capacity = 10
    meeting.save()
    people = {name: member(edition, name) for name in ("Anna", "Bram", "Cas", "Dirk")}
    for name in ("Anna", "Bram", "Cas", "Dirk"):
        services.register_for_meeting(meeting=meeting, user=people[name])
    return people


def statuses(meeting) -> dict[str, str]:
    rows = Registration.objects.filter(meeting=meeting).select_related("user")
    return {r.user.name: r.status for r in rows}


def test_lowering_the_capacity_below_the_places_taken_asks_first(meeting, four, facilitator):
    with pytest.raises(ValidationError) as caught:
        meeting_services.update_meeting(meeting=meeting, actor=facilitator, capacity=2)
    (error,) = caught.value.error_dict["capacity"]
    assert error.code == "overbooked"
    meeting.refresh_from_db()
    assert meeting.capacity == 10
    assert set(statuses(meeting).values()) == {RegistrationStatus.REGISTERED}


def test_lowering_to_exactly_the_places_taken_or_raising_asks_nothing(meeting, four, facilitator):
    meeting_services.update_meeting(meeting=meeting, actor=facilitator, capacity=4)
    meeting_services.update_meeting(meeting=meeting, actor=facilitator, capacity=None)
    meeting_services.update_meeting(meeting=meeting, actor=facilitator, capacity=4)
    assert set(statuses(meeting).values()) == {RegistrationStatus.REGISTERED}


def test_cancelling_with_a_lower_capacity_asks_nothing_and_moves_nobody(
    meeting, four, facilitator, on_commit
):
    with on_commit():
        meeting_services.update_meeting(
            meeting=meeting,
            actor=facilitator,
            capacity=1,
            status=MeetingStatus.CANCELLED,
            overbooking=Overbooking.MOVE,
        )
    assert set(statuses(meeting).values()) == {RegistrationStatus.REGISTERED}
    assert len(mail.outbox) == 4  # the cancellation, to all four; no "moved" emails
    assert all("method=CANCEL" in ics_of(m)[1] for m in mail.outbox)


def test_keeping_the_overbooking_changes_nobody_and_mails_nobody(
    meeting, four, facilitator, on_commit
):
    with on_commit():
        meeting_services.update_meeting(
            meeting=meeting, actor=facilitator, capacity=2, overbooking=Overbooking.KEEP
        )
    meeting.refresh_from_db()
    assert meeting.capacity == 2
    assert set(statuses(meeting).values()) == {RegistrationStatus.REGISTERED}
    assert mail.outbox == []


def test_moving_puts_the_latest_at_the_head_of_the_waiting_list_with_ledger_and_email(
    meeting, four, edition, facilitator, on_commit
):
    eva = member(edition, "Eva")
    meeting_services.update_meeting(
        meeting=meeting, actor=facilitator, capacity=4, overbooking=Overbooking.KEEP
    )
    services.register_for_meeting(meeting=meeting, user=eva)  # full: Eva waits
    with on_commit():
        meeting_services.update_meeting(
            meeting=meeting, actor=facilitator, capacity=2, overbooking=Overbooking.MOVE
        )
    assert statuses(meeting) == {
        "Anna": RegistrationStatus.REGISTERED,
        "Bram": RegistrationStatus.REGISTERED,
        "Cas": RegistrationStatus.WAITLISTED,
        "Dirk": RegistrationStatus.WAITLISTED,
        "Eva": RegistrationStatus.WAITLISTED,
    }
    positions = {
        name: waitlist_position(Registration.objects.get(meeting=meeting, user=four[name]))
        for name in ("Cas", "Dirk")
    }
    assert positions == {"Cas": 1, "Dirk": 2}  # they registered before Eva
    moved_rows = ActivityEntry.objects.filter(verb=Verb.WAITLISTED)
    assert sorted(e.actor.name for e in moved_rows) == ["Cas", "Dirk"]
    assert sorted(m.to[0] for m in mail.outbox) == sorted([four["Cas"].email, four["Dirk"].email])
    assert all(meeting.title in m.subject for m in mail.outbox)


def test_people_already_checked_in_keep_their_place(meeting, four, facilitator):
    Registration.objects.filter(user=four["Dirk"]).update(attended_at=timezone.now())
    meeting_services.update_meeting(
        meeting=meeting, actor=facilitator, capacity=3, overbooking=Overbooking.MOVE
    )
    assert statuses(meeting)["Dirk"] == RegistrationStatus.REGISTERED
    assert statuses(meeting)["Cas"] == RegistrationStatus.WAITLISTED


def test_moved_email_in_english_says_why(meeting, four, facilitator, on_commit):
    four["Dirk"].language = "en"  # emails go in the reader's own language
    four["Dirk"].save(update_fields=["language"])
    with on_commit():
        meeting_services.update_meeting(
            meeting=meeting, actor=facilitator, capacity=3, overbooking=Overbooking.MOVE
        )
    (message,) = mail.outbox
    assert message.to == [four["Dirk"].email]
    assert "moved to the waiting list" in message.body


# --- The edit page: the question as a form step ---------------------------------------------------


def edit_url(meeting) -> str:
    return reverse("meetings:edit", kwargs={"pk": meeting.pk})


def form_data(meeting, **changes) -> dict:
    initial = MeetingForm.initial_for(meeting)
    data = {
        key: (value.isoformat() if hasattr(value, "isoformat") else value)
        for key, value in initial.items()
        if value is not None
    }
    for key in ("start_time", "end_time", "deadline_time"):
        if key in data:
            data[key] = data[key][:5]
    data.update(changes)
    return data


def test_the_edit_page_asks_with_an_explanation_and_two_choices(
    meeting, four, facilitator, on_commit
):
    client = client_for(facilitator)
    response = client.post(edit_url(meeting), form_data(meeting, capacity=2))
    assert response.status_code == 200
    html = response.content.decode()
    assert len(re.findall(r'<input type="radio" name="overbooking"', html)) == 2
    assert 'value="keep"' in html and 'value="move"' in html
    assert re.search(r"\b4\b.*\b2\b", response.context["form"].errors["capacity"][0])
    meeting.refresh_from_db()
    assert meeting.capacity == 10

    with on_commit():
        response = client.post(
            edit_url(meeting), form_data(meeting, capacity=2, overbooking="move")
        )
    assert response.status_code == 302
    assert statuses(meeting)["Dirk"] == RegistrationStatus.WAITLISTED
    assert len(mail.outbox) == 2


@pytest.mark.parametrize("bad", ["both", "", "<script>", "1" * 500])
def test_a_bad_choice_reshows_the_form_without_a_500(meeting, four, facilitator, bad):
    response = client_for(facilitator).post(
        edit_url(meeting), form_data(meeting, capacity=2, overbooking=bad)
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    meeting.refresh_from_db()
    assert meeting.capacity == 10


def test_the_question_is_not_shown_on_a_normal_edit(meeting, four, facilitator):
    html = client_for(facilitator).get(edit_url(meeting)).content.decode()
    assert 'name="overbooking"' not in html
    response = client_for(facilitator).post(edit_url(meeting), form_data(meeting, capacity=12))
    assert response.status_code == 302
