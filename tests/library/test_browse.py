"""Browsing the library: the list (newest first, filters, pages), a theme's page, the query count
of every page at two sizes, and the leak tests — a group-only document is never listed, counted,
shown on a theme page or in the bin, found or reached by its address by anyone outside its group,
facilitators and staff included."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Role
from leerplatform.library.models import Document
from leerplatform.library.queries.documents import visible_documents
from leerplatform.library.services import documents as services
from leerplatform.search.engine import search
from tests import factories
from tests.conftest import client_for
from tests.library.factories import bulk_documents, make_document, make_group, text_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(edition):
    return factories.make_member(edition, name="Anna Auteur")


def _library(edition, **query) -> str:
    url = reverse("library:library", kwargs={"slug": edition.slug})
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def _theme(edition, theme) -> str:
    return reverse("library:theme", kwargs={"slug": edition.slug, "theme_pk": theme.pk})


def _titles(response) -> list[str]:
    return [d.title for d in response.context["page"].object_list]


# --- The list ------------------------------------------------------------------------------------


def test_the_library_lists_newest_first_with_the_cards_facts(edition, author):
    group = make_group(edition, members=[author], name="Leergroep Didactiek")
    make_document(edition, author, title="Eerste")
    latest = make_document(
        edition, author, title="Tweede", group=group, uploads=[text_upload(), text_upload("b.txt")]
    )
    Document.objects.filter(title="Eerste").update(created_at=timezone.now() - dt.timedelta(days=2))
    response = client_for(author).get(_library(edition))
    assert _titles(response) == ["Tweede", "Eerste"]
    html = response.content.decode()
    for text in ("Leergroep Didactiek", "Anna Auteur", "2 files", latest.get_absolute_url()):
        assert text in html or text.replace("files", "bestanden") in html
    assert reverse("library:create", kwargs={"slug": edition.slug}) in html
    assert reverse("library:bin", kwargs={"slug": edition.slug}) in html


def test_visitors_see_the_public_documents_only_and_no_add_button(edition, author):
    make_document(edition, author, title="Voor iedereen", visibility=Visibility.PUBLIC)
    make_document(edition, author, title="Voor de editie")
    response = client_for(None).get(_library(edition))
    assert _titles(response) == ["Voor iedereen"]
    assert reverse("library:create", kwargs={"slug": edition.slug}) not in (
        response.content.decode()
    )


def test_filters_by_theme_kind_group_and_meeting(edition, author):
    theme_a, theme_b = edition.themes.all()[:2]
    group = make_group(edition, members=[author])
    meeting = factories.make_meeting(edition)
    make_document(edition, author, title="A", themes=[theme_a], kind="toolkit")
    make_document(edition, author, title="B", themes=[theme_b], kind="minutes", group=group)
    make_document(edition, author, title="C", kind="minutes", meeting=meeting)
    client = client_for(author)
    assert _titles(client.get(_library(edition, theme=theme_a.pk))) == ["A"]
    assert _titles(client.get(_library(edition, kind="minutes"))) == ["C", "B"]
    assert _titles(client.get(_library(edition, group=group.pk))) == ["B"]
    assert _titles(client.get(_library(edition, meeting=meeting.pk))) == ["C"]
    assert _titles(client.get(_library(edition, kind="minutes", group=group.pk))) == ["B"]


def test_an_unknown_filter_value_is_an_error_on_the_field_not_an_error_page(edition, author):
    make_document(edition, author)
    response = client_for(author).get(_library(edition, theme="abc", kind="poem", page="x"))
    assert response.status_code == 200
    assert {"theme", "kind"} <= set(response.context["form"].errors)
    assert len(_titles(response)) == 1


def test_twenty_documents_a_page(edition, author):
    bulk_documents(edition, 25, authors=[author])
    client = client_for(author)
    first = client.get(_library(edition))
    assert len(_titles(first)) == 20
    assert first.context["page"].paginator.count == 25
    assert 'rel="next"' in first.content.decode()
    second = client.get(_library(edition, page=2))
    assert len(_titles(second)) == 5
    assert set(_titles(first)).isdisjoint(_titles(second))


def test_documents_in_the_bin_are_not_listed(edition, author):
    document = make_document(edition, author, title="Weg")
    services.delete_document(document=document, actor=author)
    assert _titles(client_for(author).get(_library(edition))) == []


# --- A theme's page ------------------------------------------------------------------------------


def test_a_theme_page_shows_its_groups_and_documents(edition, author):
    theme = edition.themes.first()
    theme.description = "Over **samen leren**."
    theme.save()
    group = make_group(edition, members=[author], name="Leergroep Samen")
    make_document(edition, author, title="Over het thema", themes=[theme])
    make_document(edition, author, title="Ander thema", themes=[edition.themes.last()])
    response = client_for(author).get(_theme(edition, theme))
    assert _titles(response) == ["Over het thema"]
    html = response.content.decode()
    assert "<strong>samen leren</strong>" in html
    assert group.name in html and reverse("groups:detail", args=[group.pk]) in html


def test_visitors_see_a_themes_public_documents_but_not_its_groups(edition, author):
    theme = edition.themes.first()
    group = make_group(edition, members=[author], name="Leergroep Zichtbaar")
    make_document(edition, author, title="Openbaar", themes=[theme], visibility="public")
    response = client_for(None).get(_theme(edition, theme))
    assert _titles(response) == ["Openbaar"]
    assert group.name not in response.content.decode()


def test_a_theme_of_another_edition_is_not_found(edition, author):
    other = factories.make_edition()
    response = client_for(author).get(
        reverse("library:theme", kwargs={"slug": edition.slug, "theme_pk": other.themes.first().pk})
    )
    assert response.status_code == 404


def test_the_agenda_and_the_group_page_link_to_the_library(edition, author):
    group = make_group(edition, members=[author])
    client = client_for(author)
    agenda = client.get(reverse("groups:agenda", kwargs={"slug": edition.slug})).content.decode()
    assert _theme(edition, edition.themes.first()) in agenda
    page = client.get(reverse("groups:detail", args=[group.pk])).content.decode()
    assert f"{_library(edition)}?group={group.pk}" in page
    assert f"{reverse('library:create', kwargs={'slug': edition.slug})}?group={group.pk}" in page


# --- Query counts --------------------------------------------------------------------------------


@pytest.fixture
def crowded(edition, author):
    """Documents with themes, several authors, a group, a meeting and files, for the counts."""

    def fill(size):
        group = make_group(edition, members=[author])
        others = [factories.make_member(edition) for _ in range(3)]
        themes = list(edition.themes.all()[:3])
        documents = bulk_documents(
            edition, size, authors=[author, *others], themes=themes, group=group, files=2
        )
        meeting = factories.make_meeting(edition)
        Document.objects.filter(pk__in=[d.pk for d in documents]).update(meeting=meeting)
        return documents

    return fill


@pytest.mark.parametrize("size", [3, 60])
def test_the_list_costs_the_same_queries_with_3_and_60_documents(
    edition, author, crowded, django_assert_max_num_queries, size
):
    crowded(size)
    client = client_for(author)
    with django_assert_max_num_queries(13):  # +1: the notification bell's unread count
        response = client.get(_library(edition))
    assert len(_titles(response)) == min(size, 20)
    assert all(d.file_count == 2 for d in response.context["page"].object_list)


@pytest.mark.parametrize("size", [3, 60])
def test_a_theme_page_costs_the_same_queries_with_3_and_60_documents(
    edition, author, crowded, django_assert_max_num_queries, size
):
    crowded(size)
    client = client_for(author)
    with django_assert_max_num_queries(14):  # 13, and the follow button
        response = client.get(_theme(edition, edition.themes.first()))
    assert len(_titles(response)) == min(size, 20)


@pytest.mark.parametrize("size", [3, 60])
def test_the_bin_costs_the_same_queries_with_3_and_60_documents(
    edition, author, crowded, django_assert_max_num_queries, size
):
    Document.objects.filter(pk__in=[d.pk for d in crowded(size)]).update(
        deleted_at=timezone.now(), deleted_by=author
    )
    client = client_for(author)
    with django_assert_max_num_queries(10):  # +1: the bell
        response = client.get(reverse("library:bin", kwargs={"slug": edition.slug}))
    assert len(_titles(response)) == min(size, 20)


@pytest.mark.parametrize("size", [3, 60])
def test_a_document_page_costs_the_same_queries_with_3_and_60_authors_and_files(
    edition, author, django_assert_max_num_queries, size
):
    [document] = bulk_documents(
        edition,
        1,
        authors=[author, *(factories.make_member(edition) for _ in range(size))],
        themes=list(edition.themes.all()),
        files=size,
    )
    client = client_for(author)
    # 11, the follow button, and whether the reader is one of its own (reading is taking, but
    # not for one's own document).
    with django_assert_max_num_queries(13):
        response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["attachments"]) == size


# --- Leak tests ----------------------------------------------------------------------------------


@pytest.fixture
def secret(edition, author):
    """A group-only document of a group whose only member is the author: on a theme, at a
    meeting, with a file — and one shared document in the same group beside it."""
    group = make_group(edition, members=[author], name="Leergroep Besloten")
    theme = edition.themes.first()
    meeting = factories.make_meeting(edition)
    document = make_document(
        edition,
        author,
        title="Geheimplan Zeldzaamwoord",
        summary="Alleen voor de groep.",
        visibility=Visibility.GROUP,
        group=group,
        themes=[theme],
        meeting=meeting,
        uploads=[text_upload("geheim.txt", "zeldzaamwoord binnen")],
    )
    make_document(edition, author, title="Gedeeld", group=group, themes=[theme], meeting=meeting)
    return document


def _non_members(edition):
    return {
        "visitor": None,
        "outsider": factories.make_user(),
        "participant": factories.make_member(edition),
        "facilitator": factories.make_member(edition, role=Role.FACILITATOR),
        "staff": factories.make_user(is_staff=True, is_superuser=True),
    }


def _pages(edition, document) -> list[str]:
    theme = document.themes.first()
    return [
        _library(edition),
        _library(edition, group=document.group_id),
        _library(edition, theme=theme.pk),
        _library(edition, meeting=document.meeting_id),
        _library(edition, kind=document.kind),
        _theme(edition, theme),
    ]


def test_a_group_only_document_is_never_listed_counted_or_found_by_non_members(
    edition, author, secret
):
    for role, person in _non_members(edition).items():
        client = client_for(person)
        for url in _pages(edition, secret):
            response = client.get(url)
            assert response.status_code == 200
            html = response.content.decode()
            assert "Geheimplan" not in html, (role, url)
            assert secret.get_absolute_url() not in html, (role, url)
            page = response.context["page"]
            assert secret.pk not in {d.pk for d in page.object_list}
            # Edition members see "Gedeeld" only; the others nothing at all.
            assert page.paginator.count == (1 if role in ("participant", "facilitator") else 0)
        assert not visible_documents(user=person, edition=edition).filter(pk=secret.pk).exists()
        assert secret.pk not in {h.entry.object_id for h in search(person, "zeldzaamwoord").hits}
    # and the member sees it everywhere
    client = client_for(author)
    for url in _pages(edition, secret):
        assert "Geheimplan" in client.get(url).content.decode(), url


def test_the_counts_never_include_a_group_only_document(edition, author, secret):
    facilitator = factories.make_member(edition, role=Role.FACILITATOR)
    response = client_for(facilitator).get(_library(edition))
    assert response.context["page"].paginator.count == 1  # "Gedeeld" only
    response = client_for(facilitator).get(_theme(edition, secret.themes.first()))
    assert response.context["page"].paginator.count == 1
    response = client_for(None).get(_library(edition))
    assert response.context["page"].paginator.count == 0
    # A visitor is not even offered the group as a filter: it has nothing they may see.
    choices = response.context["form"].fields["group"].choices
    assert secret.group_id not in [value for value, _ in choices]


def test_a_group_only_document_cannot_be_reached_by_its_address(edition, author, secret):
    addresses = [
        ("get", reverse("library:document", args=[secret.pk])),
        ("get", reverse("library:edit", args=[secret.pk])),
        ("post", reverse("library:edit", args=[secret.pk])),
        ("get", reverse("library:delete", args=[secret.pk])),
        ("post", reverse("library:delete", args=[secret.pk])),
        ("post", reverse("library:restore", args=[secret.pk])),
    ]
    for role, person in _non_members(edition).items():
        client = client_for(person)
        for method, url in addresses:
            response = getattr(client, method)(url)
            expected = 302 if role == "visitor" else 404
            assert response.status_code == expected, (role, method, url)
            if role == "visitor":
                assert response.url.startswith(reverse("account_login"))
    assert Document.objects.alive().filter(pk=secret.pk).exists()


def test_a_visitor_is_asked_to_log_in_alike_for_hidden_and_missing_documents(edition, secret):
    client = client_for(None)
    hidden = client.get(reverse("library:document", args=[secret.pk]))
    missing = client.get(reverse("library:document", args=[secret.pk + 1000]))
    assert hidden.status_code == missing.status_code == 302


def test_a_group_only_document_in_the_bin_stays_out_of_other_peoples_bins(edition, author, secret):
    services.delete_document(document=secret, actor=author)
    non_members = _non_members(edition)
    for role in ("participant", "facilitator"):
        response = client_for(non_members[role]).get(
            reverse("library:bin", kwargs={"slug": edition.slug})
        )
        assert response.status_code == 200
        assert "Geheimplan" not in response.content.decode()
        response = client_for(non_members[role]).post(reverse("library:restore", args=[secret.pk]))
        assert response.status_code == 404
    response = client_for(author).get(reverse("library:bin", kwargs={"slug": edition.slug}))
    assert "Geheimplan" in response.content.decode()


def test_a_member_who_leaves_the_group_loses_sight_of_its_documents(edition, author, secret):
    from leerplatform.groups.models import GroupMembership

    GroupMembership.objects.filter(user=author).update(left_at=timezone.now())
    client = client_for(author)
    assert client.get(secret.get_absolute_url()).status_code == 404
    assert "Geheimplan" not in client.get(_library(edition)).content.decode()


def test_an_unpublished_editions_public_documents_stay_inside_it(edition, author):
    document = make_document(edition, author, title="Nog niet openbaar", visibility="public")
    edition.is_published = False
    edition.save()
    assert client_for(None).get(document.get_absolute_url()).status_code == 302
    assert client_for(factories.make_user()).get(document.get_absolute_url()).status_code == 404
    assert client_for(author).get(document.get_absolute_url()).status_code == 200
    assert client_for(None).get(_library(edition)).status_code == 404
