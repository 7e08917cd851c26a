"""The accessibility statement and the account email page in a real browser (issue 18): a visitor
finds the statement in the footer next to the privacy statement; a participant's email page. axe-core
finds nothing on either, at desktop and phone width, and nothing scrolls sideways at 320 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_journeys import assert_accessible, demo, log_in  # noqa: F401
from tests.e2e.test_privacy_pages_journey import no_sideways_scroll

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_statement_from_the_footer(page: Page, live_server, demo):  # noqa: F811
    base = live_server.url
    page.goto(f"{base}/")
    links = page.locator("footer .site-footer__links a")
    expect(links).to_have_count(2)
    expect(links.nth(0)).to_have_attribute("href", "/privacy/")
    links.nth(1).click()
    expect(page).to_have_url(f"{base}/toegankelijkheid/")
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator("main")).to_contain_text("WCAG 2.1")
    expect(page.locator("main")).to_contain_text("EN 301 549")
    assert_accessible(page)

    for width in (390, 320):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(f"{base}/toegankelijkheid/")
        no_sideways_scroll(page)
        assert_accessible(page)


def test_the_email_page_is_styled_and_clean(page: Page, live_server, demo):  # noqa: F811
    base = live_server.url
    log_in(page, base, "deelnemer@example.org")
    for width in (1280, 390, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{base}/accounts/email/")
        expect(page.locator(".email-address").first).to_be_visible()
        expect(page.locator(".email-address input[type=radio]:checked")).to_have_count(1)
        no_sideways_scroll(page)
        assert_accessible(page)
    # By keyboard: from the chosen address, Tab goes to the actions.
    page.locator(".email-address input[type=radio]").first.focus()
    page.keyboard.press("Tab")
    expect(page.locator("button[name=action_primary]")).to_be_focused()
