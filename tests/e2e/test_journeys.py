"""Browser journeys in headless Chromium: what a visitor, a participant and a facilitator do first.

Every page a journey visits is checked with axe-core; a violation fails the journey.
"""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from leerplatform.demo.edition import DEMO_PASSWORD, DEMO_SLUG, load_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

axe = Axe()


def assert_accessible(page: Page) -> None:
    results = axe.run(page)
    violations = [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['html'][:120]})"
        for v in results.response["violations"]
    ]
    assert violations == [], f"axe-core on {page.url}:\n" + "\n".join(violations)


@pytest.fixture
def demo(live_server):
    return load_demo()


def log_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    assert_accessible(page)
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.locator("main").get_by_role("button", name="Inloggen").click()


def test_visitor_reads_the_home_page_in_dutch_and_switches_to_english(
    page: Page, live_server, demo
):
    page.goto(live_server.url)
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", level=1)).to_have_text("HRD Leerplatform 2019–2020")
    expect(page.get_by_role("heading", name="Leeragenda")).to_be_visible()
    themes = page.locator(".theme-card__title")
    expect(themes).to_have_count(8)
    expect(themes.first).to_have_text("Professionaliseren")
    expect(page.get_by_role("heading", name="Bijeenkomsten")).to_be_visible()
    expect(page.get_by_text("Slotbijeenkomst", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Learning agenda")).to_be_visible()
    expect(page.get_by_role("button", name="Nederlands")).to_be_visible()
    assert_accessible(page)


def test_participant_logs_in_and_lands_on_the_dashboard(page: Page, live_server, demo):
    log_in(page, live_server.url, "deelnemer@example.org")
    expect(page).to_have_url(re.compile(rf"/editions/{DEMO_SLUG}/dashboard/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Daan")
    expect(page.get_by_text("Je bent deelnemer van deze editie.")).to_be_visible()
    # Participants do not get the phase control.
    expect(page.get_by_role("link", name="Fase wijzigen")).to_have_count(0)
    assert_accessible(page)


def test_facilitator_changes_the_phase_and_the_phase_bar_shows_it(page: Page, live_server, demo):
    log_in(page, live_server.url, "facilitator@example.org")
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    current = page.locator(".phase-bar [aria-current=step]")
    expect(current).to_contain_text("Consolidatie")

    page.get_by_role("link", name="Fase wijzigen").click()
    assert_accessible(page)
    page.get_by_label("Afgesloten").check()
    page.get_by_role("button", name="Fase opslaan").click()

    expect(page.get_by_role("status")).to_contain_text("Afgesloten")
    expect(current).to_contain_text("Afgesloten")
    expect(page.locator(".history li").first).to_contain_text("Fenna Faciliteerder")
    assert_accessible(page)

    # Everyone sees it: the public page shows the new phase as well.
    page.goto(live_server.url)
    expect(page.locator(".phase-bar [aria-current=step]")).to_contain_text("Afgesloten")


def test_phone_width_keeps_navigation_and_phase_bar_usable(page: Page, live_server, demo):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url)
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    expect(menu.get_by_role("link", name="Inloggen")).to_be_hidden()  # folded behind "Menu"
    page.locator(".site-menu__button").click()
    expect(menu.get_by_role("link", name="Inloggen")).to_be_visible()
    expect(page.locator(".phase-bar [aria-current=step]")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways at phone width ({width}px)"
    assert_accessible(page)
