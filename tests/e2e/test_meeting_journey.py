"""A meeting in a real browser: a participant proposes an idea for the plenary part, two others
support it, a facilitator selects it, the programme shows it, and a participant registers and
downloads the calendar file. axe-core checks every page."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from leerplatform.accounts.models import User
from leerplatform.demo.edition import load_demo
from leerplatform.meetings.models import Meeting, MeetingStatus
from leerplatform.proposals.services import open_call
from tests.e2e.test_journeys import assert_accessible, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "Speeddaten over werkgeluk"


@pytest.fixture
def upcoming(live_server):
    edition = load_demo()
    start = (timezone.localtime() + dt.timedelta(days=30)).replace(
        hour=9, minute=30, second=0, microsecond=0
    )
    meeting = Meeting.objects.create(
        edition=edition,
        title="Extra bijeenkomst over werkgeluk",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=7),
        venue_name="Vergadercentrum De Leerplaats (fictief)",
        status=MeetingStatus.PUBLISHED,
        capacity=30,
    )
    facilitator = User.objects.get(email="facilitator@example.org")
    open_call(meeting=meeting, deadline=start - dt.timedelta(days=7), actor=facilitator)
    return meeting


def new_page(browser: Browser, base: str, email: str) -> Page:
    page = browser.new_context(accept_downloads=True).new_page()
    log_in(page, base, email)
    return page


def test_propose_support_select_register_and_download_the_calendar(
    page: Page, browser: Browser, live_server, upcoming
):
    base = live_server.url
    meeting_url = f"{base}/meetings/{upcoming.pk}/"

    # A participant proposes an idea for the plenary part.
    log_in(page, base, "deelnemer@example.org")
    page.goto(f"{base}/meetings/{upcoming.pk}/proposals/new/")
    assert_accessible(page)
    form = page.locator("main form")
    form.locator("[name=kind]").first.check()
    form.locator("[name=theme]").select_option(label="Werkdruk en werkgeluk")
    form.locator("[name=title]").fill(TITLE)
    form.locator("[name=description]").fill("In korte rondes delen we wat werkgeluk vergroot.")
    form.locator("[name=gains]").fill("Drie ideeën om morgen mee te beginnen.")
    form.locator("[name=duration_minutes]").fill("60")
    form.locator("button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    assert_accessible(page)
    proposal_url = page.url

    # Two other participants support it.
    for email in ["anouk.devries@example.org", "bram.jansen@example.org"]:
        other = new_page(browser, base, email)
        other.goto(proposal_url)
        other.locator("form[action$='/support/'] button[type=submit]").click()
        expect(other.locator("form[action$='/support/'] button[aria-pressed=true]")).to_be_visible()
        other.context.close()

    # A facilitator selects it; the programme shows it.
    facilitator = new_page(browser, base, "facilitator@example.org")
    facilitator.goto(f"{base}/meetings/{upcoming.pk}/proposals/")
    assert_accessible(facilitator)
    expect(facilitator.locator("main")).to_contain_text(TITLE)
    facilitator.goto(proposal_url)
    facilitator.locator("[name=decision][value=selected]").check()
    facilitator.locator("[name=note]").fill("Mooi voorstel, dit wordt de plenaire werkplaats.")
    facilitator.locator("form[action$='/decide/'] button[type=submit]").click()
    facilitator.goto(meeting_url)
    expect(facilitator.locator("main")).to_contain_text(TITLE)
    facilitator.context.close()

    # A participant registers and downloads the calendar file.
    page.goto(meeting_url)
    expect(page.locator("main")).to_contain_text(TITLE)
    assert_accessible(page)
    page.locator(f"form[action='/meetings/{upcoming.pk}/register/'] button[type=submit]").click()
    expect(page.get_by_role("status")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.locator(f"a[href='/meetings/{upcoming.pk}/meeting.ics']").first.click()
    content = Path(download_info.value.path()).read_text(encoding="utf-8")
    assert "BEGIN:VEVENT" in content
    assert re.search(r"DTSTART;TZID=Europe/Amsterdam:\d{8}T093000", content)
