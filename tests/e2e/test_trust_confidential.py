"""The confidential tier in a real browser (issue 11, point 3): a group member marks a document
vertrouwelijk and sees the badge; a facilitator of the edition outside the group finds it neither
in the library nor in the search, and its address answers "not found". axe-core checks every page.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from leerplatform.demo.edition import DEMO_SLUG, load_demo
from leerplatform.groups.models import GroupMembership
from leerplatform.library.models import Document
from tests.e2e.test_journeys import assert_accessible, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "Intervisiecasus zeldzaamheidsverlof"
WORD = "zeldzaamheidsverlof"


@pytest.fixture
def group(live_server):
    load_demo()
    membership = (
        GroupMembership.objects.active()
        .filter(user__email="deelnemer@example.org")
        .select_related("group")
        .first()
    )
    assert membership is not None, "the demo participant is in a learning group"
    # The facilitator must be outside the group for this step.
    assert (
        not GroupMembership.objects.active()
        .filter(group=membership.group, user__email="facilitator@example.org")
        .exists()
    )
    return membership.group


def test_a_member_marks_a_document_confidential_and_a_facilitator_outside_cannot_find_it(
    page: Page, browser: Browser, live_server, group, tmp_path
):
    base = live_server.url
    upload = tmp_path / "casus.txt"
    upload.write_text(f"Verslag van onze intervisie over {WORD}.", encoding="utf-8")

    # A member of the group adds a document and marks it vertrouwelijk.
    log_in(page, base, "deelnemer@example.org")
    page.goto(f"{base}/editions/{DEMO_SLUG}/library/new/?group={group.pk}")
    form = page.locator("main form")
    form.locator("[name=title]").fill(TITLE)
    form.locator("[name=summary]").fill(f"Een casus over {WORD}, alleen voor onze leergroep.")
    form.locator("[name=kind]").select_option("other")
    form.locator("[name=visibility][value=confidential]").check()
    form.locator("[name=files]").set_input_files(str(upload))
    assert_accessible(page)
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/library/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    # "Vertrouwelijk" once the lead has merged the Dutch catalogue (po-fragments/confidential.po).
    expect(page.locator("main .confidential-badge").first).to_have_text(
        re.compile("Vertrouwelijk|Confidential")
    )
    assert_accessible(page)
    document = Document.objects.get(title=TITLE)
    assert document.visibility == "confidential" and document.group == group
    document_path = f"/library/{document.pk}/"

    # The member still finds it in the library and the search.
    page.goto(f"{base}/editions/{DEMO_SLUG}/library/")
    expect(page.locator("main").get_by_role("link", name=TITLE)).to_be_visible()
    page.goto(f"{base}/search/?q={WORD}")
    expect(page.locator("main").get_by_role("link", name=TITLE)).to_be_visible()

    # A facilitator of the edition who is not in the group finds nothing.
    context = browser.new_context()
    other = context.new_page()
    log_in(other, base, "facilitator@example.org")
    other.goto(f"{base}/editions/{DEMO_SLUG}/library/")
    expect(other.get_by_role("heading", level=1)).to_be_visible()
    expect(other.locator("main")).not_to_contain_text(TITLE)
    assert other.locator(f"main a[href='{document_path}']").count() == 0
    assert_accessible(other)
    search_box = other.locator("header").get_by_role("searchbox")
    search_box.fill(WORD)
    search_box.press("Enter")
    expect(other).to_have_url(re.compile(r"/search/\?"))
    expect(other.locator("main")).not_to_contain_text(TITLE)
    assert other.locator(f"main a[href='{document_path}']").count() == 0
    assert_accessible(other)
    response = other.goto(f"{base}{document_path}")
    assert response is not None and response.status == 404
    expect(other.locator("main")).not_to_contain_text(TITLE)
    context.close()
