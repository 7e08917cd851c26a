"""A learning group in a real browser: join a group, write the work plan twice, compare the two
versions, have it agreed, log an activity, write the progress report for the next meeting and find
it on the meeting page. axe-core checks every page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from leerplatform.demo.edition import DEMO_PASSWORD, load_demo
from leerplatform.editions.models import Role, Theme
from leerplatform.groups.models import GroupStatus
from leerplatform.groups.services.groups import start_group
from leerplatform.meetings.models import Meeting, MeetingStatus
from leerplatform.membership.models import Agreement
from leerplatform.membership.services.agreements import accept_agreements
from tests import factories
from tests.e2e.test_journeys import assert_accessible, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def world(live_server):
    edition = load_demo()
    agreement = Agreement.objects.filter(edition=edition).order_by("-version").first()
    people = {}
    for key, name in [("rosa", "Rosa Willems (fictief)"), ("coco", "Coco Coördinator (fictief)")]:
        user = factories.make_member(
            edition, role=Role.PARTICIPANT, email=f"{key}@example.org", name=name
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        accept_agreements(agreement=agreement, user=user)
        people[key] = user
    group = start_group(
        edition=edition,
        actor=people["coco"],
        name="Samen leren over leren",
        description="Een nieuwe leergroep.",
        themes=[Theme.objects.get(edition=edition, title="Innovaties in leren")],
    )
    # Only active groups report to meetings.
    group.status = GroupStatus.ACTIVE
    group.save(update_fields=["status"])
    start = (timezone.localtime() + dt.timedelta(days=21)).replace(
        hour=9, minute=30, second=0, microsecond=0
    )
    meeting = Meeting.objects.create(
        edition=edition,
        title="Vijfde bijeenkomst",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=7),
        status=MeetingStatus.PUBLISHED,
    )
    return {"edition": edition, "group": group, "meeting": meeting, **people}


def save_workplan(page: Page, base: str, group, ambition: str) -> None:
    page.goto(f"{base}/groups/{group.pk}/workplan/edit/")
    form = page.locator("main form")
    form.locator("[name=ambition]").fill(ambition)
    form.locator("[name=desired_result]").fill("Een toolkit voor leren op de werkplek.")
    form.locator("button[type=submit]").click()


def test_join_plan_compare_agree_log_report_and_find_it_on_the_meeting_page(
    page: Page, browser: Browser, live_server, world
):
    base = live_server.url
    group, meeting = world["group"], world["meeting"]

    # Join the group.
    log_in(page, base, "rosa@example.org")
    page.goto(f"{base}/groups/{group.pk}/")
    assert_accessible(page)
    page.locator(f"form[action='/groups/{group.pk}/join/'] button[type=submit]").first.click()
    expect(page.get_by_role("status")).to_be_visible()
    assert group.memberships.filter(user=world["rosa"], left_at__isnull=True).exists()

    # Write the work plan twice and compare the versions.
    save_workplan(page, base, group, "Wij willen leren van elkaars praktijk.")
    assert_accessible(page)
    save_workplan(page, base, group, "Wij willen samen leren van elkaars praktijk en experimenten.")
    page.goto(f"{base}/groups/{group.pk}/workplan/compare/?a=1&b=2")
    expect(page.locator("main ins").first).to_be_visible()
    expect(page.locator("main")).to_contain_text("experimenten")
    assert_accessible(page)

    # The coordinator marks the plan as agreed.
    coordinator = browser.new_context().new_page()
    log_in(coordinator, base, "coco@example.org")
    coordinator.goto(f"{base}/groups/{group.pk}/workplan/")
    coordinator.locator("form[action$='/workplan/versions/2/agree/'] button[type=submit]").click()
    expect(coordinator.get_by_role("status")).to_be_visible()
    coordinator.context.close()
    assert group.workplan_versions.get(number=2).agreed_at is not None

    # Log an activity.
    page.goto(f"{base}/groups/{group.pk}/activities/new/")
    assert_accessible(page)
    form = page.locator("main form")
    form.locator("[name=kind]").select_option("intervision")
    form.locator("[name=title]").fill("Intervisie over leren op de werkplek")
    form.locator("[name=date]").fill(timezone.localdate().isoformat())
    status = form.locator("[name=status]")
    if form.locator("select[name=status]").count():
        status.select_option("done")
    else:
        form.locator("[name=status][value=done]").check()
    form.locator("[name=outcome]").fill("Drie casussen besproken.")
    form.locator("button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Intervisie over leren op de werkplek")
    assert_accessible(page)

    # Write the progress report for the next meeting and find it on the meeting page.
    page.goto(f"{base}/groups/{group.pk}/reports/{meeting.pk}/")
    assert_accessible(page)
    form = page.locator("main form")
    form.locator("[name=what_we_did]").fill("Werkplan gemaakt en een intervisie gehouden.")
    form.locator("[name=next_steps]").fill("De toolkit uitproberen op twee hogescholen.")
    form.locator("button[type=submit]").click()
    page.goto(f"{base}/meetings/{meeting.pk}/")
    expect(page.locator("main")).to_contain_text("Samen leren over leren")
    expect(page.locator("main")).to_contain_text("Werkplan gemaakt en een intervisie gehouden.")
    assert_accessible(page)
    assert re.search(r"/meetings/\d+/$", page.url)
