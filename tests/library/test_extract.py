"""The text inside uploaded files: read by a background task after the upload commits, made
searchable with Dutch stemming, capped; a damaged or encrypted file is marked and nothing breaks."""

from __future__ import annotations

import io
import logging

import pytest
from django.urls import reverse

from leerplatform.library import extract
from leerplatform.library.models import FileVersion, TextStatus
from leerplatform.library.services import files as services_files
from leerplatform.search.engine import search
from tests import factories
from tests.conftest import client_for
from tests.library import factories_files as ff

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def author(edition):
    return factories.make_member(edition, name="Anouk Auteur")


@pytest.fixture
def reader(edition):
    return factories.make_member(edition, name="Lotte Lezer")


def _document_with(edition, author, name, content, capture, **fields):
    with capture(execute=True):
        return ff.make_document(
            edition,
            author,
            title=fields.pop("title", "Verslag van de bijeenkomst"),
            summary=fields.pop("summary", "Wat we bespraken."),
            uploads=[ff.upload(name, content)],
            **fields,
        )


def _hits(user, words: str) -> list[int]:
    return [hit.entry.object_id for hit in search(user, words).hits]


# --- Found by search ---------------------------------------------------------------------------


def test_a_docx_is_found_by_a_stemmed_word_from_inside_it(
    edition, author, reader, django_capture_on_commit_callbacks
):
    content = ff.docx_bytes(
        "Dit verslag gaat over samenwerking.",
        "We werkten in drie leergroepen aan casussen.",
    )
    document = _document_with(
        edition, author, "verslag.docx", content, django_capture_on_commit_callbacks
    )
    version = FileVersion.objects.get(attachment__document=document)
    assert version.text_status == TextStatus.DONE
    assert "leergroepen" in version.text
    assert document.pk in _hits(reader, "leergroep")


def test_the_text_in_a_docx_table_is_read_too(
    edition, author, reader, django_capture_on_commit_callbacks
):
    content = ff.docx_bytes("Overzicht", table=[["Werkvorm", "Duur"], ["Vissenkom", "45 minuten"]])
    document = _document_with(
        edition, author, "tabel.docx", content, django_capture_on_commit_callbacks
    )
    version = FileVersion.objects.get(attachment__document=document)
    assert "Vissenkom\t45 minuten" in version.text
    assert document.pk in _hits(reader, "vissenkom")


def test_a_pdf_is_found_by_a_word_from_inside_it(
    edition, author, reader, django_capture_on_commit_callbacks
):
    document = _document_with(
        edition,
        author,
        "handreiking.pdf",
        ff.pdf_bytes("Handreiking voor intervisiegesprekken"),
        django_capture_on_commit_callbacks,
    )
    assert FileVersion.objects.get(attachment__document=document).text_status == TextStatus.DONE
    assert document.pk in _hits(reader, "intervisiegesprek")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notities.txt", b"Werkdrukbeleving bij docenten"),
        ("opzet.md", b"# Werkdrukbeleving\n\n- bij docenten"),
        ("lijst.csv", "onderwerp;wie\nwerkdrukbeleving;José".encode("cp1252")),
    ],
)
def test_text_markdown_and_csv_are_searchable(
    edition, author, reader, name, content, django_capture_on_commit_callbacks
):
    document = _document_with(edition, author, name, content, django_capture_on_commit_callbacks)
    assert document.pk in _hits(reader, "werkdrukbeleving")


def test_a_new_version_replaces_the_text_that_is_found(
    edition, author, reader, django_capture_on_commit_callbacks
):
    document = _document_with(
        edition, author, "a.txt", b"Oude tekst over roosters", django_capture_on_commit_callbacks
    )
    attachment = document.attachments.get()
    with django_capture_on_commit_callbacks(execute=True):
        services_files.upload_version(
            attachment=attachment,
            upload=ff.upload("a.txt", b"Nieuwe tekst over mentoraat"),
            actor=author,
        )
    assert document.pk in _hits(reader, "mentoraat")
    assert document.pk not in _hits(reader, "roosters")
    with django_capture_on_commit_callbacks(execute=True):
        services_files.restore_version(version=attachment.versions.get(number=1), actor=author)
    assert document.pk in _hits(reader, "roosters")


def test_a_group_only_files_text_is_not_found_outside_the_group(
    edition, author, reader, django_capture_on_commit_callbacks
):
    from leerplatform.core.visibility import Visibility
    from tests.groups.factories_activities import make_group

    group = make_group(edition, members=[author])
    document = _document_with(
        edition,
        author,
        "geheim.txt",
        b"Vertrouwelijke reorganisatieplannen",
        django_capture_on_commit_callbacks,
        visibility=Visibility.GROUP,
        group=group,
    )
    assert document.pk in _hits(author, "reorganisatieplan")
    assert document.pk not in _hits(reader, "reorganisatieplan")


