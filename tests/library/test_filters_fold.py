"""The library's filters fold behind "Filters" (issue 15, point 7): closed, so that on a phone the
documents come first; the summary says how many filters are set; the page's one primary button is
"Add a document", and deleting a document is a secondary action that asks first."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from leerplatform.library.models import Document
from tests import factories
from tests.conftest import client_for
from tests.library.factories import make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(edition):
    return factories.make_member(edition, name="Anna Auteur")


def _library(edition, query: str = "") -> str:
    return reverse("library:library", kwargs={"slug": edition.slug}) + query


def _details(html: str) -> str:
    match = re.search(r'<details class="card filter-panel"[^>]*>(.*?)</details>', html, re.S)
    assert match, "no folded filter panel"
    return match.group(0)


def _primary_buttons(html: str) -> list[str]:
    main = html.split("<main", 1)[1]
    return re.findall(r"<(?:a|button)\b[^>]*\bbutton--primary\b[^>]*>", main)


def test_the_filters_are_folded_and_come_before_the_documents(edition, author):
    make_document(edition, author, title="Toolkit werkgeluk")
    html = client_for(author).get(_library(edition)).content.decode()
    panel = _details(html)
    assert not re.match(r"<details[^>]*\bopen\b", panel)
    assert 'role="search"' in panel and 'name="theme"' in panel
    assert "filter-panel__count" not in panel  # nothing set, nothing counted
    assert html.index(panel) < html.index("Toolkit werkgeluk")


def test_the_summary_counts_the_active_filters(edition, author):
    theme = edition.themes.order_by("position").first()
    make_document(edition, author, title="Toolkit werkgeluk", themes=[theme], kind="toolkit")
    html = client_for(author).get(_library(edition, f"?theme={theme.pk}&kind=toolkit"))
    html = html.content.decode()
    summary = re.search(r"<summary>(.*?)</summary>", _details(html), re.S).group(1)
    assert re.search(r"\(2 \w+\)", summary)
    # "Show all documents" stays in view beside the results, outside the folded panel.
    reset = f'href="{_library(edition)}"'
    assert reset in html and reset not in _details(html)


def test_only_adding_a_document_is_primary(edition, author):
    html = client_for(author).get(_library(edition)).content.decode()
    primary = _primary_buttons(html)
    assert len(primary) == 1
    assert reverse("library:create", kwargs={"slug": edition.slug}) in primary[0]
    assert re.search(r'<button type="submit" class="button button--secondary"', _details(html))


def test_deleting_a_document_is_secondary_and_asks_first(edition, author):
    document = make_document(edition, author, title="Verslag")
    client = client_for(author)
    html = client.get(document.get_absolute_url()).content.decode()
    delete_url = reverse("library:delete", kwargs={"pk": document.pk})
    tag = re.search(r'<a [^>]*href="' + re.escape(delete_url) + '"[^>]*>', html).group(0)
    assert "button--danger-outline" in tag and "button--primary" not in tag
    assert client.get(delete_url).status_code == 200
    assert Document.objects.get(pk=document.pk).deleted_at is None
