"""Reflection, give and take and the outputs to the field in a real browser: a participant
answers the reflection questions after a meeting, looks at their balance chart and consents to
publication; a facilitator makes and publishes the closing report; a visitor reads the published
output and downloads the report. axe-core checks every page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from leerplatform.accounts.models import User
from leerplatform.demo.edition import DEMO_SLUG, load_demo
from leerplatform.reflection.models import JournalEntry
from leerplatform.reflection.queries.journal import open_reflections
from leerplatform.showcase.models import ClosingReport, Output, ReportStatus
from tests.e2e.test_journeys import assert_accessible, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WAITING = "Best practice: stille uren in het team"


@pytest.fixture
def demo(live_server):
    edition = load_demo()
    participant = User.objects.get(email="deelnemer@example.org")
    meetings = open_reflections(participant, edition)
    assert meetings, "the demo leaves a meeting for the participant to reflect on"
    return {"edition": edition, "participant": participant, "meeting": meetings[0]}


def test_reflect_see_the_balance_consent_then_the_report_is_made_and_a_visitor_reads_it(
    page: Page, browser: Browser, live_server, demo
):
    base = live_server.url
    participant, meeting = demo["participant"], demo["meeting"]

    # Answer the reflection questions for the meeting.
    log_in(page, base, participant.email)
    page.goto(f"{base}/meetings/{meeting.pk}/reflect/")
    assert_accessible(page)
    form = page.locator("main form")
    answers = form.locator("textarea[name^=answer_]")
    expect(answers.first).to_be_visible()
    for index in range(answers.count()):
        answers.nth(index).fill(f"Antwoord {index + 1}: wat ik meenam uit de slotbijeenkomst.")
    form.locator("button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/reflect/$"))
    entry = JournalEntry.objects.get(user=participant, meeting=meeting)
    assert entry.shared_with is None  # private by default
    assert_accessible(page)

    # The give-and-take chart, with its numbers as a table.
    page.goto(f"{base}/editions/{DEMO_SLUG}/give-and-take/")
    expect(page.locator("main svg[role=img]").first).to_be_visible()
    expect(page.locator("main table").first).to_be_visible()
    assert_accessible(page)

    # Consent to the publication of the output that waits for this participant.
    page.goto(f"{base}/editions/{DEMO_SLUG}/consents/")
    assert_accessible(page)
    card = page.locator("main article, main li, main section").filter(has_text=WAITING).first
    card.locator("button[name=decision][value=give]").click()
    expect(page.locator("main")).to_contain_text(WAITING)
    output = Output.objects.get(document__title=WAITING)
    assert output.published_at is not None

    # A facilitator makes the closing report in Dutch and publishes it.
    facilitator = browser.new_context().new_page()
    log_in(facilitator, base, "facilitator@example.org")
    facilitator.goto(f"{base}/editions/{DEMO_SLUG}/closing-report/")
    assert_accessible(facilitator)
    before = set(ClosingReport.objects.values_list("pk", flat=True))
    form = facilitator.locator("main form").filter(has=facilitator.locator("[name=language]"))
    form.locator("[name=language][value=nl]").check()
    form.locator("button[type=submit]").click()
    expect(facilitator).to_have_url(re.compile(r"/closing-report/"))
    report = ClosingReport.objects.exclude(pk__in=before).get()
    row = facilitator.locator(f"#closing-report-{report.pk}")
    expect(row.locator("form[action$='/publish/'] button")).to_be_visible(timeout=30_000)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE and report.pages and report.pages > 1
    row.locator("form[action$='/publish/'] button").click()
    expect(facilitator.locator(f"#closing-report-{report.pk}")).to_be_visible()
    assert_accessible(facilitator)
    report.refresh_from_db()
    assert report.published_at is not None
    facilitator.context.close()

    # A visitor reads the published output and downloads the report.
    visitor = browser.new_context().new_page()
    visitor.goto(f"{base}/editions/{DEMO_SLUG}/outputs/")
    expect(visitor.locator("main")).to_contain_text(WAITING)
    expect(visitor.locator("meta[property='og:title']")).to_have_count(1)
    assert_accessible(visitor)
    link = visitor.locator(f"main a[href$='/closing-reports/{report.pk}/report.pdf']").first
    expect(link).to_be_visible()
    response = visitor.request.get(base + link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body()[:5] == b"%PDF-"
    visitor.context.close()
