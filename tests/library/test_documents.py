"""Documents: adding (with files), changing, deleting to the bin, restoring within the bin's days,
purging; each domain rule's error on its field; the ledger; the search index following along;
and the pages that do it (errors next to fields, typed values kept)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from leerplatform.core.models import ActivityEntry, Verb
from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Role
from leerplatform.groups.models import GroupMembership
from leerplatform.library.models import Document, FileVersion, Licence
from leerplatform.library.services import documents as services
from leerplatform.library.services.files import upload_version
from leerplatform.search.engine import search
from tests import factories
from tests.conftest import client_for
from tests.library.factories import make_document, make_group, text_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(edition):
    return factories.make_member(edition, name="Anna Auteur")


@pytest.fixture
def colleague(edition):
    """A participant of the edition in no group."""
    return factories.make_member(edition, name="Cas Collega")


@pytest.fixture
def group(edition, author):
    return make_group(edition, members=[author], name="Leergroep Kwaliteit")


def _ledger(document, verb):
    return ActivityEntry.objects.filter(verb=verb, target_id=str(document.pk))


def _errors(excinfo) -> dict:
    return excinfo.value.message_dict


def _found(user, word: str) -> set[int]:
    return {hit.entry.object_id for hit in search(user, word).hits}


# --- Adding --------------------------------------------------------------------------------------


def test_a_document_is_added_with_its_files_the_adder_as_author_and_a_ledger_row(edition, author):
    document = make_document(
        edition, author, title="Kwaliteitszorg in de praktijk", uploads=[text_upload()]
    )
    assert list(document.authors.all()) == [author]
    assert document.licence == Licence.CC_BY
    assert document.visibility == Visibility.PLATFORM
    [attachment] = document.attachments.all()
    assert attachment.current.original_name == "handleiding.txt"
    assert default_storage.exists(attachment.current.file.name)
    entry = _ledger(document, Verb.DOCUMENT_ADDED).get()
    assert entry.actor == author
    assert entry.visibility == Visibility.PLATFORM
    assert document.pk in _found(author, "kwaliteitszorg")


def test_a_group_only_document_is_recorded_with_group_visibility(edition, author, group):
    document = make_document(edition, author, visibility=Visibility.GROUP, group=group)
    entry = _ledger(document, Verb.DOCUMENT_ADDED).get()
    assert entry.visibility == Visibility.GROUP
    assert entry.data["group"] == group.pk


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "  "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"summary": ""}, "summary"),
        ({"summary": "x" * 1001}, "summary"),
        ({"body": "x" * 50001}, "body"),
        ({"kind": "poem"}, "kind"),
        ({"visibility": "secret"}, "visibility"),
        ({"licence": "wtfpl"}, "licence"),
        ({"visibility": Visibility.GROUP}, "group"),
    ],
)
def test_bad_input_is_refused_on_its_field(edition, author, fields, field):
    with pytest.raises(ValidationError) as excinfo:
        make_document(edition, author, **fields)
    assert field in _errors(excinfo)
    assert not Document.objects.exists()


def test_themes_group_and_meeting_must_be_of_the_documents_edition(edition, author):
    elsewhere = factories.make_edition()
    stranger = factories.make_member(elsewhere)
    other_group = make_group(elsewhere, members=[author, stranger])
    with pytest.raises(ValidationError) as excinfo:
        make_document(
            edition,
            author,
            themes=[elsewhere.themes.first()],
            group=other_group,
            meeting=factories.make_meeting(elsewhere),
            authors=[author, stranger],
        )
    assert set(_errors(excinfo)) == {"themes", "group", "meeting", "authors"}


def test_only_a_groups_members_keep_a_document_for_that_group_only(
    edition, author, colleague, facilitator, group
):
    for outsider_of_group in (colleague, facilitator):
        with pytest.raises(ValidationError) as excinfo:
            make_document(edition, outsider_of_group, visibility=Visibility.GROUP, group=group)
        assert "group" in _errors(excinfo)
    assert make_document(edition, author, visibility=Visibility.GROUP, group=group).group == group


def test_participants_pick_their_own_groups_and_facilitators_any_group_of_the_edition(
    edition, colleague, facilitator, group
):
    with pytest.raises(ValidationError) as excinfo:
        make_document(edition, colleague, group=group)
    assert "group" in _errors(excinfo)
    # For the edition to see: a facilitator files the minutes of a group they are not in.
    assert make_document(edition, facilitator, group=group, kind="minutes").group == group


def test_authors_must_be_active_members_and_at_least_one(edition, author, outsider):
    with pytest.raises(ValidationError) as excinfo:
        make_document(edition, author, authors=[author, outsider])
    assert "authors" in _errors(excinfo)
    gone = factories.make_member(edition)
    gone.memberships.update(left_at=timezone.now())
    with pytest.raises(ValidationError) as excinfo:
        make_document(edition, author, authors=[gone])
    assert "authors" in _errors(excinfo)


def test_only_members_of_the_edition_add_documents(edition, outsider, staff):
    for person in (outsider, staff):
        with pytest.raises(ValidationError) as excinfo:
            make_document(edition, person)
        assert NON_FIELD_ERRORS in _errors(excinfo)


def test_a_failed_upload_leaves_no_document_no_ledger_row_and_no_file(edition, author):
    good = text_upload("goed.txt")
    empty = text_upload("leeg.txt", "")
    with pytest.raises(ValidationError):
        make_document(edition, author, uploads=[good, empty])
    assert not Document.objects.exists()
    assert not FileVersion.objects.exists()
    assert not ActivityEntry.objects.filter(verb=Verb.DOCUMENT_ADDED).exists()
    assert not [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


# --- Changing ------------------------------------------------------------------------------------


def test_a_change_names_the_changed_fields_in_the_ledger_and_refreshes_the_search(
    edition, author, group
):
    document = make_document(edition, author, title="Oude titel")
    theme = edition.themes.last()
    services.change_document(
        document=document,
        actor=author,
        title="Verbindend leiderschap",
        themes=[theme],
        group=group,
        licence=Licence.CC0,
    )
    document.refresh_from_db()
    assert document.title == "Verbindend leiderschap"
    assert list(document.themes.all()) == [theme]
    entry = _ledger(document, Verb.DOCUMENT_CHANGED).get()
    assert entry.data["fields"] == ["title", "themes", "group", "licence"]
    assert document.pk in _found(author, "leiderschap")
    assert document.pk not in _found(author, "oude")


def test_saving_without_changes_records_nothing(edition, author):
    document = make_document(edition, author)
    services.change_document(document=document, actor=author, title=document.title)
    assert not _ledger(document, Verb.DOCUMENT_CHANGED).exists()


def test_a_change_is_checked_like_a_new_document(edition, author, colleague):
    document = make_document(edition, author)
    with pytest.raises(ValidationError) as excinfo:
        services.change_document(
            document=document, actor=author, title="", visibility=Visibility.GROUP, authors=[]
        )
    assert set(_errors(excinfo)) == {"title", "group", "authors"}
    with pytest.raises(TypeError):
        services.change_document(document=document, actor=author, edition=None)


def test_only_those_who_look_after_a_document_change_it(edition, author, colleague, facilitator):
    document = make_document(edition, author)
    with pytest.raises(PermissionDenied):
        services.change_document(document=document, actor=colleague, title="Van mij")
    services.change_document(document=document, actor=facilitator, title="Nagekeken")
    assert Document.objects.get().title == "Nagekeken"


def test_an_author_who_left_the_edition_stays_an_author_through_a_change(
    edition, author, colleague
):
    document = make_document(edition, author, authors=[author, colleague])
    colleague.memberships.update(left_at=timezone.now())
    services.change_document(document=document, actor=author, title="Tweede druk")
    assert set(document.authors.all()) == {author, colleague}


def test_a_member_who_left_the_group_keeps_the_group_on_a_shared_document(edition, author, group):
    document = make_document(edition, author, group=group)
    GroupMembership.objects.filter(user=author).update(left_at=timezone.now())
    author.__dict__.pop("_group_roles", None)
    services.change_document(document=document, actor=author, title="Nog steeds van de groep")
    with pytest.raises(ValidationError) as excinfo:
        services.change_document(document=document, actor=author, visibility=Visibility.GROUP)
    assert "group" in _errors(excinfo)


# --- The bin -------------------------------------------------------------------------------------


def test_deleting_moves_to_the_bin_out_of_the_search_and_restoring_brings_it_back(edition, author):
    document = make_document(edition, author, title="Onderzoek naar werkdruk")
    assert document.pk in _found(author, "werkdruk")
    services.delete_document(document=document, actor=author)
    document.refresh_from_db()
    assert document.deleted_by == author and document.deleted_at is not None
    assert not Document.objects.alive().exists()
    assert document.pk not in _found(author, "werkdruk")
    assert _ledger(document, Verb.DOCUMENT_DELETED).get().actor == author

    services.restore_document(document=document, actor=author)
    document.refresh_from_db()
    assert document.deleted_at is None and document.deleted_by is None
    assert document.pk in _found(author, "werkdruk")
    assert _ledger(document, Verb.DOCUMENT_RESTORED).get().actor == author


def test_a_document_can_be_restored_until_the_bins_days_are_over(edition, author, facilitator):
    days = settings.LIBRARY_BIN_DAYS
    document = make_document(edition, author)
    services.delete_document(document=document, actor=author)
    Document.objects.filter(pk=document.pk).update(
        deleted_at=timezone.now() - dt.timedelta(days=days - 1)
    )
    services.restore_document(document=document, actor=facilitator)
    services.delete_document(document=document, actor=author)
    Document.objects.filter(pk=document.pk).update(
        deleted_at=timezone.now() - dt.timedelta(days=days, minutes=1)
    )
    with pytest.raises(ValidationError) as excinfo:
        services.restore_document(document=document, actor=author)
    assert excinfo.value.code == "too_late"
    assert Document.objects.get().deleted_at is not None


def test_only_those_who_look_after_it_delete_or_restore(edition, author, colleague):
    document = make_document(edition, author)
    with pytest.raises(PermissionDenied):
        services.delete_document(document=document, actor=colleague)
    services.delete_document(document=document, actor=author)
    with pytest.raises(PermissionDenied):
        services.restore_document(document=document, actor=colleague)
    with pytest.raises(ValidationError):
        services.restore_document(
            document=services.restore_document(document=document, actor=author), actor=author
        )


def test_purging_removes_old_bin_documents_with_every_versions_file(
    edition, author, django_capture_on_commit_callbacks
):
    old = make_document(edition, author, title="Oud", uploads=[text_upload("a.txt", "versie 1")])
    attachment = old.attachments.get()
    upload_version(attachment=attachment, upload=text_upload("a.txt", "versie 2"), actor=author)
    young = make_document(edition, author, title="Jong", uploads=[text_upload("b.txt")])
    alive = make_document(edition, author, title="Levend", uploads=[text_upload("c.txt")])
    old_names = list(
        FileVersion.objects.filter(attachment__document=old).values_list("file", flat=True)
    )
    assert len(old_names) == 2 and all(default_storage.exists(n) for n in old_names)
    for document in (old, young):
        services.delete_document(document=document, actor=author)
    Document.objects.filter(pk=old.pk).update(
        deleted_at=timezone.now() - dt.timedelta(days=settings.LIBRARY_BIN_DAYS + 1)
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert services.purge_bin() == 1

    assert set(Document.objects.values_list("title", flat=True)) == {"Jong", "Levend"}
    assert not FileVersion.objects.filter(file__in=old_names).exists()
    assert not any(default_storage.exists(n) for n in old_names)
    for document in (young, alive):
        version = FileVersion.objects.get(attachment__document=document)
        assert default_storage.exists(version.file.name)


def test_the_purge_command_reports_what_it_removed(edition, author, capsys):
    document = make_document(edition, author)
    services.delete_document(document=document, actor=author)
    call_command("purge_library_bin")
    assert Document.objects.exists()
    Document.objects.update(deleted_at=timezone.now() - dt.timedelta(days=365))
    call_command("purge_library_bin")
    assert not Document.objects.exists()
    assert "Removed 1 document" in capsys.readouterr().out


# --- The pages -----------------------------------------------------------------------------------


def _form_data(**overrides) -> dict:
    return {
        "title": "Toolkit feedback geven",
        "summary": "Vijf werkvormen om elkaar feedback te geven.",
        "kind": "toolkit",
        "body": "## Werkvormen\n\n- Feedbackcarrousel",
        "visibility": Visibility.PLATFORM,
        "licence": Licence.CC_BY,
    } | overrides


def test_a_member_adds_a_document_with_a_file(edition, author, group):
    client = client_for(author)
    url = reverse("library:create", kwargs={"slug": edition.slug})
    data = _form_data(
        authors=[author.pk],
        themes=[edition.themes.first().pk],
        group=group.pk,
        files=[text_upload("werkvormen.txt"), text_upload("bijlage.txt")],
    )
    response = client.post(url, data)
    document = Document.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("library:document", args=[document.pk])
    assert document.group == group
    assert sorted(a.current.original_name for a in document.attachments.all()) == [
        "bijlage.txt",
        "werkvormen.txt",
    ]
    page = client.get(response.url).content.decode()
    assert "Toolkit feedback geven" in page
    assert ">Werkvormen</h" in page and "<li>Feedbackcarrousel</li>" in page
    assert "werkvormen.txt" in page


def test_errors_show_next_to_their_fields_and_what_was_typed_stays(edition, author):
    client = client_for(author)
    url = reverse("library:create", kwargs={"slug": edition.slug})
    response = client.post(url, _form_data(title="", summary="Mijn getypte samenvatting"))
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"title", "files", "authors"}
    html = response.content.decode()
    assert "Mijn getypte samenvatting" in html
    assert 'aria-invalid="true"' in html
    assert not Document.objects.exists()


def test_a_service_refusal_shows_on_its_field(edition, facilitator, group):
    """A facilitator may pick any group, but not hide a document in a group they are not in."""
    response = client_for(facilitator).post(
        reverse("library:create", kwargs={"slug": edition.slug}),
        _form_data(
            authors=[facilitator.pk],
            group=group.pk,
            visibility=Visibility.GROUP,
            files=[text_upload()],
        ),
    )
    assert response.status_code == 200
    assert "group" in response.context["form"].errors
    assert not Document.objects.exists()


def test_a_bad_file_is_refused_next_to_the_files_field(edition, author):
    response = client_for(author).post(
        reverse("library:create", kwargs={"slug": edition.slug}),
        _form_data(authors=[author.pk], files=[text_upload("leeg.txt", "")]),
    )
    assert response.status_code == 200
    assert "files" in response.context["form"].errors
    assert not Document.objects.exists()


def test_the_group_in_the_address_is_chosen_and_kept_to_the_group(edition, author, group):
    url = reverse("library:create", kwargs={"slug": edition.slug})
    form = client_for(author).get(f"{url}?group={group.pk}").context["form"]
    assert form["group"].value() == group.pk
    assert form["visibility"].value() == Visibility.GROUP
    other = make_group(edition, name="Niet de mijne")
    form = client_for(author).get(f"{url}?group={other.pk}").context["form"]
    assert form["group"].value() is None


def test_editing_a_document(edition, author):
    document = make_document(edition, author)
    client = client_for(author)
    url = reverse("library:edit", args=[document.pk])
    assert client.get(url).context["form"]["title"].value() == document.title
    response = client.post(url, _form_data(title="Nieuwe titel", authors=[author.pk]))
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "Nieuwe titel"
    assert _ledger(document, Verb.DOCUMENT_CHANGED).exists()


def test_deleting_asks_first_then_moves_to_the_bin(edition, author):
    document = make_document(edition, author, title="Weg ermee")
    client = client_for(author)
    url = reverse("library:delete", args=[document.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "Weg ermee" in response.content.decode()
    assert Document.objects.alive().exists()
    response = client.post(url)
    assert response.url == reverse("library:library", kwargs={"slug": edition.slug})
    assert not Document.objects.alive().exists()
    assert client.get(reverse("library:document", args=[document.pk])).status_code == 404


def test_the_bin_lists_what_one_may_restore_with_the_date_it_goes(
    edition, author, colleague, facilitator
):
    mine = make_document(edition, author, title="Van Anna")
    theirs = make_document(edition, colleague, title="Van Cas")
    for document, actor in ((mine, author), (theirs, colleague)):
        services.delete_document(document=document, actor=actor)
    url = reverse("library:bin", kwargs={"slug": edition.slug})
    html = client_for(author).get(url).content.decode()
    assert "Van Anna" in html and "Van Cas" not in html
    purge_at = Document.objects.get(pk=mine.pk).purge_at
    assert f"{purge_at:%Y}" in html
    facilitator_page = client_for(facilitator).get(url).context["page"]
    assert {d.title for d in facilitator_page.object_list} == {"Van Anna", "Van Cas"}


def test_restoring_from_the_bin(edition, author):
    document = make_document(edition, author)
    services.delete_document(document=document, actor=author)
    client = client_for(author)
    response = client.post(reverse("library:restore", args=[document.pk]))
    assert response.status_code == 302
    assert Document.objects.alive().exists()


def test_restoring_too_late_explains_itself(edition, author):
    document = make_document(edition, author)
    services.delete_document(document=document, actor=author)
    Document.objects.update(deleted_at=timezone.now() - dt.timedelta(days=60))
    client = client_for(author)
    response = client.post(reverse("library:restore", args=[document.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("library:bin", kwargs={"slug": edition.slug})
    assert any("niet meer worden teruggezet" in str(m) for m in response.context["messages"])
    assert not Document.objects.alive().exists()


def test_the_document_page_shows_its_facts_and_links_the_licence(edition, author, group):
    meeting = factories.make_meeting(edition, title="Tweede bijeenkomst")
    document = make_document(
        edition,
        author,
        group=group,
        meeting=meeting,
        themes=[edition.themes.first()],
        body="Met **nadruk**.",
        uploads=[text_upload()],
    )
    html = client_for(author).get(document.get_absolute_url()).content.decode()
    assert "<strong>nadruk</strong>" in html
    assert "creativecommons.org/licenses/by/4.0" in html
    for text in ("Anna Auteur", group.name, "Tweede bijeenkomst", "Theme 1", "handleiding.txt"):
        assert text in html
    assert reverse("library:edit", args=[document.pk]) in html


def test_facilitators_are_not_held_up_by_roles(edition, facilitator, author):
    """A facilitator sees the edit and delete buttons on a document of the edition."""
    document = make_document(edition, author)
    response = client_for(facilitator).get(document.get_absolute_url())
    assert response.context["can_change"] and response.context["can_delete"]
    colleague = factories.make_member(edition, role=Role.PARTICIPANT)
    response = client_for(colleague).get(document.get_absolute_url())
    assert not response.context["can_change"] and not response.context["can_delete"]
