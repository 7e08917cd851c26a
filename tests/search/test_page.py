"""The search page and the header's search box: what a person sees, bad input, pages, htmx, and a
fixed number of SQL queries whatever the number of matches."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from leerplatform.library.models import Document, DocumentKind
from leerplatform.search import index
from tests import factories
from tests.search.support import make_document, make_group, member

URL = reverse("search:search")


@pytest.fixture
def author(edition):
    return member(edition, name="Anna Auteur")


def _get(client, **params):
    # In English: the Dutch of new messages comes from the translator, after this work.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def test_results_show_type_kind_edition_year_and_highlights(edition, author, as_user):
    document = make_document(
        edition,
        author,
        "Toolkit leergroepen",
        summary="Werkvormen voor een leergroep.",
        kind=DocumentKind.BEST_PRACTICE,
    )
    make_group(edition, "Leergroep Inclusie")
    html = _get(as_user(author), q="leergroep")
    assert "2 results" in html
    assert (
        '<a href="' + document.get_absolute_url() + '">Toolkit <mark>leergroepen</mark></a>' in html
    )
    assert "Werkvormen voor een <mark>leergroep</mark>." in html
    assert "Best practice" in html
    assert edition.name in html
    assert str(document.created_at.year) in html
    assert ">Document<" in html and ">Learning group<" in html


def test_a_visitor_gets_a_friendly_empty_state(db, client):
    html = _get(client, q="nergensvoorkomendwoord")
    assert "0 results" in html
    assert "Nothing found." in html
    assert "You see public content only." in html


def test_a_query_of_stop_words_gets_a_hint(db, client):
    html = _get(client, q="de het een")
    assert "too common to search for" in html


def test_a_query_of_only_overlong_words_says_so_in_dutch(edition, author, client):
    """A pasted run of letters (here 5,000, cut to the query's 200) is no word to search for: the
    page says why nothing was searched, in the results and in the status line, and a real word
    beside it is searched for as usual."""
    make_document(edition, author, "Toolkit leergroepen", visibility="public")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    response = client.get(URL, {"q": "x" * 5000})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("Gebruik kortere woorden") == 2  # the heading and the status line
    assert "meer dan 60 letters" in html and "Typ wat je zoekt" not in html
    mixed = _get(client, q="leergroepen " + "x" * 80)
    assert "1 result" in mixed and "Use shorter words" not in mixed


def test_no_query_invites_to_type(db, client):
    html = _get(client)
    assert "0 results" not in html and 'class="search-hit"' not in html
    assert 'id="search-q"' in html


@pytest.mark.parametrize(
    "params",
    [
        {"theme": "abc"},
        {"group": "-1"},
        {"year": "99999"},
        {"author": "1e9"},
        {"type": "spaceship"},
        {"kind": "<script>"},
        {"page": "-1"},
        {"page": "abc"},
        {"page": "99999999999999999999"},
        {"theme": "0", "year": "x", "page": "0"},
        {"q": "x" * 5000},
        {"q": '"NEAR(*'},
    ],
)
def test_bad_filter_values_are_reported_never_a_server_error(edition, author, as_user, params):
    make_document(edition, author, "Toolkit leergroep")
    html = _get(as_user(author), **({"q": "toolkit"} | params))
    filter_params = {k for k in params if k not in ("q", "page")}
    if filter_params:
        assert "This is not one of the choices" in html
    if "q" not in params:
        assert "1 result " in html  # the search itself went ahead


def test_filters_apply_and_show_only_what_exists(edition, author, as_user):
    theme = edition.themes.first()
    make_document(edition, author, "Toolkit toetsing", themes=[theme])
    make_document(edition, author, "Toolkit feedback", kind=DocumentKind.RESEARCH)
    client = as_user(author)
    html = _get(client, q="toolkit", theme=theme.pk)
    assert "1 result " in html and "toetsing" in html and "feedback</a>" not in html
    html = _get(client, q="toolkit", kind="research")
    assert "1 result " in html and "feedback" in html and "toetsing" not in html
    # The theme options: the learning agenda of the person's own editions, no other edition's.
    for own in edition.themes.all():
        assert f'<option value="{own.pk}"' in html
    elsewhere = factories.make_edition().themes.first()
    html = _get(client, q="toolkit")
    assert f'<option value="{elsewhere.pk}"' not in html


def test_pages_of_twenty(edition, author, as_user):
    documents = [
        Document(edition=edition, title=f"Kennisdeling {i}", summary="Samenvatting", kind="toolkit")
        for i in range(45)
    ]
    Document.objects.bulk_create(documents)
    index.index_queryset(Document.objects.filter(edition=edition))
    client = as_user(author)
    first = _get(client, q="kennisdeling")
    assert "45 results" in first and "Page 1 of 3" in first
    assert first.count('class="search-hit"') == 20
    assert "page=2" in first
    last = _get(client, q="kennisdeling", page=3)
    assert last.count('class="search-hit"') == 5 and 'start="41"' in last
    beyond = _get(client, q="kennisdeling", page=9)
    assert "Page 3 of 3" in beyond and beyond.count('class="search-hit"') == 5


def test_htmx_gets_only_the_results(edition, author, as_user):
    make_document(edition, author, "Toolkit leergroep")
    response = as_user(author).get(
        URL, {"q": "toolkit"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="search-results"
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="search-results"')
    assert "<header" not in html
    assert 'hx-swap-oob="innerHTML"' in html


@pytest.mark.parametrize("count", [5, 200])
def test_the_page_costs_a_fixed_number_of_queries(
    edition, author, as_user, count, django_assert_max_num_queries
):
    other = member(edition, name="Bert Bijdrager")
    group = make_group(edition, "Leergroep Kennis", members=[author])
    themes = list(edition.themes.all()[:3])
    documents = Document.objects.bulk_create(
        Document(
            edition=edition,
            title=f"Kennisdeling {i}",
            summary="Over kennisdeling in de leergroep.",
            kind=DocumentKind.values[i % 9],
            group=group if i % 3 == 0 else None,
            visibility="group" if i % 6 == 0 else "platform",
        )
        for i in range(count)
    )
    for document in documents:
        document.themes.set(themes[: 1 + document.pk % 3])
        document.authors.set([author, other] if document.pk % 2 else [author])
    index.index_queryset(Document.objects.filter(edition=edition))
    client = as_user(author)
    client.get(URL, {"q": "kennisdeling"})  # sessions, caches
    # session + user, 4 filter options, the page's ids, the (capped) count, the entries, and on
    # PostgreSQL a savepoint pair and the planner setting: 12 at most; + the notification bell
    # (13) and the header's "Mijn edities" (the person's memberships, 14): the same at any size.
    with django_assert_max_num_queries(14):
        html = _get(client, q="kennisdeling", year=documents[0].created_at.year)
    assert f"{count} results" in html
    with django_assert_max_num_queries(14):
        _get(client, q="kennisdeling leergroep", theme=themes[0].pk)
    # A page past the end shows the last page: the search once more, still a fixed number (17,
    # and the bell and "Mijn edities" as above).
    with django_assert_max_num_queries(19):
        _get(client, q="kennisdeling", page=50)


def test_the_header_has_a_search_box_on_every_page(db, client, edition):
    for path in (reverse("editions:home"), reverse("editions:detail", args=[edition.slug])):
        html = client.get(path).content.decode()
        assert f'action="{URL}"' in html and 'role="search"' in html
        assert '<label for="site-search-q"' in html
        assert 'id="site-search-q" name="q"' in html


def test_the_header_box_keeps_the_query_on_the_search_page(db, client):
    html = _get(client, q="leergroep")
    assert 'id="site-search-q" name="q" maxlength="200" autocomplete="off"' in html
    assert 'value="leergroep"' in html
