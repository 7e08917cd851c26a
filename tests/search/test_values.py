"""The search page at scale: authors and learning groups are never all listed (the few with the
most results, with their numbers; the chosen one; any other by name through the autocomplete or,
without JavaScript, the form), the page stays small, snippets are made for the shown page only,
and the page costs the same number of SQL queries with 2,000 authors as with a handful."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from leerplatform.accounts.models import User
from leerplatform.editions import services
from leerplatform.groups.models import GroupStatus, LearningGroup
from leerplatform.library.models import Document, DocumentKind
from leerplatform.search import engine, index, queries
from tests import factories
from tests.conftest import client_for
from tests.search.support import make_document, make_group, member

URL = reverse("search:search")
AUTHORS_URL = reverse("search:authors")
GROUPS_URL = reverse("search:groups")


def _get(client, url=URL, **params) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def _radios(html: str, name: str) -> list[str]:
    """The values of the radio buttons `name` (in the page's order)."""
    return re.findall(rf'<input type="radio" name="{name}" value="(\d*)"', html)


def _fill(edition, *, people: int, groups: int, documents: int) -> tuple[list, list]:
    """`people` authors and `groups` learning groups, named on `documents` documents about
    "kennisdeling" (bulk inserts, then indexed): every author and group on some document."""
    authors = User.objects.bulk_create(
        User(email=f"auteur{i}.{edition.pk}@example.org", name=f"Auteur {i:04d}")
        for i in range(people)
    )
    made = LearningGroup.objects.bulk_create(
        LearningGroup(edition=edition, name=f"Leergroep {i:03d}", status=GroupStatus.ACTIVE)
        for i in range(groups)
    )
    docs = Document.objects.bulk_create(
        Document(
            edition=edition,
            title=f"Kennisdeling {i}",
            summary="Over kennisdeling.",
            kind=DocumentKind.TOOLKIT,
            group=made[i % groups],
            visibility="platform",
        )
        for i in range(documents)
    )
    per_document = -(-people // documents)
    Document.authors.through.objects.bulk_create(
        Document.authors.through(document_id=d.pk, user_id=authors[(i * per_document + k)].pk)
        for i, d in enumerate(docs)
        for k in range(per_document)
        if i * per_document + k < people
    )
    index.index_queryset(Document.objects.filter(edition=edition))
    index.index_queryset(LearningGroup.objects.filter(edition=edition))
    return authors, made


@pytest.fixture
def reader(edition):
    return member(edition, name="Rita Lezer")


def test_the_page_stays_small_with_thousands_of_authors_and_groups(edition, reader):
    _fill(edition, people=2100, groups=210, documents=300)
    client = client_for(reader)
    html = _get(client, q="kennisdeling")
    assert len(html.encode()) <= 60 * 1024, len(html.encode())
    # "All …" and the top ones: never every author or group.
    assert len(_radios(html, "author")) == queries.TOP + 1
    assert len(_radios(html, "group")) == queries.TOP + 1
    assert "<option" not in html.split('id="search-values"', 1)[1].split("</fieldset>")[0]
    # Without a query the page lists no more.
    html = _get(client)
    assert len(html.encode()) <= 60 * 1024
    assert len(_radios(html, "author")) <= queries.TOP + 1


def test_the_top_authors_and_groups_come_with_their_numbers(edition, reader):
    anna, bert = member(edition, name="Anna Auteur"), member(edition, name="Bert Bijdrager")
    first, second = (
        make_group(edition, "Leergroep Eerst", members=[anna]),
        make_group(edition, "Leergroep Twee", members=[bert]),
    )
    for i in range(3):
        make_document(edition, anna, f"Toetsing {i}", authors=[anna], group=first)
    make_document(edition, bert, "Toetsing in teams", authors=[bert], group=second)
    make_document(edition, bert, "Iets anders", authors=[bert])
    html = _get(client_for(reader), q="toetsing")
    assert _radios(html, "author") == ["", str(anna.pk), str(bert.pk)]
    assert re.search(r'Anna Auteur <span class="search-values__count">\(3\)</span>', html)
    assert re.search(r'Bert Bijdrager <span class="search-values__count">\(1\)</span>', html)
    assert _radios(html, "group") == ["", str(first.pk), str(second.pk)]
    assert re.search(r'Leergroep Eerst <span class="search-values__count">\(3\)</span>', html)


def test_a_chosen_author_outside_the_top_stays_shown_and_removable(edition, reader):
    authors, groups = _fill(edition, people=60, groups=30, documents=30)
    chosen = authors[-1]  # on one document, not among the top ten by count and name
    client = client_for(reader)
    top = _radios(_get(client, q="kennisdeling"), "author")
    assert str(chosen.pk) not in top
    html = _get(client, q="kennisdeling", author=chosen.pk, group=groups[-1].pk)
    assert re.search(rf'value="{chosen.pk}" id="author-{chosen.pk}" checked', html)
    assert re.search(rf'value="{groups[-1].pk}" id="group-{groups[-1].pk}" checked', html)
    assert "This is not one of the choices" not in html
    # Removable: "All authors", and a link without the author (the group stays).
    assert 'id="author-all"' in html
    remove = re.search(r'class="search-values__remove" href="\?([^"]*)"', html).group(1)
    assert "author=" not in remove and f"group={groups[-1].pk}" in remove


def test_the_autocomplete_finds_authors_and_groups_by_name(edition, reader):
    authors, groups = _fill(edition, people=60, groups=30, documents=30)
    client = client_for(reader)
    html = _get(client, AUTHORS_URL, author_q="auteur 005")
    assert _radios(html, "author") == [str(a.pk) for a in authors[50:60]]
    assert 'hx-swap-oob="innerHTML"' in html and "10 names to choose from" in html
    html = _get(client, GROUPS_URL, group_q="LEERGROEP 02")
    assert _radios(html, "group") == [str(g.pk) for g in groups[20:30]]


def test_the_autocomplete_is_bounded(edition, reader):
    _fill(edition, people=60, groups=30, documents=30)
    client = client_for(reader)
    assert len(_radios(_get(client, AUTHORS_URL, author_q="auteur"), "author")) == 20
    assert len(_radios(_get(client, GROUPS_URL, group_q="leergroep"), "group")) == 20
    # Too short, too long, or nonsense: nothing, never an error.
    assert _radios(_get(client, AUTHORS_URL, author_q="a"), "author") == []
    assert _radios(_get(client, AUTHORS_URL, author_q="auteur" * 1000), "author") == []
    assert _radios(_get(client, AUTHORS_URL, author_q="%_*\x00'\""), "author") == []
    assert client.post(AUTHORS_URL, {"author_q": "auteur"}).status_code == 405


def test_the_autocomplete_names_no_one_the_person_may_not_see(edition, reader):
    group_member = member(edition, name="Gina Groepslid")
    hidden = member(edition, name="Hugo Heimelijk")
    secret_group = make_group(edition, "Leergroep Heimelijk", members=[group_member, hidden])
    make_document(
        edition, hidden, "Verslag", authors=[hidden], group=secret_group, visibility="group"
    )
    elsewhere = factories.make_edition()
    other = factories.make_member(elsewhere, name="Hanna Heimelijk")
    make_document(elsewhere, other, "Elders", authors=[other])
    make_group(elsewhere, "Leergroep Heimelijk elders")
    for user in (reader, None, group_member):
        client = client_for(user)
        authors = _get(client, AUTHORS_URL, author_q="heimelijk")
        assert ("Hugo Heimelijk" in authors) == (user == group_member)
        assert "Hanna" not in authors
        groups = _get(client, GROUPS_URL, group_q="heimelijk")
        # Learning groups are known to the edition's members, not to visitors or others.
        assert ("Leergroep Heimelijk<" in groups) == (user is not None)
        assert "elders" not in groups
        # Chosen through the address: ignored and reported, the name never shown.
        page = _get(client, q="verslag", author=hidden.pk)
        if user != group_member:
            assert "Hugo" not in page and "This is not one of the choices" in page


def test_without_javascript_the_form_lists_the_names_typed(edition, reader):
    authors, _groups = _fill(edition, people=60, groups=30, documents=30)
    html = _get(client_for(reader), q="kennisdeling", author_q="Auteur 0059", group_q="x")
    assert f'value="{authors[59].pk}" id="author-s{authors[59].pk}"' in html
    assert '<details class="search-form__filters" open>' in html
    assert "No name with “x”" not in html  # one letter: nothing looked up


def test_htmx_swaps_the_counted_values_out_of_band(edition, reader):
    make_document(edition, reader, "Toetsing", authors=[reader])
    response = client_for(reader).get(
        URL, {"q": "toetsing"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="search-results"
    )
    html = response.content.decode()
    assert '<div id="search-values" class="search-values-area" hx-swap-oob="true">' in html
    assert f'value="{reader.pk}"' in html


def test_snippets_are_made_for_the_shown_page_only(edition, reader, monkeypatch):
    _fill(edition, people=10, groups=5, documents=45)
    made = []
    real = engine.snippet
    monkeypatch.setattr(engine, "snippet", lambda *a, **k: made.append(1) or real(*a, **k))
    html = _get(client_for(reader), q="kennisdeling")
    assert "45 results" in html
    assert len(made) == queries.PER_PAGE


def _page_queries(client, params) -> int:
    client.get(URL, params)  # sessions, caches
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as captured:
        _get(client, **params)
    return len(captured)


def test_the_page_costs_the_same_queries_small_and_large(edition, reader, settings):
    settings.VISITOR_CACHE_SECONDS = 0  # the page's own reads, not the shared fragment's hit
    authors, groups = _fill(edition, people=20, groups=4, documents=10)
    # In two editions from the start: "Mijn edities" then reads the editions at either size.
    services.add_member(edition=factories.make_edition(), user=reader)
    client = client_for(reader)
    chosen = {
        "q": "kennisdeling",
        "author": authors[0].pk,
        "group": groups[0].pk,
        "author_q": "auteur",
        "group_q": "leergroep",
    }
    small = [_page_queries(client, p) for p in ({"q": "kennisdeling"}, chosen, {})]
    more, more_groups = _fill(factories.make_edition(), people=2000, groups=200, documents=400)
    # The reader is not in that edition: make them a member, so that everything counts.
    services.add_member(edition=more_groups[0].edition, user=reader)
    chosen |= {"author": more[0].pk, "group": more_groups[0].pk}
    large = [_page_queries(client, p) for p in ({"q": "kennisdeling"}, chosen, {})]
    assert small == large
    # session + user, themes + years, a chosen author and group, the search (3, and a savepoint
    # pair and the planner setting on PostgreSQL), the counted authors and groups, two lists of
    # names, the bell and "Mijn edities" (the roles, then the editions: the reader has two).
    assert large[1] <= 15 + (3 if connection.vendor == "postgresql" else 0)


def test_themes_and_years_of_every_edition_of_mine_and_of_public_content(edition, reader):
    """The themes and years offered: those of the person's editions and of public content. A
    theme names its edition when they come from more than one; a visitor gets the public ones."""
    import datetime as dt

    later = factories.make_edition(
        name="Leerplatform 2031", starts_on=dt.date(2031, 9, 1), ends_on=dt.date(2032, 6, 30)
    )
    services.add_member(edition=later, user=reader, role="participant")
    mine = queries.filter_options(user=reader, counted=False)
    first = later.themes.order_by("position").first()
    assert mine.theme_choices[0] == (first.pk, f"{first.title} ({later.name})")  # latest first
    assert len(mine.theme_choices) == edition.themes.count() + later.themes.count()
    assert mine.years == [2032, 2031, 2020, 2019]
    alone = queries.filter_options(user=member(later), counted=False)
    assert alone.theme_choices[0] == (first.pk, first.title)  # one edition: no edition named
    assert alone.years == [2032, 2031]
    assert queries.filter_options(user=None, counted=False).theme_choices == []
    theme = edition.themes.order_by("position").first()
    make_document(edition, reader, "Openbaar verslag", visibility="public", themes=[theme])
    visitor = queries.filter_options(user=None, counted=False)
    assert (visitor.theme_choices, visitor.years) == ([(theme.pk, theme.title)], [2020, 2019])
