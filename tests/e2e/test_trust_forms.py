"""Public forms resist bots, in a real browser (issue 11, point 4): a visitor posts the closing
meeting's guest form for one address more often than allowed and sees the limit message beside the
form (the page answers 429, what was typed is kept, nothing more is saved or mailed). axe-core
checks every page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone, translation
from playwright.sync_api import Page, expect

from leerplatform.accounts.ratelimits import limit_message
from leerplatform.demo.edition import load_demo
from leerplatform.meetings.models import Meeting, MeetingKind, Registration
from tests.e2e.test_journeys import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

GUEST = "gast.met.haast@example.org"


@pytest.fixture
def closing(live_server) -> Meeting:
    load_demo()
    meeting = Meeting.objects.get(kind=MeetingKind.CLOSING)
    # The demo's closing meeting lies in the past; for this step it is six weeks ahead.
    starts = timezone.now() + dt.timedelta(days=42)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=starts, ends_at=starts + dt.timedelta(hours=4), registration_deadline=None
    )
    return meeting


def fill_guest_form(page: Page, *, name: str) -> None:
    form = page.locator("main form")
    form.locator("[name=name]").fill(name)
    form.locator("[name=email]").fill(GUEST)
    form.locator("[name=organisation]").fill("Gemeente Voorbeeld (fictief)")
    form.locator("button[type=submit]").click()


def test_a_visitor_over_the_limit_sees_the_message_beside_the_form(
    page: Page, live_server, closing
):
    url = f"{live_server.url}/meetings/{closing.pk}/guests/"
    for attempt in range(3):
        page.goto(url)
        if attempt == 0:
            assert_accessible(page)
        fill_guest_form(page, name="Gerda Gast (fictief)")
        expect(page.get_by_role("status")).to_be_visible()  # "check your email"
    assert_accessible(page)
    mails_before = sum(GUEST in m.to for m in mail.outbox)
    rows_before = Registration.objects.filter(guest_email=GUEST).count()

    page.goto(url)
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        fill_guest_form(page, name="Gerda nog een keer")

    assert answer.value.status == 429
    message = page.locator("#limit-message")
    expect(message).to_be_visible()
    expect(message).to_have_attribute("role", "alert")
    with translation.override("nl"):
        expect(message).to_have_text(limit_message())
    expect(page.locator("main form [name=name]")).to_have_value("Gerda nog een keer")
    assert_accessible(page)
    assert sum(GUEST in m.to for m in mail.outbox) == mails_before == 1
    assert Registration.objects.filter(guest_email=GUEST).count() == rows_before == 1
