"""The privacy statement and "Mijn gegevens" in a real browser (issue 17, point 4): a visitor finds
the statement in the footer; a participant goes from their profile to Mijn gegevens and sees the
consent they gave by accepting the agreements. axe-core on every page, at desktop and phone width,
and no sideways scrolling at 320 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_journeys import assert_accessible, demo, log_in  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def no_sideways_scroll(page: Page) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls {overflow}px sideways"


def test_the_statement_from_the_footer_and_my_consents_from_my_profile(
    page: Page,
    live_server,
    demo,  # noqa: F811
):
    base = live_server.url
    page.goto(f"{base}/")
    page.locator("footer a[href='/privacy/']").click()
    expect(page.locator("main h1")).to_have_text("Privacyverklaring")
    expect(page.locator("main")).to_contain_text("Autoriteit Persoonsgegevens")
    assert_accessible(page)

    log_in(page, base, "deelnemer@example.org")
    page.goto(f"{base}/profile/")
    page.locator("nav.subnav a[href='/profile/data/']").click()
    expect(page.locator("main h1")).to_have_text("Mijn gegevens")
    expect(page.locator("nav.subnav a[aria-current='page']")).to_have_text("Mijn gegevens")
    expect(page.locator(".consents-table")).to_contain_text("Afspraken van de editie")
    assert_accessible(page)

    for width in (390, 320):
        page.set_viewport_size({"width": width, "height": 800})
        for path in ("/profile/data/", "/privacy/"):
            page.goto(f"{base}{path}")
            no_sideways_scroll(page)
        assert_accessible(page)
