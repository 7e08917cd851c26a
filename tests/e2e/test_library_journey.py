"""The library in a real browser: a participant uploads a toolkit for their learning group, adds a
new version, finds it through the header search by a stemmed word that appears only inside the
Word file, and downloads it. axe-core checks every page."""

from __future__ import annotations

import re

import pytest
from docx import Document as WordDocument
from playwright.sync_api import Page, expect

from leerplatform.demo.edition import DEMO_SLUG, load_demo
from leerplatform.groups.models import GroupMembership
from leerplatform.library.models import Document
from tests.e2e.test_journeys import assert_accessible, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "Toolkit inwerken van nieuwe HRD-collega's"


def word_file(path, *paragraphs: str):
    document = WordDocument()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(path)
    return path


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
    return membership.group


def test_upload_a_toolkit_add_a_version_find_it_by_a_stemmed_word_and_download_it(
    page: Page, live_server, group, tmp_path
):
    base = live_server.url
    first = word_file(
        tmp_path / "toolkit-inwerken.docx",
        "Stappenplan voor de eerste honderd dagen.",
        "Wij bundelen de ervaringen van drie hogescholen.",
    )
    second = word_file(
        tmp_path / "toolkit-inwerken.docx",
        "Stappenplan voor de eerste honderd dagen.",
        "Aangevuld met wat de leergroepen op de tweede bijeenkomst inbrachten.",
    )

    # Upload the toolkit for the group.
    log_in(page, base, "deelnemer@example.org")
    page.goto(f"{base}/editions/{DEMO_SLUG}/library/new/?group={group.pk}")
    assert_accessible(page)
    form = page.locator("main form")
    form.locator("[name=title]").fill(TITLE)
    form.locator("[name=summary]").fill("Een stappenplan voor het inwerken van nieuwe collega's.")
    form.locator("[name=kind]").select_option("toolkit")
    expect(form.locator("[name=visibility][value=group]")).to_be_checked()
    form.locator("[name=files]").set_input_files(str(first))
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/library/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    assert_accessible(page)
    document = Document.objects.get(title=TITLE)
    assert document.group == group and document.visibility == "group"

    # Add a new version with a note; the history shows both.
    page.locator("main a[href$='/upload/']").first.click()
    assert_accessible(page)
    form = page.locator("main form")
    form.locator("[name=file]").set_input_files(str(second))
    form.locator("[name=note]").fill("Verwerkt: de inbreng van de leergroepen")
    form.locator("button[type=submit]").click()
    # Wait for the answer before reading the database (the live server shares the connection).
    expect(page).not_to_have_url(re.compile(r"/upload/$"))
    expect(page.get_by_role("status")).to_be_visible()
    attachment = document.attachments.get()
    page.goto(f"{base}/library/files/{attachment.pk}/")
    expect(page.locator("main")).to_contain_text("Verwerkt: de inbreng van de leergroepen")
    assert attachment.versions.count() == 2
    assert_accessible(page)

    # Find it through the header search: "leergroep" matches "leergroepen", which appears only
    # in the text of the second version's Word file.
    search_box = page.locator("header").get_by_role("searchbox")
    search_box.fill("leergroep")
    search_box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?"))
    result = page.locator("main").get_by_role("link", name=TITLE)
    expect(result).to_be_visible()
    expect(page.locator("main mark").first).to_be_visible()
    assert_accessible(page)
    result.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)

    # Download it: the current (second) version, under its own name.
    with page.expect_download() as download_info:
        page.locator("main a.file-item__name").first.click()
    download = download_info.value
    assert download.suggested_filename == "toolkit-inwerken.docx"
    assert download.path().read_bytes() == second.read_bytes()
