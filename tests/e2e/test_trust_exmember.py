"""Membership ends everywhere at once, in a real browser (issue 11, point 2): a participant reads
their group's private work plan, stops with the edition ("Stoppen met deze editie") and can no
longer open that work plan: the address answers "no access" / "not found". axe-core checks every
page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from leerplatform.core.visibility import Visibility
from leerplatform.demo.edition import DEMO_SLUG, load_demo
from leerplatform.editions.models import Membership
from leerplatform.groups.models import GroupMembership, LearningGroup
from leerplatform.groups.services import workplan as workplan_services
from tests.e2e.test_journeys import assert_accessible, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PARTICIPANT = "deelnemer@example.org"
AMBITION = "Onze ambitie blijft binnen de groep: zeldzaamheidsplan."


@pytest.fixture
def group(live_server):
    load_demo()
    membership = (
        GroupMembership.objects.active()
        .filter(user__email=PARTICIPANT)
        .select_related("group", "user")
        .first()
    )
    assert membership is not None, "the demo participant is in a learning group"
    group = membership.group
    LearningGroup.objects.filter(pk=group.pk).update(workplan_visibility=Visibility.GROUP)
    newest = workplan_services.newest_version(group)
    parts = {part: getattr(newest, part) if newest else "" for part in workplan_services.PARTS}
    parts["ambition"] = AMBITION
    workplan_services.save_workplan(
        group=group,
        author=membership.user,
        base_number=newest.number if newest else 0,
        parts=parts,
    )
    return group


def test_a_participant_who_stops_with_the_edition_no_longer_opens_the_groups_work_plan(
    page: Page, live_server, group
):
    base = live_server.url
    workplan_url = f"{base}/groups/{group.pk}/workplan/"

    # While taking part: the group's private work plan is theirs to read.
    log_in(page, base, PARTICIPANT)
    page.goto(workplan_url)
    expect(page.get_by_text(AMBITION)).to_be_visible()

    # "Stoppen met deze editie" from the dashboard, and confirm.
    page.goto(f"{base}/editions/{DEMO_SLUG}/dashboard/")
    page.get_by_role("link", name="Stoppen met deze editie").click()
    expect(page).to_have_url(re.compile(r"/leave/$"))
    assert_accessible(page)
    page.locator("main form").get_by_role("button", name="Stoppen met deze editie").click()
    assert Membership.objects.get(edition__slug=DEMO_SLUG, user__email=PARTICIPANT).left_at
    assert not GroupMembership.objects.active().filter(group=group, user__email=PARTICIPANT)

    # The work plan's address now answers "no access" (or "not found"), without its text.
    response = page.goto(workplan_url)
    assert response is not None and response.status in (403, 404)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_text(AMBITION)).to_have_count(0)
    assert_accessible(page)
