"""Issue 11, acceptance 1 — the reported walk-around of the consent flow, reproduced as found.

A participant adds a co-author on the document's edit page (or the create page) and chooses
"Openbaar": the co-author has not consented, so a visitor must not see the document, nor the names,
anywhere — until the co-author says yes.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from leerplatform.core.visibility import Visibility
from leerplatform.library.models import Document
from leerplatform.search.engine import search
from tests import factories
from tests.conftest import client_for
from tests.library.factories import make_document

pytestmark = pytest.mark.django_db

TITLE = "Toolkit werkgeluk"


@pytest.fixture
def anna(edition):
    return factories.make_member(edition, name="Anna Auteur")


@pytest.fixture
def bert(edition):
    return factories.make_member(edition, name="Bert Bijdrager")


def _form(document_or_none, *, authors, visibility="public", **extra) -> dict:
    data = {
        "title": TITLE,
        "summary": "Gesprekskaarten over werkgeluk in teams.",
        "kind": "toolkit",
        "body": "",
        "authors": [a.pk for a in authors],
        "visibility": visibility,
        "licence": "cc-by-4.0",
    }
    return data | extra


def _visitor_sees(edition, title: str, names=()) -> dict[str, bool]:
    visitor = client_for(None)
    document = Document.objects.get(title=title)
    page = visitor.get(reverse("library:document", args=[document.pk]))
    library = visitor.get(reverse("library:library", kwargs={"slug": edition.slug})).content
    outputs = visitor.get(reverse("showcase:outputs", kwargs={"slug": edition.slug})).content
    feed = visitor.get(reverse("showcase:feed", kwargs={"slug": edition.slug})).content
    found = any(hit.entry.title == title for hit in search(AnonymousUser(), title).hits)
    return {
        "page": page.status_code == 200,
        "library": title.encode() in library,
        "outputs": title.encode() in outputs,
        "feed": title.encode() in feed,
        "search": found,
        "names": any(n.encode() in page.content for n in names)
        if page.status_code == 200
        else False,
    }


def test_edit_page_adding_a_co_author_and_choosing_public_shows_nothing_to_visitors(
    edition, anna, bert
):
    document = make_document(edition, anna, title=TITLE)
    response = client_for(anna).post(
        reverse("library:edit", args=[document.pk]), _form(document, authors=[anna, bert])
    )
    assert response.status_code == 302
    assert Document.objects.get(pk=document.pk).visibility != Visibility.PUBLIC
    assert not any(_visitor_sees(edition, TITLE, names=[bert.name]).values())


def test_create_page_with_a_co_author_and_public_shows_nothing_to_visitors(edition, anna, bert):
    upload = SimpleUploadedFile("a.txt", b"tekst", content_type="text/plain")
    response = client_for(anna).post(
        reverse("library:create", kwargs={"slug": edition.slug}),
        _form(None, authors=[anna, bert], files=upload),
    )
    assert response.status_code == 302
    assert Document.objects.get(title=TITLE).visibility != Visibility.PUBLIC
    assert not any(_visitor_sees(edition, TITLE, names=[bert.name]).values())


def test_demo_public_documents_are_on_the_outputs_page(django_capture_on_commit_callbacks):
    from leerplatform.demo import edition as demo

    with django_capture_on_commit_callbacks(execute=True):
        edition = demo.load_demo()
    public = Document.objects.alive().filter(edition=edition, visibility=Visibility.PUBLIC)
    assert public.exists()
    page = client_for(None).get(reverse("showcase:outputs", kwargs={"slug": edition.slug}))
    for document in public:
        assert escape(document.title).encode() in page.content, document.title
