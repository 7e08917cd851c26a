"""The public face in a real browser (issue 15): a visitor, without an account, goes from the home
page to a published output, to the closing report (from the outputs and from the closing
meeting's page), and to a contact person ("Meer weten?"), through the archive and the contact
page. axe-core checks every page on the way, at desktop and at phone width. Links are found by
their address, so the journey does not depend on the wording."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from leerplatform.demo.edition import DEMO_SLUG, load_demo
from leerplatform.meetings.models import Meeting, MeetingKind
from tests.e2e.test_journeys import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

OUTPUTS = f"/editions/{DEMO_SLUG}/outputs/"


@pytest.fixture
def demo(live_server):
    return load_demo()


def test_a_visitor_finds_an_output_the_closing_report_and_a_contact(page: Page, live_server, demo):
    base = live_server.url

    # The home page: the edition, its outputs, and "Meer weten?".
    page.goto(f"{base}/")
    assert_accessible(page)
    expect(page.locator(".contacts-box a[href='mailto:facilitator@example.org']")).to_be_visible()
    page.locator(f"main a[href='{OUTPUTS}']").first.click()

    # The outputs: a published output opens without logging in.
    expect(page).to_have_url(f"{base}{OUTPUTS}")
    assert_accessible(page)
    report_href = page.locator("main a[href*='/closing-reports/']").first.get_attribute("href")
    assert report_href and report_href.endswith("/report.pdf")
    page.locator("main a[href^='/library/']").first.click()
    expect(page).to_have_url(re.compile(r"/library/\d+/$"))
    expect(page.locator("main h1")).to_be_visible()
    assert "/accounts/login/" not in page.url
    assert_accessible(page)

    # The closing report is a PDF anyone may download.
    report = page.request.get(f"{base}{report_href}")
    assert report.status == 200
    assert report.headers["content-type"] == "application/pdf"

    # The closing meeting's page links the outputs and the same report, and its contacts.
    closing = Meeting.objects.get(edition=demo, kind=MeetingKind.CLOSING)
    page.goto(f"{base}/")
    page.locator(f"main a[href='/meetings/{closing.pk}/']").first.click()
    expect(page.locator(f"main a[href='{OUTPUTS}']")).to_be_visible()
    expect(page.locator(f"main a[href='{report_href}']")).to_be_visible()
    expect(page.locator("#registration")).to_have_count(0)  # a past meeting: no empty card
    expect(page.locator(".contacts-box")).to_be_visible()
    assert_accessible(page)

    # The archive, then "Contact": a contact person with an email address to write to.
    page.goto(f"{base}/editions/")
    assert_accessible(page)
    expect(page.locator(f"main a[href='{report_href}']")).to_be_visible()
    page.locator("main a[href='/contact/']").click()
    expect(page).to_have_url(f"{base}/contact/")
    mail_link = page.locator("main a[href='mailto:facilitator@example.org']")
    expect(mail_link).to_be_visible()
    expect(page.locator("main")).to_contain_text("Fenna Faciliteerder (fictief)")
    assert_accessible(page)

    # The same pages on a phone.
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("/", "/editions/", "/contact/", "/over/", f"/editions/{DEMO_SLUG}/agenda/"):
        page.goto(f"{base}{path}")
        assert_accessible(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} scrolls sideways at 390 px ({width} px)"
