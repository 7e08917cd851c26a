"""The edition's calendar in a real browser (issue 15, point 8): a facilitator plans a meeting
outside the edition's period, reads the Dutch message beside the date, corrects the date; then
plans one outside the period on purpose and confirms it. axe-core checks each page on the way, at
desktop and at phone width."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from leerplatform.demo.edition import DEMO_PASSWORD
from leerplatform.editions.models import Phase, Role
from leerplatform.meetings.models import Meeting
from tests import factories
from tests.e2e.test_journeys import assert_accessible, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

OUTSIDE = (
    "Deze datum valt buiten de looptijd van de editie (1 mei 2019 tot en met 31 mei 2020). Kies "
    "een datum binnen de looptijd of vink ‘Toch opslaan buiten de looptijd’ aan."
)


@pytest.fixture
def facilitator(live_server):
    edition = factories.make_edition(themes=2, phase=Phase.BUILDING)  # 1 May 2019 – 31 May 2020
    user = factories.make_member(
        edition, role=Role.FACILITATOR, email="fenna@example.org", name="Fenna (fictief)"
    )
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def _plan(page: Page, base: str, slug: str, *, title: str, date: str) -> None:
    page.goto(f"{base}/editions/{slug}/meetings/new/")
    expect(page.get_by_role("heading", name="Nieuwe bijeenkomst", level=1)).to_be_visible()
    expect(
        page.get_by_text("De editie loopt van 1 mei 2019 tot en met 31 mei 2020.")
    ).to_be_visible()
    page.locator("#id_title").fill(title)
    page.locator("#id_date").fill(date)
    page.locator("#id_start_time").fill("09:30")
    page.locator("#id_end_time").fill("16:30")
    page.locator("#id_kind").select_option("regular")
    page.get_by_role("button", name="Bijeenkomst opslaan").click()


@pytest.mark.parametrize("width", [1280, 390])
def test_a_facilitator_is_refused_a_meeting_outside_the_period_and_corrects_it(
    page: Page, live_server, facilitator, width
):
    page.set_viewport_size({"width": width, "height": 900})
    slug = facilitator.memberships.get().edition.slug
    log_in(page, live_server.url, facilitator.email)

    _plan(page, live_server.url, slug, title="Terugkomdag", date="2027-03-04")

    date = page.locator("#id_date")
    expect(page.locator("#id_date_error")).to_have_text(OUTSIDE)
    expect(date).to_have_attribute("aria-invalid", "true")
    confirm = page.get_by_label("Toch opslaan buiten de looptijd")
    expect(confirm).to_be_visible()
    expect(confirm).not_to_be_checked()
    assert not Meeting.objects.exists()
    assert_accessible(page)

    # Correcting the date is enough.
    date.fill("2020-03-05")
    page.get_by_role("button", name="Bijeenkomst opslaan").click()
    expect(page).to_have_url(re.compile(r"/meetings/\d+/$"))
    expect(page.get_by_text("De bijeenkomst is opgeslagen.")).to_be_visible()
    assert Meeting.objects.get().title == "Terugkomdag"


def test_a_facilitator_confirms_a_meeting_after_the_edition_on_purpose(
    page: Page, live_server, facilitator
):
    slug = facilitator.memberships.get().edition.slug
    log_in(page, live_server.url, facilitator.email)

    _plan(page, live_server.url, slug, title="Reünie", date="2020-09-03")
    expect(page.locator("#id_date_error")).to_have_text(OUTSIDE)
    page.get_by_label("Toch opslaan buiten de looptijd").check()
    page.get_by_role("button", name="Bijeenkomst opslaan").click()

    expect(page).to_have_url(re.compile(r"/meetings/\d+/$"))
    assert_accessible(page)
    meeting = Meeting.objects.get()
    assert (meeting.title, meeting.starts_at.date().isoformat()) == ("Reünie", "2020-09-03")
