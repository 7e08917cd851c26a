"""Download my data in a real browser (issue 17, point 1): a participant sees an export being made
on "Mijn gegevens" (a progress bar in a status region that htmx keeps up to date, the request
button held back), asks for one, downloads the ZIP and opens its index.html, which reads well at
desktop and phone width. axe-core checks every page, the index included."""

from __future__ import annotations

import json
import zipfile

import pytest
from playwright.sync_api import Page, expect

from leerplatform.accounts.models import User
from leerplatform.privacy.models import DataExport, ExportStatus
from leerplatform.privacy.services.export import run_export
from tests.e2e.test_journeys import assert_accessible, demo, log_in  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def no_sideways_scroll(page: Page) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls {overflow}px sideways"


def test_a_participant_follows_an_export_downloads_it_and_reads_its_index(
    page: Page,
    live_server,
    demo,  # noqa: F811
    tmp_path,
):
    base = live_server.url
    person = User.objects.get(email="deelnemer@example.org")
    page.set_viewport_size(DESKTOP)
    log_in(page, base, person.email)

    # An export waiting for the worker: the box shows its progress and holds the button back.
    waiting = DataExport.objects.create(user=person)
    page.goto(f"{base}/profile/data/")
    row = page.locator(f"#export-{waiting.pk}")
    expect(row.locator("[role=status] progress")).to_be_visible()
    expect(page.locator("#export-form button[aria-disabled=true]")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=str(tmp_path / "my-data-progress-1280.png"), full_page=True)

    # The worker builds it; the poll turns the row into a download and gives the button back.
    assert run_export(export_id=waiting.pk) == ExportStatus.READY
    expect(row.locator("a[href*='/download/?t=']")).to_be_visible(timeout=10_000)
    expect(page.locator("#export-form button[type=submit]")).to_be_visible()
    assert_accessible(page)

    # Ask for a new one (built at once here: the tests' task backend runs after the commit).
    page.locator("#export-form button[type=submit]").click()
    expect(page).to_have_url(f"{base}/profile/data/#export")
    newest = DataExport.objects.filter(user=person).latest("requested_at")
    assert newest.pk != waiting.pk and newest.status == ExportStatus.READY
    link = page.locator(f"#export-{newest.pk} a[href*='/download/?t=']")
    expect(link).to_be_visible()
    href = link.get_attribute("href")
    assert_accessible(page)
    page.screenshot(path=str(tmp_path / "my-data-1280.png"), full_page=True)
    page.set_viewport_size(PHONE)
    no_sideways_scroll(page)
    assert_accessible(page)
    page.screenshot(path=str(tmp_path / "my-data-390.png"), full_page=True)

    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".zip")
    zipped = tmp_path / "export.zip"
    download.value.save_as(zipped)
    folder = tmp_path / "export"
    with zipfile.ZipFile(zipped) as archive:
        archive.extractall(folder)
    profile = json.loads((folder / "profile.json").read_text())
    assert profile["profile"]["email"] == person.email

    # The index, opened from the unpacked folder: in Dutch, every part linked, accessible.
    page.set_viewport_size(DESKTOP)
    page.goto((folder / "index.html").as_uri())
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("a[href='journal.json']")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=str(tmp_path / "index-1280.png"), full_page=True)
    page.locator("a[href='#journal']").click()
    expect(page.locator("#journal")).to_be_in_viewport()
    page.set_viewport_size(PHONE)
    page.goto((folder / "index.html").as_uri())
    no_sideways_scroll(page)
    assert_accessible(page)
    page.screenshot(path=str(tmp_path / "index-390.png"), full_page=True)

    # Someone else's session cannot use the owner's link.
    other = page.context.browser.new_context().new_page()
    log_in(other, base, "facilitator@example.org")
    response = other.request.get(f"{base}{href}")
    assert response.status == 404
    other.context.close()
