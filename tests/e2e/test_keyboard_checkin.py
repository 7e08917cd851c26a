"""A facilitator checks people in by keyboard only (issue 18, WCAG 2.1.1, 2.4.3, 4.1.2, 4.1.3).

On the meeting's day the facilitator logs in and opens the check-in page with nothing but the
keyboard, Tabs to the first name and checks in three people with Enter and Space, undoes one and
does it again. After every htmx swap focus is back on the same person's button (the row was
replaced), the button says it is pressed (aria-pressed), and the counter is the same persistent
`role=status` region, its text updated by an out-of-band swap with the person's name. The search
has a visible label. axe-core checks the page before and after; with E2E_SCREENSHOTS=<folder> the
focus states are kept at 1280 and 390 px.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from leerplatform.accounts.models import User
from leerplatform.demo.edition import DEMO_PASSWORD, load_demo
from leerplatform.editions.models import Membership, Role
from leerplatform.meetings.models import Meeting, MeetingStatus, Registration
from tests.e2e.test_journeys import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FACILITATOR = "facilitator@example.org"
SHOTS = os.environ.get("E2E_SCREENSHOTS", "")
WIDTHS = (1280, 390)


def _screenshots(page: Page, name: str) -> None:
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        # The focused button in view, as a keyboard user would have it.
        page.evaluate(
            "document.activeElement && document.activeElement.scrollIntoView({block: 'center'})"
        )
        page.screenshot(path=str(Path(SHOTS) / f"{name}-{width}.png"))
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.fixture
def meeting_today(live_server):
    """A published meeting of the demo edition today, with four participants registered."""
    edition = load_demo()
    today = timezone.localdate()
    zone = timezone.get_current_timezone()
    meeting = Meeting.objects.create(
        edition=edition,
        title="Bijeenkomst van vandaag",
        starts_at=dt.datetime.combine(today, dt.time(0, 1), tzinfo=zone),
        ends_at=dt.datetime.combine(today, dt.time(23, 59), tzinfo=zone),
        status=MeetingStatus.PUBLISHED,
    )
    participants = (
        Membership.objects.active()
        .filter(edition=edition, role=Role.PARTICIPANT)
        .select_related("user")
        .order_by("user__name")[:4]
    )
    for membership in participants:
        Registration.objects.create(meeting=meeting, user=membership.user)
    return meeting


def _active_id(page: Page) -> str:
    return page.evaluate("document.activeElement ? document.activeElement.id : ''")


def _log_in_by_keyboard(page: Page, base: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("E-mailadres").focus()
    page.keyboard.type(FACILITATOR)
    for _ in range(5):  # past "Wachtwoord vergeten?" to the password
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "password":
            break
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def _tab_to_first_attendee(page: Page) -> str:
    for _ in range(80):
        page.keyboard.press("Tab")
        if _active_id(page).startswith("attendee-button-"):
            return _active_id(page)
    raise AssertionError("Tab never reached a person's check-in button")


def _not_obscured(page: Page) -> bool:
    return page.evaluate(
        """() => {
            const bar = document.querySelector('.attendance__bar').getBoundingClientRect();
            const box = document.activeElement.getBoundingClientRect();
            return box.top >= bar.bottom - 1 && box.bottom <= window.innerHeight + 1;
        }"""
    )


# After each htmx swap: was the swapped-in content set up by htmx (its `htmx:load`) before any
# other task could run, e.g. the next key press? With a settle delay it is set up a timer later,
# and a press in between posts the bare form as a whole page (the announcement is lost).
_WATCH_SWAPS = """() => {
    if (window.__liveAtSwap) { window.__liveAtSwap = []; return; }
    window.__liveAtSwap = [];
    let loaded = false;
    document.addEventListener('htmx:beforeSwap', () => { loaded = false; });
    document.addEventListener('htmx:load', () => { loaded = true; });
    document.addEventListener('htmx:afterSwap', () => {
        queueMicrotask(() => window.__liveAtSwap.push(loaded));
    });
}"""


def _press_and_check(page: Page, key: str, button_id: str, *, pressed: bool, count: int) -> None:
    button = page.locator(f"#{button_id}")
    name = button.locator(".attendee__name").inner_text()
    page.evaluate(_WATCH_SWAPS)
    page.keyboard.press(key)
    expect(button).to_have_attribute("aria-pressed", "true" if pressed else "false")
    status = page.locator("#attendance-counts")
    expect(status).to_contain_text(f"{count} / 4")
    expect(status).to_contain_text(name)  # the announcement names the person
    live = page.evaluate("window.__liveAtSwap")
    assert live and all(live), f"the swapped row was not live at once: {live}"
    # Focus came back to the replaced row's button (htmx refocuses the element with its id).
    expect(button).to_be_focused()
    assert _active_id(page) == button_id
    # The live region is the page's own element, never replaced (a new region is not read).
    assert page.evaluate("document.getElementById('attendance-counts').dataset.marker") == "kept"
    assert page.locator("[role=status]#attendance-counts").count() == 1


def test_facilitator_checks_in_three_people_by_keyboard_only(
    page: Page, live_server, meeting_today
):
    base = live_server.url
    page.set_viewport_size({"width": 1280, "height": 900})
    _log_in_by_keyboard(page, base)
    page.goto(f"{base}/meetings/{meeting_today.pk}/attendance/")
    assert_accessible(page)

    # The search has a label one can see (not a placeholder only).
    label = page.locator("label[for=id_q]")
    expect(label).to_be_visible()
    expect(page.get_by_label("Zoeken op naam")).to_be_visible()
    status = page.locator("#attendance-counts")
    expect(status).to_have_attribute("role", "status")
    page.evaluate("document.getElementById('attendance-counts').dataset.marker = 'kept'")

    first = _tab_to_first_attendee(page)
    _screenshots(page, "checkin-focus-before")
    _press_and_check(page, "Enter", first, pressed=True, count=1)
    _screenshots(page, "checkin-focus-after-enter")

    page.keyboard.press("Tab")
    second = _active_id(page)
    assert second.startswith("attendee-button-") and second != first
    _press_and_check(page, "Space", second, pressed=True, count=2)

    page.keyboard.press("Tab")
    third = _active_id(page)
    assert third.startswith("attendee-button-") and third not in (first, second)
    _press_and_check(page, "Enter", third, pressed=True, count=3)
    _screenshots(page, "checkin-focus-third")

    # A mistaken check-in undone and done again, still without leaving the button.
    _press_and_check(page, "Space", third, pressed=False, count=2)
    _press_and_check(page, "Space", third, pressed=True, count=3)

    # Shift+Tab goes back to the previous person: the order of the list survived the swaps.
    page.keyboard.press("Shift+Tab")
    assert _active_id(page) == second
    assert_accessible(page)

    # On a phone, walking back up the list keeps each focused button clear of the sticky bar.
    page.set_viewport_size({"width": 390, "height": 600})
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.locator(f"#{third}").focus()
    for _ in range(3):
        page.keyboard.press("Shift+Tab")
        if not _active_id(page).startswith("attendee-button-"):
            break
        assert _not_obscured(page), f"{_active_id(page)} is under the sticky bar"
        if SHOTS:
            page.screenshot(path=str(Path(SHOTS) / f"checkin-phone-back-{_active_id(page)}.png"))

    checked_in = Registration.objects.filter(meeting=meeting_today, attended_at__isnull=False)
    assert checked_in.count() == 3
    assert set(checked_in.values_list("checked_in_by__email", flat=True)) == {FACILITATOR}
    assert User.objects.filter(email=FACILITATOR).exists()
