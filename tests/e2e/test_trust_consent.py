"""Trust, in a real browser: nothing goes public without every author's yes (issue 11, point 1).

A participant adds a co-author on her document's edit page and chooses "Openbaar"; the page says
it becomes public once every author has agreed, and a visitor does not see it. The co-author
consents on his consents page; now the visitor reads it and finds it on the outputs page.
axe-core checks every page.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from leerplatform.core.visibility import Visibility
from leerplatform.library.models import Document
from tests import factories
from tests.e2e.test_journeys import assert_accessible
from tests.library.factories import make_document

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "Gesprekskaarten werkgeluk"


def _log_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(factories.PASSWORD)
    page.locator("main").get_by_role("button", name="Inloggen").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


@pytest.fixture
def story(live_server):
    edition = factories.make_edition(is_published=True)
    anna = factories.make_member(edition, name="Anna Auteur")
    bert = factories.make_member(edition, name="Bert Bijdrager")
    document = make_document(edition, anna, title=TITLE)
    return {"edition": edition, "anna": anna, "bert": bert, "document": document}


def test_public_only_after_the_co_author_consents(page: Page, browser: Browser, live_server, story):
    base = live_server.url
    edition, document = story["edition"], story["document"]
    outputs_url = f"{base}/editions/{edition.slug}/outputs/"

    # Anna adds Bert as co-author and chooses "Openbaar".
    _log_in(page, base, story["anna"].email)
    page.goto(f"{base}/library/{document.pk}/edit/")
    assert_accessible(page)
    page.locator("main").get_by_label("Bert Bijdrager").check()
    page.locator("main input[name=visibility][value=public]").check()
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/library/{document.pk}/$"))
    expect(page.locator("main .offer-box__waiting")).to_contain_text("Bert Bijdrager")
    assert_accessible(page)
    assert Document.objects.get(pk=document.pk).visibility != Visibility.PUBLIC
    # The edit page says where it stands.
    page.goto(f"{base}/library/{document.pk}/edit/")
    expect(page.locator("main .consent-status")).to_contain_text("Bert Bijdrager")
    assert_accessible(page)

    # A visitor does not see it: the page asks to log in, the outputs page does not list it.
    visitor = browser.new_context().new_page()
    visitor.goto(f"{base}/library/{document.pk}/")
    expect(visitor).to_have_url(re.compile(r"/accounts/login/"))
    visitor.goto(outputs_url)
    expect(visitor.locator("main")).not_to_contain_text(TITLE)
    assert_accessible(visitor)

    # Bert consents.
    bert = browser.new_context().new_page()
    _log_in(bert, base, story["bert"].email)
    bert.goto(f"{base}/editions/{edition.slug}/consents/")
    assert_accessible(bert)
    card = bert.locator("main article").filter(has_text=TITLE).first
    card.locator("button[name=decision][value=give]").click()
    expect(bert.locator("main")).to_contain_text(TITLE)
    assert_accessible(bert)

    # Now the visitor reads it, with both names, and finds it on the outputs page.
    visitor.goto(f"{base}/library/{document.pk}/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(visitor.locator("main")).to_contain_text("Bert Bijdrager")
    assert_accessible(visitor)
    visitor.goto(outputs_url)
    expect(visitor.locator("main")).to_contain_text(TITLE)
    assert_accessible(visitor)
