"""A meeting's request to reflect and evaluate: its attendees are asked, by a notification."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from leerplatform.editions.models import Membership
from leerplatform.meetings.models import Registration
from leerplatform.notifications import services
from leerplatform.notifications.kinds import Channel
from leerplatform.notifications.models import Notification
from leerplatform.reflection import events
from leerplatform.reflection.models import ReflectionRequest
from leerplatform.reflection.services import journal
from tests.factories import make_edition, make_meeting, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(edition):
    return make_meeting(edition, day=timezone.localdate() - dt.timedelta(days=1))


def _attend(meeting, *people):
    for person in people:
        Registration.objects.create(meeting=meeting, user=person, attended_at=meeting.starts_at)


def _told():
    return sorted(
        Notification.objects.filter(kind="reflection_requested").values_list(
            "recipient_id", flat=True
        )
    )


def test_attendees_are_asked_not_who_left_nor_who_was_absent(
    edition, participant, facilitator, meeting, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://leerplatform.example"
    gone = make_member(edition, name="Vertrokken Vera")
    absent = make_member(edition, name="Afwezige Anna")
    Registration.objects.create(meeting=meeting, user=absent)
    _attend(meeting, participant, gone)
    Membership.objects.filter(user=gone).update(left_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        journal.send_reflection_requests()
        journal.send_reflection_requests()  # claimed once: nobody asked twice
    assert _told() == [participant.pk]
    row = Notification.objects.get(kind="reflection_requested")
    assert row.url == reverse("reflection:reflect", kwargs={"pk": meeting.pk})
    assert row.target == meeting
    # Instant by default: the email is the notification's.
    assert [m.to for m in mail.outbox] == [[participant.email]]
    assert "https://leerplatform.example" + row.url in mail.outbox[0].body


def test_the_source_tells_nobody_who_may_not_see_the_meeting(edition, participant, meeting):
    outsider = make_member(make_edition())
    gone = make_member(edition)
    Membership.objects.filter(user=gone).update(left_at=timezone.now())
    request = ReflectionRequest.objects.create(meeting=meeting, recipients=3)
    events.reflection_requested.send(
        sender=ReflectionRequest,
        request=request,
        meeting=meeting,
        user_ids=[participant.pk, outsider.pk, gone.pk],
    )
    assert _told() == [participant.pk]


def test_an_attendee_who_chose_off_is_not_told(edition, participant, meeting):
    services.set_preference(user=participant, kind="reflection_requested", channel=Channel.OFF)
    _attend(meeting, participant)
    journal.send_reflection_requests()
    assert _told() == []
    assert ReflectionRequest.objects.get(meeting=meeting).recipients == 1
