"""Erase my account, in a real browser (issue 17, point 2): a participant opens "Erase my
account" from "Mijn gegevens", confirms with their password, reads what goes and what stays, confirms and is logged
out; after the grace period (the daily command's call, `erase_due` with a `now` eight days on) a
fellow group member reads the participant's discussion post under "Voormalig deelnemer", and
the old name is nowhere on the page. axe-core checks every
page; with E2E_SCREENSHOTS=<folder> it keeps screenshots at 1280 and 390 px."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from leerplatform.accounts.models import User
from leerplatform.core.visibility import Visibility
from leerplatform.demo.edition import DEMO_PASSWORD, load_demo
from leerplatform.groups.models import GroupMembership
from leerplatform.groups.services.discussions import start_thread
from leerplatform.library.models import Document, DocumentKind
from leerplatform.library.services.documents import create_document
from leerplatform.privacy.services.erasure import erase_due, former_participant_name
from tests.e2e.test_journeys import assert_accessible, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PARTICIPANT = "deelnemer@example.org"
# The platform's word for an erased person (msgid "Former participant"; the Dutch catalogue's).
FORMER = "Voormalig deelnemer"
POST = "Wat ik meeneem: elke bijeenkomst één vraag die blijft hangen."
# Screenshots to look at, when asked for: E2E_SCREENSHOTS=<folder>.
SHOTS = os.environ.get("E2E_SCREENSHOTS", "")
WIDTHS = (1280, 390)


def _screenshots(page: Page, name: str) -> None:
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(Path(SHOTS) / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 720})


@pytest.fixture
def scene(live_server):
    """The demo, and a discussion the participant started in their learning group, with a
    fellow member of that group who will read it afterwards."""
    load_demo()
    mine = (
        GroupMembership.objects.active()
        .filter(user__email=PARTICIPANT)
        .select_related("group", "user")
        .first()
    )
    assert mine is not None, "the demo participant is in a learning group"
    fellow = (
        GroupMembership.objects.active()
        .filter(group=mine.group)
        .exclude(user=mine.user)
        .select_related("user")
        .first()
    )
    assert fellow is not None, "the group has another member"
    thread = start_thread(
        group=mine.group,
        author=mine.user,
        title="Wat neem je mee?",
        text=POST,
        visibility=Visibility.GROUP,
    )
    own = create_document(
        edition=mine.group.edition,
        actor=mine.user,
        title="Mijn eigen aantekeningen",
        summary="Alleen door mij geschreven.",
        kind=DocumentKind.TOOLKIT,
    )
    return {"person": mine.user, "fellow": fellow.user, "thread": thread, "own": own}


def test_a_participant_erases_their_account_and_their_post_reads_former_participant(
    page: Page, live_server, scene
):
    base = live_server.url
    person, fellow, thread = scene["person"], scene["fellow"], scene["thread"]
    old_name = person.name

    # Ask: the page first wants the password again (allauth's re-authentication).
    log_in(page, base, PARTICIPANT)
    page.goto(f"{base}/profile/data/")
    box = page.locator("section", has=page.locator("#erasure-heading"))
    expect(box).to_be_visible()
    _screenshots(page, "my-data")
    box.get_by_role("link", name="Mijn account wissen").click()
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    assert_accessible(page)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.locator("main form").get_by_role("button").last.click()

    # What goes and what stays, in plain words; the one choice; the confirming button.
    expect(page).to_have_url(re.compile(r"/profile/data/erase/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("#erase-goes")).to_be_visible()
    expect(page.locator("#erase-stays")).to_be_visible()
    expect(page.get_by_role("link", name="Mijn eigen aantekeningen")).to_be_visible()
    assert_accessible(page)
    _screenshots(page, "erase-page")
    page.locator("#id_delete_documents").check()  # also the document they alone wrote
    page.locator("main form button.button--danger").click()

    # Logged out, with the day it will happen; the account waits out its grace period.
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator(".messages")).to_be_visible()
    assert_accessible(page)
    _screenshots(page, "erase-asked")
    person.refresh_from_db()
    assert person.erasure_due_at is not None and person.erased_at is None

    # The daily command, eight days later.
    assert erase_due(now=timezone.now() + dt.timedelta(days=8)) == 1
    erased = User.objects.get(pk=person.pk)
    assert erased.name == former_participant_name() == FORMER
    assert not Document.objects.filter(pk=scene["own"].pk).exists()

    # A fellow member reads the discussion: the post is there, its author "Voormalig deelnemer".
    page.context.clear_cookies()
    log_in(page, base, fellow.email)
    page.goto(f"{base}/discussions/{thread.pk}/")
    expect(page.get_by_text(POST)).to_be_visible()
    post = page.locator(".post").filter(has_text=POST)
    expect(post.locator(".post__author")).to_have_text(FORMER)
    expect(page.get_by_text(old_name)).to_have_count(0)
    assert_accessible(page)
    _screenshots(page, "post-after-erasure")
