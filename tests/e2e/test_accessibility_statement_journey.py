"""The accessibility statement in a real browser (issue 18, point 2): a visitor finds it in the
footer next to the privacy statement; axe-core finds nothing, at desktop and phone width, and
nothing scrolls sideways at 320 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_journeys import assert_accessible, demo  # noqa: F401
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
