"""Announcements and focus after htmx swaps (issue 18, WCAG 2.4.3 and 4.1.3), in a real browser.

"Wie is wie": typing in the name filter keeps the focus there and the count is said by one
persistent `role=status` line, updated out of band (the same node before and after). A library
upload: the pressed button is disabled, so the focus goes to the labelled progress bar; how far
it is is said in a persistent status line at 25, 50 and 75 % and when the file is being checked,
not at every percent. The closing report's progress: only the meter polls, so the focus on the
row's link survives a poll; when the report is done the link becomes "Open the PDF" with the
focus on it, and the row's status line says so once. With E2E_SCREENSHOTS=<folder> the focus
states are kept at 1280 and 390 px.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from playwright.sync_api import Page, Route, expect

from leerplatform.accounts.models import User
from leerplatform.demo.edition import DEMO_SLUG, load_demo
from leerplatform.editions.models import Membership, Role
from leerplatform.showcase.models import ClosingReport, ReportStatus
from tests.e2e.test_journeys import assert_accessible, log_in
from tests.library import factories_files as ff

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PARTICIPANT = "deelnemer@example.org"
FACILITATOR = "facilitator@example.org"

# Every text a status line takes, in order, kept on the page: a MutationObserver, reading each
# change's own nodes (its callback comes once for changes made together).
RECORD_STATUS = """line => {
  window.__said = [];
  new MutationObserver(records => records.forEach(record => {
    if (record.type === "characterData") window.__said.push(record.target.data.trim());
    record.addedNodes.forEach(node => window.__said.push(node.textContent.trim()));
  })).observe(line, {childList: true, characterData: true, subtree: true});
  window.__line = line;
}"""


SHOTS = os.environ.get("E2E_SCREENSHOTS", "")


def _screenshots(page: Page, name: str) -> None:
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.evaluate("document.activeElement.scrollIntoView({block: 'center'})")
        page.screenshot(path=str(Path(SHOTS) / f"{name}-{width}.png"))
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.fixture
def edition(live_server):
    return load_demo()


def _said(page: Page) -> list[str]:
    return [text for text in page.evaluate("window.__said") if text]


def test_who_is_who_says_the_count_in_one_status_line_and_keeps_the_focus_in_the_filter(
    page: Page, live_server, edition
):
    person = (
        Membership.objects.filter(edition=edition, role=Role.PARTICIPANT, left_at__isnull=True)
        .select_related("user")
        .exclude(user__email=PARTICIPANT)
        .first()
        .user
    )
    log_in(page, live_server.url, PARTICIPANT)
    page.goto(f"{live_server.url}/editions/{DEMO_SLUG}/people/")
    assert_accessible(page)
    results = page.locator("#directory-results")
    expect(results).not_to_have_attribute("aria-live", re.compile(".*"))
    status = page.get_by_role("status").and_(page.locator("#directory-status"))
    before = status.text_content()
    status.evaluate(RECORD_STATUS)

    field = page.locator("#id_q")
    field.focus()
    field.press_sequentially(person.name.split()[0][:6], delay=30)
    expect(results.locator(".person-card").first).to_contain_text(person.name.split()[0][:6])
    expect(status).not_to_have_text(before)

    expect(field).to_be_focused()
    assert page.evaluate("document.getElementById('directory-status') === window.__line")
    assert page.locator("[id=directory-status]").count() == 1
    assert _said(page)[-1] == status.text_content().strip()
    assert re.fullmatch(r"\d+ \w+", _said(page)[-1])
    assert_accessible(page)

    # A filter from the folded panel: its "(1 active)" and the reset link follow the results.
    count = page.locator("#directory-filter-count")
    expect(count).to_have_text("")
    field.fill("")
    page.locator(".filter-panel summary").click()
    theme = page.locator("#id_theme")
    theme.focus()
    theme.select_option(index=1)
    expect(count).to_have_text(re.compile(r"\(1 \w+\)"))
    expect(page.locator("#directory-reset a")).to_be_visible()
    assert page.locator("[id=directory-filter-count]").count() == 1
    expect(theme).to_be_focused()
    assert_accessible(page)
    _screenshots(page, "directory-filtered")


def test_an_upload_keeps_the_focus_on_its_progress_and_says_how_far_it_is_now_and_then(
    page: Page, live_server, edition, tmp_path
):
    author = User.objects.get(email=PARTICIPANT)
    document = ff.make_document(edition, author, title="Toolkit met een nieuw bestand")
    held: list[Route] = []

    def hold_the_upload(route: Route) -> None:
        if route.request.method == "POST":
            held.append(route)  # let go below, after the progress has been played
        else:
            route.continue_()

    log_in(page, live_server.url, PARTICIPANT)
    page.goto(f"{live_server.url}/library/{document.pk}/files/new/")
    assert_accessible(page)
    line = page.locator("[data-upload-progress-status]")
    expect(line).to_have_attribute("role", "status")
    expect(line).to_have_count(1)
    line.evaluate(RECORD_STATUS)

    upload = tmp_path / "werkvormen.pdf"
    upload.write_bytes(ff.pdf_bytes("Werkvormen"))
    form = page.locator("main form[data-upload-progress]")
    form.locator("[name=file]").set_input_files(str(upload))
    page.route(re.compile(r"/files/new/$"), hold_the_upload)
    form.locator("button[type=submit]").focus()
    page.keyboard.press("Enter")

    # The button is disabled; the focus is on the progress bar, which says what it is.
    bar = form.locator("[data-upload-progress-bar]")
    expect(bar).to_be_focused()
    expect(form.locator("button[type=submit]")).to_be_disabled()
    expect(bar).to_have_accessible_name(form.locator("[data-upload-progress-label]").inner_text())
    while not held:
        page.wait_for_timeout(50)

    # The upload's progress, as htmx reports it: said at 25, 50 and 75 % only, then once up.
    form.evaluate(
        """form => [10, 30, 40, 60, 70, 80, 90, 100].forEach(loaded => form.dispatchEvent(
             new CustomEvent("htmx:xhr:progress",
               {bubbles: true, detail: {lengthComputable: true, loaded, total: 100}})))"""
    )
    processing = form.locator("[data-upload-progress-label]").get_attribute("data-processing")
    expect(line).to_have_text(processing)
    percents = [re.match(r"\d+", text) for text in _said(page)]
    assert [int(found.group()) for found in percents if found] == [25, 50, 75]
    assert _said(page)[-1] == processing
    expect(bar).to_be_focused()
    assert page.evaluate(
        "document.querySelector('[data-upload-progress-status]') === window.__line"
    )

    _screenshots(page, "upload-progress")
    held[0].continue_()
    expect(page).to_have_url(re.compile(rf"/library/{document.pk}/$"))
    assert document.attachments.count() == 1


def test_the_report_poll_keeps_the_row_and_the_focus_and_says_once_that_it_is_done(
    page: Page, live_server, edition
):
    facilitator = User.objects.get(email=FACILITATOR)
    report = ClosingReport.objects.create(
        edition=edition,
        language="nl",
        status=ReportStatus.RUNNING,
        progress=20,
        step="render",
        requested_by=facilitator,
    )
    progress_url = f"/closing-reports/{report.pk}/progress/"
    log_in(page, live_server.url, FACILITATOR)
    page.goto(f"{live_server.url}/editions/{DEMO_SLUG}/closing-report/")
    row = page.locator(f"#closing-report-{report.pk}")
    link = row.locator(f"#closing-report-{report.pk}-link")
    said = row.get_by_role("status")
    expect(said).to_have_count(1)
    said.evaluate(RECORD_STATUS)
    row.evaluate("row => { window.__row = row; }")
    link.focus()
    expect(link).to_be_focused()

    # A poll or two while it is being made: the meter moves, the row, link and focus stay.
    ClosingReport.objects.filter(pk=report.pk).update(progress=60)
    expect(row.locator("progress")).to_have_attribute("value", "60")
    with page.expect_response(lambda response: progress_url in response.url):
        pass
    expect(link).to_be_focused()
    expect(link).to_have_attribute("href", progress_url)
    assert page.evaluate(f"document.getElementById('closing-report-{report.pk}') === window.__row")
    assert _said(page) == []
    _screenshots(page, "report-running")

    # Done: the link becomes "Open the PDF" and keeps the focus; the status line says it once.
    report.refresh_from_db()
    report.status, report.progress, report.pages = ReportStatus.DONE, 100, 3
    report.finished_at = timezone.now()
    report.file.save("slotrapport.pdf", ContentFile(ff.pdf_bytes("Slotrapport")), save=False)
    report.save()
    expect(link).to_have_attribute("href", f"/closing-reports/{report.pk}/report.pdf")
    expect(link).to_be_focused()
    expect(said).to_have_text(re.compile(r"\S"))
    expect(row.locator("progress")).to_have_count(0)
    expect(row.locator("form[action$='/publish/'] button")).to_be_visible()
    page.wait_for_timeout(2500)  # no more polls: nothing is said again
    assert len(_said(page)) == 1
    assert page.evaluate(f"document.getElementById('closing-report-{report.pk}') === window.__row")
    assert_accessible(page)
    _screenshots(page, "report-done")
