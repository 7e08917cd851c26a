"""Search never finds, counts, shows in a snippet or offers as a filter option what a person may
not see: a group-only document, a draft meeting and its proposals, the profile fields a person
hides, another edition's content, a document in the bin. Every secret below carries the word
"vertrouwelijk" (and its own theme and author), so one search asks for all of them at once."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.urls import reverse

from leerplatform.editions.models import Role
from leerplatform.library.services.documents import delete_document
from leerplatform.meetings.models import MeetingStatus
from leerplatform.search.engine import search
from leerplatform.search.queries import filter_options
from tests import factories
from tests.conftest import client_for
from tests.search.support import make_document, make_group, make_proposal

ROLES = ["visitor", "outsider", "participant", "facilitator", "staff", "group_member"]
SECRET_WORDS = ("vertrouwelijk", "geheim")


@dataclass
class Secrets:
    users: dict
    group_member: object
    hidden_theme: object
    hidden_author: object
    other_edition_theme: object
    other_edition_author: object


@pytest.fixture
def secrets(db) -> Secrets:
    edition = factories.make_edition()
    group_member = factories.make_member(edition, name="Gina Groepslid")
    hidden_author = factories.make_member(edition, name="Hugo Heimelijk")
    group = make_group(edition, "Leergroep Toetsing", members=[group_member, hidden_author])
    hidden_theme = edition.themes.order_by("position").last()
    users = {
        "visitor": None,
        "outsider": factories.make_user(name="Otto Outsider"),
        "participant": factories.make_member(edition, name="Piet Participant"),
        "facilitator": factories.make_member(edition, role=Role.FACILITATOR, name="Fay Facil"),
        "staff": factories.make_user(name="Sam Staff", is_staff=True, is_superuser=True),
        "group_member": group_member,
    }
    # 1. A document for the group only, with a theme and an author nothing else has.
    make_document(
        edition,
        hidden_author,
        "Vertrouwelijk groepsverslag",
        summary="Geheim: alleen voor de leergroep.",
        group=group,
        visibility="group",
        themes=[hidden_theme],
    )
    # 2. A draft meeting and a proposal for it.
    draft = factories.make_meeting(
        edition, status=MeetingStatus.DRAFT, title="Vertrouwelijke bijeenkomst"
    )
    make_proposal(draft, users["participant"], "Vertrouwelijk voorstel", gains="Geheim inzicht")
    # 3. A person who hides their job title, institution and bio.
    factories.make_member(
        edition,
        name="Vera Verborgen",
        job_title="Vertrouwelijk adviseur",
        bio="Geheim: vertrouwelijk werk.",
        institution=factories.an_institution(),
        visible_fields=[],
    )
    # 4. The platform content of another edition.
    other_edition = factories.make_edition()
    other_author = factories.make_member(other_edition, name="Ellen Elders")
    other_theme = other_edition.themes.first()
    make_document(
        other_edition,
        other_author,
        "Vertrouwelijk platformstuk",
        summary="Geheim voor andere edities.",
        themes=[other_theme],
    )
    # 5. A document in the bin.
    binned = make_document(edition, users["participant"], "Vertrouwelijk weggegooid")
    delete_document(document=binned, actor=users["participant"])
    # Public and edition content that everyone resp. the members do find (the controls).
    make_document(edition, users["participant"], "Openbare toolkit", visibility="public")
    return Secrets(
        users=users,
        group_member=group_member,
        hidden_theme=hidden_theme,
        hidden_author=hidden_author,
        other_edition_theme=other_theme,
        other_edition_author=other_author,
    )


def _mentions_a_secret(text: str) -> bool:
    return any(word in text.lower() for word in SECRET_WORDS)


@pytest.mark.parametrize("role", [r for r in ROLES if r != "group_member"])
def test_no_secret_is_found_counted_or_shown(secrets, role):
    user = secrets.users[role]
    for query in ("vertrouwelijk", "geheim", "vertrouwelijk geheim", "vertrouw"):
        results = search(user, query)
        assert results.total == 0, (role, query, [h.entry.title for h in results.hits])
        assert results.hits == []
    for query in ("adviseur", "werk"):  # Vera's hidden job title and bio
        assert search(user, query).hits == []


def test_only_the_group_finds_its_document(secrets):
    results = search(secrets.group_member, "vertrouwelijk")
    assert [h.entry.title for h in results.hits] == ["Vertrouwelijk groepsverslag"]
    assert results.total == 1


@pytest.mark.parametrize("role", ROLES)
def test_the_search_page_mentions_no_secret(secrets, role):
    client = client_for(secrets.users[role])
    for query in ("vertrouwelijk", "geheim", "Vera"):
        html = client.get(reverse("search:search"), {"q": query}).content.decode()
        main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
        # The query itself is echoed back (in English or Dutch quotes): that is no leak.
        for echo in (f"“{query}”", f"‘{query}’", f'value="{query}"'):
            main = main.replace(echo, "")
        if role == "group_member" and query != "Vera":
            # The group's own document, and nothing else.
            hits = re.findall(r'<li class="search-hit">.*?</li>', main, flags=re.S)
            assert len(hits) == 1 and "groepsverslag" in hits[0]
            main = main.replace(hits[0], "")
        assert not _mentions_a_secret(main), (role, query)
        assert "adviseur" not in main.lower(), (role, query)


@pytest.mark.parametrize("role", ROLES)
def test_filter_options_name_nothing_hidden(secrets, role):
    options = filter_options(user=secrets.users[role])
    theme_ids = {pk for pk, _ in options.theme_choices}
    author_ids = {pk for pk, _ in options.author_choices}
    group_names = {name for _, name in options.group_choices}
    members = ("participant", "facilitator", "group_member")
    # The edition's learning agenda is known to its members; the theme says nothing by itself.
    assert (secrets.hidden_theme.pk in theme_ids) == (role in members)
    # But that Hugo wrote something is known to his group only.
    assert (secrets.hidden_author.pk in author_ids) == (role == "group_member")
    assert secrets.other_edition_theme.pk not in theme_ids
    assert secrets.other_edition_author.pk not in author_ids
    # The group itself is known to the edition (learning groups are visible to its members).
    assert ("Leergroep Toetsing" in group_names) == (role in members)


@pytest.mark.parametrize("role", ["visitor", "outsider", "staff"])
def test_a_visitor_outsider_or_staff_finds_public_content_only(secrets, role):
    user = secrets.users[role]
    assert [h.entry.title for h in search(user, "toolkit").hits] == ["Openbare toolkit"]
    assert search(user, "Toetsing").hits == []  # the edition's learning group
    assert search(user, "Piet").hits == []  # people are for fellow members


def test_members_find_a_person_by_name_but_not_by_what_they_hide(secrets):
    participant = secrets.users["participant"]
    (hit,) = search(participant, "Vera").hits
    assert hit.entry.title == "Vera Verborgen"
    assert hit.snippet == ""
    assert not _mentions_a_secret(hit.entry.text)


def test_filtering_on_a_hidden_group_or_theme_finds_nothing_more(secrets):
    participant = secrets.users["participant"]
    from leerplatform.search.engine import Filters

    for filters in (
        Filters(theme_id=secrets.hidden_theme.pk),
        Filters(author_id=secrets.hidden_author.pk),
        Filters(theme_id=secrets.other_edition_theme.pk),
        Filters(author_id=secrets.other_edition_author.pk),
    ):
        assert search(participant, "vertrouwelijk", filters=filters).total == 0


def test_a_hidden_filter_value_in_the_address_is_ignored(secrets):
    client = client_for(secrets.users["participant"])
    response = client.get(
        reverse("search:search"),
        {
            "q": "vertrouwelijk",
            "theme": secrets.hidden_theme.pk,
            "author": secrets.hidden_author.pk,
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hugo Heimelijk" not in html
    assert "0 resultaten" in html or "0 results" in html
