"""The way in, in a real browser: apply → the applicant confirms and sets a password → a
facilitator admits → the applicant accepts the agreements and finds a colleague in "Wie is wie". axe-core checks every page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from leerplatform.demo.edition import DEMO_PASSWORD, DEMO_SLUG, load_demo
from leerplatform.editions.models import Edition
from leerplatform.membership.models import Application, ApplicationStatus
from tests.e2e.test_journeys import assert_accessible, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

APPLICANT = "rosa.willems@example.org"
NEW_PASSWORD = "leren-met-collegas-2019"


@pytest.fixture
def demo(live_server, settings):
    settings.SITE_URL = live_server.url  # the emailed links point at the test server
    return load_demo()


def verification_link(email: str) -> str:
    for message in reversed(mail.outbox):
        if email in message.to:
            found = re.search(r"https?://\S+/apply/verify/\S+/", message.body)
            if found:
                return found.group(0)
    raise AssertionError(f"no confirmation email to {email}")


def test_apply_be_admitted_set_a_password_accept_agreements_find_a_colleague(
    page: Page, browser: Browser, live_server, demo
):
    base = live_server.url
    # The demo edition ended on 31 May 2020, and an edition's calendar closes applications at its
    # end: let it run for this journey (the calendar rule is tested in tests/membership).
    Edition.objects.filter(slug=DEMO_SLUG).update(
        ends_on=timezone.localdate() + dt.timedelta(days=300)
    )
    # 1. A visitor applies from the public edition page.
    page.goto(base)
    page.locator(f"a[href='/editions/{DEMO_SLUG}/apply/']").first.click()
    expect(page).to_have_url(re.compile(r"/apply/$"))
    assert_accessible(page)
    form = page.locator("main form")
    form.locator("[name=name]").fill("Rosa Willems (fictief)")
    form.locator("[name=email]").fill(APPLICANT)
    form.locator("[name=institution]").select_option(label="Hogeschool Rotterdam")
    form.locator("[name=job_title]").fill("HRD-adviseur")
    form.locator("[name=years_of_experience]").fill("8")
    form.locator("[name=work_level][value=tactical]").check()
    form.locator("[name=motivation]").fill("Ik wil leren van collega's over teamontwikkeling.")
    form.locator("[name=themes]").first.check()
    form.locator("[name=consent]").check()
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/apply/sent/$"))
    assert_accessible(page)
    link = verification_link(APPLICANT)

    # 2. The applicant follows the link from the email, confirms and chooses a password.
    page.goto(link)
    assert_accessible(page)
    page.locator("[name=new_password1]").fill(NEW_PASSWORD)
    page.locator("[name=new_password2]").fill(NEW_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/my/applications/$"))

    # 3. The facilitator admits the application from the queue (confirmed ones only are there).
    facilitator = browser.new_context().new_page()
    log_in(facilitator, base, "facilitator@example.org")
    facilitator.goto(f"{base}/editions/{DEMO_SLUG}/applications/")
    assert_accessible(facilitator)
    card = facilitator.locator(".application-card", has_text="Rosa Willems")
    card.locator("input[name=applications]").check()
    facilitator.locator("input[name=decision][value=accept]").check()
    facilitator.locator("main form button[type=submit]").last.click()
    # The page has a second status region (the selection count): ask for the outcome's message.
    expect(facilitator.get_by_role("status").filter(has_text="toegelaten")).to_be_visible()
    assert Application.objects.get(email=APPLICANT).status == ApplicationStatus.ACCEPTED
    facilitator.context.close()

    # 4. On the way to the dashboard the agreements come first.
    page.goto(f"{base}/editions/{DEMO_SLUG}/dashboard/")
    expect(page).to_have_url(re.compile(r"/agreements/"))
    assert_accessible(page)
    expect(page.locator("main")).to_contain_text("Samenwerkingsafspraken")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Rosa")

    # 5. She finds a colleague in "Wie is wie".
    page.goto(f"{base}/editions/{DEMO_SLUG}/people/")
    assert_accessible(page)
    page.locator("main [name=q]").fill("Anouk")
    page.locator("main [name=q]").press("Enter")
    expect(page.locator("main")).to_contain_text("Anouk de Vries (fictief)")
    expect(page.locator("main")).not_to_contain_text("Bram Jansen (fictief)")
    page.get_by_role("link", name=re.compile("Anouk de Vries")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Anouk de Vries (fictief)")
    assert_accessible(page)


def test_the_demo_participant_still_lands_on_the_dashboard(page: Page, live_server, demo):
    log_in(page, live_server.url, "deelnemer@example.org")
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    assert DEMO_PASSWORD