# --- The task's life -------------------------------------------------------------------------


def test_the_text_is_read_only_after_the_upload_commits(
    edition, author, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document = ff.make_document(edition, author, uploads=[ff.upload("a.txt", b"tekst")])
    version = FileVersion.objects.get(attachment__document=document)
    assert version.text_status == TextStatus.PENDING
    assert len(callbacks) == 1
    callbacks[0]()
    version.refresh_from_db()
    assert version.text_status == TextStatus.DONE


def test_images_and_spreadsheets_are_not_read(edition, author, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ff.make_document(
            edition,
            author,
            uploads=[
                ff.upload("foto.png", ff.image_bytes()),
                ff.upload("cijfers.xlsx", ff.office_bytes("xl")),
            ],
        )
    assert callbacks == []
    assert set(FileVersion.objects.values_list("text_status", flat=True)) == {TextStatus.NONE}


def test_a_task_for_a_version_that_is_gone_does_nothing(db):
    assert services_files.read_text(version_id=987654) == ""


# --- Files that cannot be read -----------------------------------------------------------------


@pytest.mark.parametrize("make", [ff.corrupt_pdf_bytes, ff.encrypted_pdf_bytes])
def test_a_corrupt_or_encrypted_pdf_is_marked_and_the_document_still_works(
    edition, author, reader, make, caplog, django_capture_on_commit_callbacks
):
    content = make()  # pypdf writes a random file identifier: made once, compared below
    with caplog.at_level(logging.WARNING, logger="leerplatform.library.services.files"):
        document = _document_with(
            edition,
            author,
            "kapot.pdf",
            content,
            django_capture_on_commit_callbacks,
            title="Jaarverslag mentoraat",
        )
    version = FileVersion.objects.get(attachment__document=document)
    assert version.text_status == TextStatus.FAILED
    assert version.text == ""
    assert "Could not read the text of file version" in caplog.text
    # Still found by its title, its history and download still work.
    assert document.pk in _hits(reader, "mentoraat")
    client = client_for(reader)
    client.cookies["leerplatform_language"] = "en"
    history = client.get(reverse("library:history", args=[version.attachment_id]))
    assert history.status_code == 200
    download = client.get(reverse("library:download", args=[version.attachment_id]))
    assert b"".join(download.streaming_content) == content


def test_the_file_list_says_a_file_could_not_be_read(
    edition, author, django_capture_on_commit_callbacks
):
    from django.template.loader import render_to_string
    from django.utils import translation

    from leerplatform.library.queries.files import files_of

    document = _document_with(
        edition, author, "kapot.pdf", ff.corrupt_pdf_bytes(), django_capture_on_commit_callbacks
    )
    with translation.override("en"):
        html = render_to_string(
            "library/_files.html",
            {"document": document, "attachments": files_of(document), "can_change": False},
        )
    assert "Could not be read" in html


# --- The readers themselves --------------------------------------------------------------------


def test_the_text_is_capped_at_200000_characters():
    content = ("woord " * 50_000).encode()  # 300,000 characters
    text = extract.extract_text(io.BytesIO(content), "text/plain; charset=utf-8")
    assert len(text) == extract.MAX_CHARS == 200_000


def test_a_long_docx_is_capped_too():
    content = ff.docx_bytes(*(["een alinea van ruim veertig tekens lang hier"] * 6000))
    assert len(extract.extract_text(io.BytesIO(content), DOCX)) == extract.MAX_CHARS


def test_nul_and_control_characters_never_reach_the_database():
    text = extract.extract_text(io.BytesIO(b"a\x00b\x07c\td"), "text/plain; charset=utf-8")
    assert text == "a b c\td"


def test_windows_text_is_decoded_as_such():
    text = extract.extract_text(
        io.BytesIO("Café – José".encode("cp1252")), "text/plain; charset=windows-1252"
    )
    assert text == "Café – José"


def test_a_docx_that_unpacks_to_too_much_is_refused(monkeypatch):
    monkeypatch.setattr(extract, "MAX_UNPACKED_BYTES", 100)
    with pytest.raises(extract.ExtractionError):
        extract.extract_text(io.BytesIO(ff.docx_bytes("x")), DOCX)


def test_an_unknown_type_has_no_reader():
    with pytest.raises(extract.ExtractionError):
        extract.extract_text(io.BytesIO(b"x"), "image/png")
