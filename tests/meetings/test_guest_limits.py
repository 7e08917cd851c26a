"""The closing meeting's guest form resists bots: limits per IP and per address, one email per
address per period, one answer whatever the address, and the links' POSTs limited per IP."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from leerplatform.meetings.models import MeetingKind, MeetingStatus, Registration
from leerplatform.meetings.services import registrations as services
from tests import factories

pytestmark = pytest.mark.django_db

BASE = "http://testserver"


@pytest.fixture
def closing(edition):
    day = (timezone.localtime() + dt.timedelta(days=40)).date()
    return factories.make_meeting(
        edition, day=day, kind=MeetingKind.CLOSING, status=MeetingStatus.PUBLISHED
    )


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def url(meeting) -> str:
    return reverse("meetings:guest_register", kwargs={"pk": meeting.pk})


def post(client, meeting, **data):
    fields = {"name": "Gerda Gast", "email": "gerda@example.org", "organisation": "Gemeente Ede"}
    return client.post(url(meeting), fields | data)


def test_twenty_registrations_for_one_address_send_one_email(closing, on_commit):
    client = Client(REMOTE_ADDR="203.0.113.5")
    statuses = []
    for _ in range(20):
        with on_commit():
            statuses.append(post(client, closing).status_code)

    assert len(mail.outbox) == 1
    assert Registration.objects.count() == 1
    assert all(status < 500 for status in statuses)
    assert 429 in statuses  # the per-address limit answered the later ones


def test_over_the_limit_the_form_comes_back_with_the_message_and_nothing_is_saved(closing):
    client = Client(REMOTE_ADDR="203.0.113.5")
    for i in range(10):
        assert post(client, closing, email=f"bot{i}@example.org").status_code == 200
    rows = Registration.objects.count()

    response = post(client, closing, email="new@example.org", name="Nieuwe Naam")

    assert response.status_code == 429
    assert response.context["limited"] is True
    html = response.content.decode()
    assert 'id="limit-message"' in html and 'role="alert"' in html
    assert 'value="Nieuwe Naam"' in html  # the typing is kept
    assert Registration.objects.count() == rows
    assert not Registration.objects.filter(guest_email="new@example.org").exists()
    # Another visitor, elsewhere, is not affected.
    assert (
        post(Client(REMOTE_ADDR="198.51.100.9"), closing, email="x@example.org").status_code == 200
    )


def test_an_invalid_form_still_counts_against_the_ip(closing):
    client = Client(REMOTE_ADDR="203.0.113.5")
    for _ in range(10):
        assert post(client, closing, email="not-an-address").status_code == 200
    assert post(client, closing).status_code == 429


def test_the_answer_is_the_same_for_a_new_and_a_known_address(closing, on_commit):
    with on_commit():
        first = post(Client(REMOTE_ADDR="198.51.100.1"), closing)
    cache.clear()  # another day, other limits
    with on_commit():
        again = post(Client(REMOTE_ADDR="198.51.100.2"), closing)

    def message(response) -> str:
        html = response.content.decode()
        return html[html.index('role="status"') : html.index("</div>", html.index('role="status"'))]

    assert first.status_code == again.status_code == 200
    assert message(first) == message(again)
    assert len(mail.outbox) == 2  # after the period, the link is sent again


def test_a_second_registration_within_the_period_sends_nothing(closing, on_commit):
    with on_commit():
        services.register_guest(meeting=closing, name="G", email="g@example.org", organisation="X")
        services.register_guest(meeting=closing, name="G2", email="G@example.org", organisation="X")
    assert len(mail.outbox) == 1
    assert Registration.objects.get().guest_name == "G2"  # the details are still updated


@pytest.mark.parametrize("name", ["guest_confirm", "guest_cancel"])
def test_posts_to_the_emailed_links_are_limited_per_ip(closing, name):
    registration = services.register_guest(
        meeting=closing, name="G", email="g@example.org", organisation="X"
    ).registration
    client = Client(REMOTE_ADDR="203.0.113.5")
    link = reverse(f"meetings:{name}", kwargs={"token": "x" * 40})
    for _ in range(30):
        assert client.post(link).status_code == 404
    real = reverse(f"meetings:{name}", kwargs={"token": registration.token})

    response = client.post(real)

    assert response.status_code == 429
    registration.refresh_from_db()
    assert registration.guest_confirmed_at is None
    assert Client(REMOTE_ADDR="198.51.100.9").get(real).status_code == 200
