"""The give-and-take pages in a real browser, on the demo edition: at 1280 px every table fits its
box (no sideways scrolling: "Totaal" is in sight), and at 390 px the page does not scroll sideways
and each kind of "Mijn brengen en halen" is a small card. axe-core checks both pages."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from leerplatform.demo.edition import DEMO_SLUG, load_demo
from tests.e2e.test_journeys import assert_accessible, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

MINE = f"/editions/{DEMO_SLUG}/give-and-take/"
NETWORK = f"/editions/{DEMO_SLUG}/give-and-take/network/"


@pytest.fixture
def demo(live_server):
    return load_demo()


def _overflowing(page: Page) -> list[str]:
    """The table boxes whose content is wider than the box (and the page, if it is)."""
    return page.evaluate(
        """() => {
            const wide = [...document.querySelectorAll('.balance-table-wrap')]
                .filter(box => box.scrollWidth > box.clientWidth)
                .map(box => box.querySelector('caption, th')?.textContent.trim() || '?');
            const root = document.scrollingElement;
            if (root.scrollWidth > root.clientWidth) wide.push('the page');
            return wide;
        }"""
    )


def _check(page: Page, base: str, path: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(base + path)
    expect(page.locator(".balance-table-wrap").first).to_be_visible()
    assert page.locator(".balance-table-wrap").count() >= 1
    assert _overflowing(page) == []
    assert_accessible(page)


def test_the_tables_fit_at_1280_and_reflow_on_a_phone(page: Page, live_server, demo):
    log_in(page, live_server.url, "deelnemer@example.org")
    _check(page, live_server.url, MINE, 1280)
    total = page.locator(".balance-matrix thead th", has_text="Totaal").bounding_box()
    assert total is not None and total["x"] + total["width"] <= 1280  # in sight, not scrolled to
    _check(page, live_server.url, MINE, 390)
    row = page.locator(".balance-matrix__row").first
    assert row.evaluate("el => getComputedStyle(el).display") == "flex"

    page.context.clear_cookies()
    log_in(page, live_server.url, "facilitator@example.org")
    for width in (1280, 390):
        _check(page, live_server.url, NETWORK, width)
    expect(page.get_by_role("heading", name="Per instelling")).to_be_visible()
