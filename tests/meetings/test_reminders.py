"""Reminders some days before a meeting: to registered people only, within the window, once."""

from __future__ import annotations

import datetime as dt
import threading
import time
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from leerplatform.meetings.models import (
    MeetingStatus,
    Registration,
    RegistrationStatus,
)
from leerplatform.meetings.services import reminders
from leerplatform.meetings.tasks import send_meeting_reminder
from tests import factories

pytestmark = pytest.mark.django_db
BASE = "https://leerplatform.example.org"


@pytest.fixture(autouse=True)
def site_url(settings):
    """The reminders' links are made from SITE_URL."""
    settings.SITE_URL = BASE


@pytest.fixture(autouse=True)
def _three_days(settings):
    settings.MEETING_REMINDER_DAYS = 3


def meeting_in(edition, days: float, **fields):
    start = timezone.now() + dt.timedelta(days=days)
    meeting = factories.make_meeting(edition, day=timezone.localdate(start), **fields)
    meeting.starts_at = start
    meeting.ends_at = start + dt.timedelta(hours=7)
    meeting.save()
    return meeting


def register(meeting, user=None, *, status=RegistrationStatus.REGISTERED, **fields):
    return Registration.objects.create(meeting=meeting, user=user, status=status, **fields)


def run_command(*args) -> str:
    out = StringIO()
    call_command("send_meeting_reminders", *args, stdout=out)
    return out.getvalue()


def test_registered_people_get_one_reminder_with_date_venue_and_ics(edition, participant):
    meeting = meeting_in(
        edition, 2, title="Derde bijeenkomst", venue_name="De Leerplaats", venue_address="Utrecht"
    )
    registration = register(meeting, participant)

    output = run_command()

    assert "1 reminder(s) sent" in output
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [participant.email]
    assert "Derde bijeenkomst" in email.subject
    local = timezone.localtime(meeting.starts_at)
    assert f"{local:%H:%M}" in email.body
    assert "De Leerplaats, Utrecht" in email.body
    assert BASE + reverse("meetings:ics", kwargs={"pk": meeting.pk}) in email.body
    assert BASE + reverse("meetings:detail", kwargs={"pk": meeting.pk}) in email.body
    registration.refresh_from_db()
    assert registration.reminded_at is not None


def test_the_reminder_is_in_dutch_whatever_the_language_in_use(edition, participant):
    from django.utils import translation

    meeting_in(edition, 1)
    register(edition.meetings.get(), participant)
    with translation.override("en"):
        run_command()
    dutch_months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                    "september", "oktober", "november", "december"]  # fmt: skip
    assert any(month in mail.outbox[0].body for month in dutch_months)


def test_a_reminder_is_never_sent_twice(edition, participant):
    register(meeting_in(edition, 2), participant)
    run_command()
    output = run_command()
    assert "0 reminder(s) sent" in output
    assert len(mail.outbox) == 1


def test_only_meetings_within_the_window_get_reminders(edition):
    people = [factories.make_member(edition) for _ in range(4)]
    register(meeting_in(edition, 2.9, title="Binnenkort"), people[0])
    register(meeting_in(edition, 3.5, title="Later"), people[1])
    register(meeting_in(edition, -0.1, title="Begonnen"), people[2])
    register(meeting_in(edition, -10, title="Geweest"), people[3])

    run_command()

    assert [email.to for email in mail.outbox] == [[people[0].email]]


def test_only_registered_places_at_published_meetings_get_reminders(edition):
    meeting = meeting_in(edition, 1)
    registered, waiting, cancelled = (factories.make_member(edition) for _ in range(3))
    register(meeting, registered)
    register(meeting, waiting, status=RegistrationStatus.WAITLISTED)
    register(meeting, cancelled, status=RegistrationStatus.CANCELLED)
    for status in (MeetingStatus.DRAFT, MeetingStatus.CANCELLED):
        register(meeting_in(edition, 1, status=status), factories.make_member(edition))

    run_command()

    assert [email.to for email in mail.outbox] == [[registered.email]]


def test_guests_who_confirmed_their_address_get_a_reminder_with_a_cancel_link(edition):
    meeting = meeting_in(edition, 2, kind="closing")
    confirmed = register(
        meeting,
        guest_name="Gerda Gast",
        guest_email="gerda@example.org",
        guest_confirmed_at=timezone.now(),
    )
    register(meeting, guest_name="Niet Bevestigd", guest_email="niet@example.org")

    run_command()

    assert [email.to for email in mail.outbox] == [["gerda@example.org"]]
    assert "Gerda Gast" in mail.outbox[0].body
    cancel = reverse("meetings:guest_cancel", kwargs={"token": confirmed.token})
    assert BASE + cancel in mail.outbox[0].body


def test_a_second_claim_of_the_same_registration_fails(edition, participant):
    registration = register(meeting_in(edition, 1), participant)
    assert reminders.claim_reminder(registration_id=registration.pk) is True
    assert reminders.claim_reminder(registration_id=registration.pk) is False
    assert send_meeting_reminder.call(registration.pk) is False
    assert mail.outbox == []


def test_a_failed_send_leaves_the_registration_for_the_next_run(edition, participant):
    registration = register(meeting_in(edition, 1), participant)

    def broken(_registration):
        raise ConnectionError("mail server down")

    with pytest.raises(ConnectionError):
        reminders.send_reminder(registration_id=registration.pk, send=broken)
    registration.refresh_from_db()
    assert registration.reminded_at is None

    run_command()
    assert len(mail.outbox) == 1


def test_the_command_uses_site_url_by_default(edition, participant, settings):
    settings.SITE_URL = "https://leren.example.nl"
    meeting = meeting_in(edition, 1)
    register(meeting, participant)
    call_command("send_meeting_reminders", stdout=StringIO())
    assert "https://leren.example.nl" + reverse("meetings:ics", kwargs={"pk": meeting.pk}) in (
        mail.outbox[0].body
    )


@pytest.fixture
def fresh_content_types(transactional_db):
    """An earlier transactional test flushed the database and content types came back with new
    ids; the ledger must not use the cached old ones."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="real concurrent transactions need PostgreSQL"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_runs_at_the_same_time_send_each_reminder_once(
    fresh_content_types, edition, participant
):
    registration = register(meeting_in(edition, 1), participant)
    sent = []
    barrier = threading.Barrier(2)

    def slow_send(reg):
        time.sleep(0.3)  # the other run waits for this row meanwhile
        sent.append(reg.pk)

    def run():
        from django.db import connections

        try:
            barrier.wait(timeout=5)
            reminders.send_reminder(registration_id=registration.pk, send=slow_send)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sent == [registration.pk]
