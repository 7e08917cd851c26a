"""Writing in a real browser (issue 15, point 6): the Markdown toolbar puts the marks around the
selection (by mouse and by keyboard), the preview is the server's rendering, the @mention
suggestions still work in the same field, and without JavaScript the form posts as before.
axe-core checks the form with the toolbar and the preview open."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from leerplatform.demo.edition import DEMO_PASSWORD
from leerplatform.editions.models import Phase, Role
from tests import factories
from tests.e2e.test_journeys import assert_accessible, log_in
from tests.groups.factories_discussions import make_group

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _person(edition, email, name):
    user = factories.make_member(edition, role=Role.PARTICIPANT, email=email, name=name)
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


@pytest.fixture
def group(live_server):
    edition = factories.make_edition(themes=2, phase=Phase.BUILDING)
    sanne = _person(edition, "sanne@example.org", "Sanne de Vries (fictief)")
    joop = _person(edition, "joop@example.org", "Joop Jansen (fictief)")
    return make_group(edition, name="Werkgeluk in teams", members=[sanne, joop])


def _select(page: Page, selector: str, start: int, end: int) -> None:
    page.locator(selector).evaluate(
        f"(field) => {{ field.focus(); field.setSelectionRange({start}, {end}); }}"
    )


def test_a_member_formats_previews_and_posts_with_the_toolbar(page: Page, live_server, group):
    log_in(page, live_server.url, "joop@example.org")
    page.goto(f"{live_server.url}/groups/{group.pk}/discussions/new/")
    text = page.locator("textarea[name=text]")
    editor = page.locator("[data-markdown-editor]")
    bold = editor.get_by_role("button", name="Vet", exact=True)
    expect(bold).to_be_visible()

    text.fill("Dit is belangrijk nieuws")
    _select(page, "textarea[name=text]", 7, 17)
    bold.click()
    expect(text).to_have_value("Dit is **belangrijk** nieuws")

    _select(page, "textarea[name=text]", 22, 28)
    text.press("Control+i")
    expect(text).to_have_value("Dit is **belangrijk** *nieuws*")

    # The toolbar by keyboard: Shift+Tab from the field reaches the buttons, Enter works them.
    text.press("End")
    text.press("Enter")
    text.press_sequentially("eerste punt")
    text.press("Shift+Tab")
    preview = editor.get_by_role("button", name="Voorbeeld")
    expect(preview).to_be_focused()
    page.keyboard.press("Shift+Tab")  # Link
    page.keyboard.press("Shift+Tab")  # Numbered list
    page.keyboard.press("Shift+Tab")  # Bulleted list
    expect(editor.get_by_role("button", name="Lijst met opsommingstekens")).to_be_focused()
    page.keyboard.press("Enter")
    expect(text).to_have_value("Dit is **belangrijk** *nieuws*\n\n- eerste punt")

    preview.click()
    expect(preview).to_have_attribute("aria-expanded", "true")
    region = page.locator("#id_text_preview")
    expect(region.locator("strong")).to_have_text("belangrijk")
    expect(region.locator("em")).to_have_text("nieuws")
    expect(region.locator("li")).to_have_text("eerste punt")
    assert_accessible(page)

    # The open preview follows the text.
    text.press("End")
    text.press_sequentially(" <script>alert(1)</script>")
    expect(region.locator("li")).to_have_text("eerste punt")
    expect(region).not_to_contain_text("alert")

    page.get_by_label("Titel").fill("Nieuws uit het team")
    page.get_by_role("button", name="Discussie starten").click()
    expect(page.locator("#post-list strong", has_text="belangrijk")).to_be_visible()

    # The reply field has the toolbar too, and @mentions still find people in it.
    reply = page.locator("#reply-form textarea")
    expect(
        page.locator("#reply-form").get_by_role("button", name="Vet", exact=True)
    ).to_be_visible()
    reply.click()
    reply.press_sequentially("Goed idee @San", delay=30)
    option = page.get_by_role("option", name="Sanne de Vries (fictief)")
    expect(option).to_be_visible()
    reply.press("ArrowDown")
    reply.press("Enter")
    expect(reply).to_have_value("Goed idee @**Sanne de Vries (fictief)** ")
    assert_accessible(page)


def test_without_javascript_the_form_posts_and_the_help_line_stays(
    browser: Browser, live_server, group
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        # Logging in without axe-core: it needs script to run.
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("E-mailadres").fill("joop@example.org")
        page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
        page.locator("main").get_by_role("button", name="Inloggen").click()
        page.goto(f"{live_server.url}/groups/{group.pk}/discussions/new/")
        editor = page.locator("[data-markdown-editor]")
        expect(editor.get_by_role("button", name="Vet", exact=True)).to_be_hidden()
        expect(editor.get_by_role("button", name="Voorbeeld")).to_be_hidden()
        expect(editor.locator(".markdown-editor__help")).to_contain_text("Opmaak met Markdown")

        page.get_by_label("Titel").fill("Zonder script")
        page.locator("textarea[name=text]").fill("Het werkt **ook zo**.")
        page.get_by_role("button", name="Discussie starten").click()
        expect(page.locator("#post-list strong", has_text="ook zo")).to_be_visible()
    finally:
        context.close()
