"""Between editions, in a real browser (issue 15): a participant in two editions logs in, lands on
the most relevant one (the open edition before the closed one) and switches to the other through
"Mijn edities" in the header, at 1280 and at 390 px (where the header folds behind "Menu");
axe-core checks every page on the way. At 390 px the chrome above a page of an edition (header,
phase bar, edition menu) stays small."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from leerplatform.demo.edition import DEMO_PASSWORD
from leerplatform.editions import services
from leerplatform.editions.models import Phase, Role
from tests import factories
from tests.e2e.test_journeys import assert_accessible, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TODAY = timezone.localdate()
# The top of a page's first heading on a 390 x 844 phone, below the header, the phase bar and the
# edition menu (was 370 px before issue 15; measured 151 px on the dashboard with its eyebrow line).
PHONE_CHROME_MAX = 160
PHONE_MAIN_TOP_MAX = 120


@pytest.fixture
def two_editions(live_server):
    running = factories.make_edition(
        name="Leerplatform 2026–2027",
        starts_on=TODAY - dt.timedelta(days=60),
        ends_on=TODAY + dt.timedelta(days=300),
        phase=Phase.BUILDING,
        themes=2,
    )
    pilot = factories.make_edition(
        name="Leerplatform pilot",
        starts_on=TODAY - dt.timedelta(days=800),
        ends_on=TODAY - dt.timedelta(days=450),
        phase=Phase.CLOSED,
        themes=2,
    )
    daan = factories.make_user(email="daan@example.org", name="Daan Deelnemer (fictief)")
    daan.set_password(DEMO_PASSWORD)
    daan.save()
    # The pilot first: the newer, open edition is still where he lands.
    services.add_member(edition=pilot, user=daan, role=Role.PARTICIPANT)
    services.add_member(edition=running, user=daan, role=Role.PARTICIPANT)
    return running, pilot, daan


def _open_switcher(page: Page) -> None:
    menu = page.locator(".site-menu__button")
    if menu.is_visible():
        menu.click()
    page.get_by_role("navigation", name="Hoofdmenu").locator(".edition-switcher__button").click()


@pytest.mark.parametrize("width", [1280, 390])
def test_a_participant_in_two_editions_lands_on_the_open_one_and_switches(
    page: Page, live_server, two_editions, width
):
    running, pilot, daan = two_editions
    page.set_viewport_size({"width": width, "height": 844 if width == 390 else 900})
    log_in(page, live_server.url, daan.email)
    page.goto(f"{live_server.url}/dashboard/")
    expect(page).to_have_url(re.compile(rf"/editions/{running.slug}/dashboard/$"))
    expect(page.locator(".phase-bar")).to_contain_text(running.name)
    assert_accessible(page)

    _open_switcher(page)
    switcher = page.locator(".edition-switcher__list")
    expect(switcher).to_be_visible()
    current = switcher.locator("a[aria-current=true]")
    expect(current).to_contain_text(running.name)
    other = switcher.get_by_role("link", name=re.compile(pilot.name))
    expect(other).to_contain_text("Deelnemer")
    assert_accessible(page)
    other.click()

    expect(page).to_have_url(re.compile(rf"/editions/{pilot.slug}/dashboard/$"))
    expect(page.locator(".phase-bar")).to_contain_text(pilot.name)
    expect(page.locator(".phase-bar [aria-current=step]")).to_contain_text("Afgesloten")
    _open_switcher(page)
    expect(page.locator(".edition-switcher__list a[aria-current=true]")).to_contain_text(pilot.name)
    assert_accessible(page)
    width_now = page.evaluate("document.documentElement.scrollWidth")
    assert width_now <= width, f"the page scrolls sideways at {width} px ({width_now} px)"


def test_on_a_phone_the_chrome_above_an_edition_page_stays_small(
    page: Page, live_server, two_editions
):
    running, _pilot, daan = two_editions
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server.url, daan.email)
    for path in (f"/editions/{running.slug}/dashboard/", f"/editions/{running.slug}/meetings/"):
        page.goto(live_server.url + path)
        main_top = page.evaluate("document.querySelector('main').getBoundingClientRect().top")
        heading_top = page.evaluate("document.querySelector('main h1').getBoundingClientRect().top")
        assert main_top <= PHONE_MAIN_TOP_MAX, f"{path}: the chrome takes {main_top} px"
        assert heading_top <= PHONE_CHROME_MAX, f"{path}: the heading starts at {heading_top} px"
        # The menu folds: its links are hidden until "Menu" opens it, the edition menu is one row.
        nav = page.get_by_role("navigation", name="Hoofdmenu")
        expect(nav.get_by_role("link", name="Dashboard")).to_be_hidden()
        edition_menu = page.get_by_role("navigation", name="Menu van de editie")
        expect(edition_menu.get_by_role("link", name="Dashboard")).to_be_visible()
        heights = {
            round(box["y"])
            for link in edition_menu.get_by_role("link").all()
            if (box := link.bounding_box())
        }
        assert len(heights) == 1, f"{path}: the edition menu wraps onto {len(heights)} rows"
        assert_accessible(page)

    page.locator(".site-menu__button").click()
    expect(
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Dashboard")
    ).to_be_visible()
    assert_accessible(page)
