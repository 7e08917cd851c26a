"""Phone and hierarchy in a real browser (issue 15, point 7): on the applications page nothing
covers the first applicant and the decision panel appears once an applicant is selected, at 1280
and at 390 px; the library's filters are folded at 390 px, so the first document comes sooner; the
group page's leave button is secondary and asks first. axe-core checks every page on the way."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from leerplatform.demo.edition import DEMO_SLUG, load_demo
from tests.e2e.test_journeys import assert_accessible, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def demo(live_server):
    return load_demo()


# Is every corner and the middle of the element's visible part the element itself (or inside it)?
UNCOVERED = """(el) => {
  const r = el.getBoundingClientRect();
  const top = Math.max(r.top, 0) + 4, bottom = Math.min(r.bottom, window.innerHeight) - 4;
  const left = r.left + 4, right = r.right - 4;
  if (bottom <= top) return false;
  const points = [[left, top], [right, top], [left, bottom], [right, bottom],
                  [(left + right) / 2, (top + bottom) / 2]];
  return points.every(([x, y]) => {
    const hit = document.elementFromPoint(x, y);
    return hit !== null && (hit === el || el.contains(hit));
  });
}"""


def _first_applicant_is_uncovered(page: Page) -> bool:
    card = page.locator(".application-card").first
    card.scroll_into_view_if_needed()
    return card.evaluate(UNCOVERED)


def _decision_panel_appears_when_selected(page: Page, base: str, width: int, height: int):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{base}/editions/{DEMO_SLUG}/applications/")
    panel = page.locator("#decision-bar")
    expect(page.locator(".application-card").first).to_be_visible()
    expect(panel).to_be_hidden()
    assert _first_applicant_is_uncovered(page)
    assert_accessible(page)

    page.locator(".application-card__select").first.check()
    expect(panel).to_be_visible()
    expect(page.locator(".review-form__selected")).to_contain_text("1")
    page.evaluate("window.scrollTo(0, 0)")
    assert _first_applicant_is_uncovered(page)
    position = panel.evaluate("(el) => getComputedStyle(el).position")
    assert position == ("sticky" if width > 640 else "static")
    assert_accessible(page)

    page.locator(".application-card__select").first.uncheck()
    expect(panel).to_be_hidden()


def _without_javascript_the_panel_stays_in_the_flow(browser, base: str, storage) -> None:
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 720}, storage_state=storage
    )
    page = context.new_page()
    page.goto(f"{base}/editions/{DEMO_SLUG}/applications/")
    panel = page.locator("#decision-bar")
    expect(panel).to_be_visible()
    assert panel.evaluate("(el) => getComputedStyle(el).position") == "static"
    assert _first_applicant_is_uncovered(page)
    context.close()


def test_the_decision_panel_never_covers_the_first_applicant(
    page: Page, browser, live_server, demo
):
    """At 1280 and 390 px, with and without JavaScript (one demo load: it is slow)."""
    log_in(page, live_server.url, "facilitator@example.org")
    for width, height in ((1280, 720), (390, 844)):
        _decision_panel_appears_when_selected(page, live_server.url, width, height)
    storage = page.context.storage_state()
    _without_javascript_the_panel_stays_in_the_flow(browser, live_server.url, storage)

    # The same browser, as a participant at phone width: the library and a group page.
    page.context.clear_cookies()
    _library_and_group_on_a_phone(page, live_server.url)


def _library_and_group_on_a_phone(page: Page, base: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, base, "deelnemer@example.org")
    page.goto(f"{base}/editions/{DEMO_SLUG}/library/")
    filters = page.locator("details.filter-panel")
    expect(filters).not_to_have_attribute("open", "")
    expect(page.locator("#id_theme")).to_be_hidden()
    first_document = page.locator(".document-list li").first
    expect(first_document).to_be_visible()
    summary_box = filters.bounding_box()
    document_box = first_document.bounding_box()
    assert summary_box and document_box and document_box["y"] > summary_box["y"]
    assert summary_box["height"] < 90  # one line, not four filters
    assert_accessible(page)
    filters.locator("summary").click()
    expect(page.locator("#id_theme")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{base}/editions/{DEMO_SLUG}/groups/")
    page.get_by_role("link", name="Werkgeluk in teams").first.click()
    leave = page.get_by_role("link", name="Deze groep verlaten")
    expect(leave).to_have_class("button button--danger-outline group-actions__leave")
    assert_accessible(page)
    leave.click()
    expect(page.get_by_role("button", name="Deze groep verlaten")).to_be_visible()
    assert_accessible(page)
