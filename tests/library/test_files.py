"""Files and versions in the library: what may be uploaded (checked by content, not by name), safe
names, nothing left behind by a failed upload, versions and restores, downloads and their headers,
the ledger, and that a document one may not see never gives away its files."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from leerplatform.core.models import ActivityEntry, Direction, Verb
from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Role
from leerplatform.library import files
from leerplatform.library.models import Attachment, Document, FileVersion, TextStatus
from leerplatform.library.services import files as services_files
from tests import factories
from tests.conftest import client_for
from tests.groups.factories_activities import make_group
from tests.library import factories_files as ff

pytestmark = pytest.mark.django_db

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _refusal(name: str, content: bytes) -> ValidationError:
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        files.check_upload(ff.upload(name, content))
    return caught.value


@pytest.fixture
def author(edition):
    return factories.make_member(edition, name="Anouk Auteur")


@pytest.fixture
def document(edition, author):
    return ff.make_document(edition, author, uploads=[ff.upload("toolkit.pdf", ff.pdf_bytes())])


@pytest.fixture
def attachment(document):
    return document.attachments.get()


def _versions(attachment, *contents: bytes, actor):
    for n, content in enumerate(contents, start=2):
        services_files.upload_version(
            attachment=attachment,
            upload=ff.upload("toolkit.pdf", content),
            actor=actor,
            note=f"ronde {n}",
        )


# --- What may enter: type by content ---------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "make", "content_type", "extractable"),
    [
        ("rapport.pdf", ff.pdf_bytes, PDF, True),
        ("foto.png", ff.image_bytes, "image/png", False),
        ("foto.JPG", lambda: ff.image_bytes("JPEG"), "image/jpeg", False),
        ("animatie.gif", lambda: ff.image_bytes("GIF"), "image/gif", False),
        ("plaatje.webp", lambda: ff.image_bytes("WEBP"), "image/webp", False),
        ("verslag.docx", lambda: ff.docx_bytes("Verslag"), DOCX, True),
        (
            "cijfers.xlsx",
            lambda: ff.office_bytes("xl"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            False,
        ),
        (
            "dia's.pptx",
            lambda: ff.office_bytes("ppt"),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            False,
        ),
        (
            "tekst.odt",
            lambda: ff.odf_bytes("application/vnd.oasis.opendocument.text"),
            "application/vnd.oasis.opendocument.text",
            False,
        ),
        (
            "rekenblad.ods",
            lambda: ff.odf_bytes("application/vnd.oasis.opendocument.spreadsheet"),
            "application/vnd.oasis.opendocument.spreadsheet",
            False,
        ),
        ("oud.doc", lambda: ff.OLE2, "application/msword", False),
        ("oud.xls", lambda: ff.OLE2, "application/vnd.ms-excel", False),
        ("oud.ppt", lambda: ff.OLE2, "application/vnd.ms-powerpoint", False),
        ("notities.txt", lambda: "Geïnspireerd".encode(), "text/plain; charset=utf-8", True),
        ("leesmij.md", lambda: b"# Kop\n\nTekst", "text/markdown; charset=utf-8", True),
        ("lijst.csv", lambda: "naam;plaats\nJosé;Zwolle".encode("cp1252"), "text/csv", True),
    ],
)
def test_accepted_types_are_recognised_by_their_content(name, make, content_type, extractable):
    checked = files.check_upload(ff.upload(name, make(), content_type="application/x-whatever"))
    assert checked.content_type.startswith(content_type)
    assert checked.extractable is extractable
    assert checked.name == name


def test_text_in_the_windows_code_page_is_served_as_such():
    checked = files.check_upload(ff.upload("lijst.csv", "Café;€".encode("cp1252")))
    assert checked.content_type == "text/csv; charset=windows-1252"


def test_a_text_file_without_an_extension_gets_one():
    assert files.check_upload(ff.upload("LEESMIJ", b"Hallo")).name == "LEESMIJ.txt"


def test_the_digest_and_size_are_of_the_content():
    import hashlib

    content = ff.pdf_bytes()
    checked = files.check_upload(ff.upload("a.pdf", content))
    assert checked.size == len(content)
    assert checked.sha256 == hashlib.sha256(content).hexdigest()


# --- Bad uploads -------------------------------------------------------------------------------


def test_an_empty_file_is_refused():
    error = _refusal("leeg.pdf", b"")
    assert error.code == "empty"
    assert error.messages == ["This file is empty."]


@override_settings(LIBRARY_MAX_UPLOAD_BYTES=512 * 1024)
def test_a_file_over_the_limit_is_refused_with_the_limit_in_mb():
    error = _refusal("groot.txt", b"a" * (512 * 1024 + 1))
    assert error.code == "too_large"
    assert "at most 0.5 MB" in error.messages[0]
    assert "512.0\xa0KB" in error.messages[0]


@override_settings(LIBRARY_MAX_UPLOAD_BYTES=512 * 1024)
def test_a_file_at_the_limit_is_accepted():
    assert files.check_upload(ff.upload("precies.txt", b"a" * (512 * 1024))).size == 512 * 1024


def test_the_limit_is_shown_in_dutch_too():
    with (
        translation.override("nl"),
        override_settings(LIBRARY_MAX_UPLOAD_BYTES=1536 * 1024),
        pytest.raises(ValidationError) as caught,
    ):
        files.check_upload(ff.upload("groot.txt", b"a" * (2 * 1024 * 1024)))
    assert "1,5" in caught.value.messages[0]


def test_a_windows_program_renamed_pdf_is_refused():
    error = _refusal("factuur.pdf", ff.windows_program())
    assert error.code == "program"
    assert "program" in error.messages[0]


def test_a_linux_program_renamed_docx_is_refused():
    assert _refusal("verslag.docx", ff.linux_program()).code == "program"


def test_a_pdf_named_docx_is_refused_with_the_right_extension_named():
    error = _refusal("verslag.docx", ff.pdf_bytes())
    assert error.code == "wrong_extension"
    assert "PDF" in error.messages[0]
    assert ".docx" in error.messages[0]
    assert "(.pdf)" in error.messages[0]


def test_a_zip_that_is_not_an_office_file_named_docx_is_refused():
    error = _refusal("verslag.docx", ff.zip_bytes({"iets.txt": b"hoi", "x/y.bin": b"\0"}))
    assert error.code == "type_not_accepted"
    assert "does not accept this kind of file" in error.messages[0]


def test_an_office_file_with_macros_is_refused():
    content = ff.zip_bytes(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b"<x/>",
            "word/vbaProject.bin": b"x",
        }
    )
    assert _refusal("macro.docx", content).code == "macros"


def test_an_html_page_named_html_is_refused_although_it_is_text():
    assert _refusal("pagina.html", b"<html><script>alert(1)</script></html>").code == (
        "wrong_extension"
    )


def test_an_svg_image_is_refused():
    # SVG is text that can carry scripts; the library does not serve it.
    assert _refusal("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>').code == (
        "wrong_extension"
    )


def test_a_damaged_image_is_refused():
    assert _refusal("foto.png", b"\x89PNG\r\n\x1a\n" + b"kapot" * 10).code == "bad_image"


def test_binary_rubbish_is_refused():
    assert _refusal("data.txt", bytes(range(256)) * 4).code == "type_not_accepted"


def test_an_old_style_office_file_needs_its_own_extension():
    assert _refusal("oud.pdf", ff.OLE2).code == "wrong_extension"


# --- Safe names --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\evil.txt", "evil.txt"),
        ("C:\\Users\\anna\\Bureaublad\\notities.txt", "notities.txt"),
        ("tab\tin\nnaam.txt", "tab in naam.txt"),
        ("\u202egnp.exe.txt", "gnp.exe.txt"),  # no right-to-left override to disguise a name
        (".verborgen.txt", "verborgen.txt"),
        ("..", "file.txt"),
        ("", "file.txt"),
        ("📚 Toolkit leergroepen 🎉.txt", "📚 Toolkit leergroepen 🎉.txt"),
        ("👩‍👩‍👧 gezin.txt", "👩‍👩‍👧 gezin.txt"),
    ],
)
def test_display_names_are_made_safe(given, shown):
    with translation.override("en"):
        assert files.safe_name(given, default_extension=".txt") == shown


def test_a_300_character_name_is_cut_to_150_keeping_its_extension():
    checked = files.check_upload(ff.upload("a" * 296 + ".pdf", ff.pdf_bytes()))
    assert len(checked.name) == 150
    assert checked.name == "a" * 146 + ".pdf"


def test_a_300_character_emoji_name_is_cut_keeping_its_extension():
    name = "📚" * 300 + ".pdf"
    checked = files.check_upload(ff.upload(name, ff.pdf_bytes()))
    assert len(checked.name) <= 150
    assert checked.name.endswith(".pdf")
    assert checked.name.startswith("📚📚")


@pytest.mark.parametrize(
    "name", ["../../etc/passwd.txt", "..\\evil.txt", "x" * 300 + ".txt", "📚 leergroep 🎉.txt"]
)
def test_stored_names_are_generated_and_the_display_name_is_safe(edition, author, name):
    document = ff.make_document(edition, author, uploads=[ff.upload(name, b"Inhoud")])
    version = FileVersion.objects.get(attachment__document=document)
    assert "/" not in version.original_name and "\\" not in version.original_name
    assert len(version.original_name) <= 150
    assert version.file.name.startswith("library/")
    assert Path(version.file.name).name not in name  # the storage never sees the upload's name
    assert "." not in Path(version.file.name).name


# --- Failed uploads leave nothing behind -------------------------------------------------------


def test_a_failing_second_upload_leaves_no_document_no_version_and_no_file(edition, author):
    good = ff.upload("goed.pdf", ff.pdf_bytes())
    bad = ff.upload("slecht.pdf", ff.windows_program())  # not checked by a form: fails inside
    with pytest.raises(ValidationError):
        ff.make_document(edition, author, uploads=[good, bad])
    assert not Document.objects.exists()
    assert not Attachment.objects.exists()
    assert not FileVersion.objects.exists()
    assert not ActivityEntry.objects.filter(verb=Verb.FILE_UPLOADED).exists()
    assert stored_files() == []


def test_a_failed_new_version_leaves_the_history_and_storage_as_they_were(attachment, author):
    before = stored_files()
    with pytest.raises(ValidationError):
        services_files.upload_version(
            attachment=attachment, upload=ff.upload("toolkit.pdf", b""), actor=author
        )
    assert attachment.versions.count() == 1
    assert stored_files() == before


def test_storing_removes_what_it_saved_when_the_block_fails():
    with pytest.raises(RuntimeError), files.storing() as stored:
        with files.storing() as inner:  # nested blocks share the outer list
            name = default_storage.save("library/test/x", ff.upload("x.txt", b"x"))
            inner.append(name)
        assert stored == [name]
        raise RuntimeError
    assert not default_storage.exists(name)


def test_no_version_can_be_added_to_a_document_in_the_bin(document, attachment, author):
    Document.objects.filter(pk=document.pk).update(deleted_at=timezone.now())
    before = stored_files()
    with pytest.raises(ValidationError):
        services_files.upload_version(
            attachment=attachment, upload=ff.upload("toolkit.pdf", ff.pdf_bytes("v2")), actor=author
        )
    assert stored_files() == before
    assert attachment.versions.count() == 1


# --- Bad uploads through the pages -------------------------------------------------------------


def _post_file(client, url, name, content, **extra):
    return client.post(url, {"file": ff.upload(name, content), "note": "", **extra})


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("factuur.pdf", ff.windows_program(), "program"),
        ("verslag.docx", ff.linux_program(), "program"),
        ("verslag.docx", ff.pdf_bytes(), "By its content this file is of the type PDF"),
        ("verslag.docx", ff.zip_bytes({"a.txt": b"a"}), "does not accept this kind of file"),
    ],
)
def test_a_refused_upload_is_explained_next_to_the_field_and_nothing_is_saved(
    document, author, name, content, message
):
    client = client_for(author)
    client.cookies["leerplatform_language"] = "en"
    before = stored_files()
    response = _post_file(client, reverse("library:add_file", args=[document.pk]), name, content)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'aria-invalid="true"' in html
    assert document.attachments.count() == 1
    assert stored_files() == before


def test_an_empty_file_through_the_page(document, author):
    client = client_for(author)
    client.cookies["leerplatform_language"] = "en"
    response = _post_file(client, reverse("library:add_file", args=[document.pk]), "x.pdf", b"")
    assert "This file is empty." in response.content.decode()
    assert document.attachments.count() == 1


@override_settings(LIBRARY_MAX_UPLOAD_BYTES=1024 * 1024)
def test_a_too_large_new_version_through_the_page(attachment, author):
    client = client_for(author)
    client.cookies["leerplatform_language"] = "en"
    response = _post_file(
        client,
        reverse("library:upload_version", args=[attachment.pk]),
        "toolkit.txt",
        b"a" * (1024 * 1024 + 10),
    )
    assert response.status_code == 200
    assert "files may be at most 1 MB" in response.content.decode()
    assert attachment.versions.count() == 1


def test_the_form_is_answered_as_a_fragment_to_htmx(attachment, author):
    response = client_for(author).post(
        reverse("library:upload_version", args=[attachment.pk]),
        {"file": ff.upload("toolkit.pdf", b"")},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="upload-area">')
    assert "<html" not in html


# --- Adding files and versions through the pages ------------------------------------------------


def test_adding_a_file_through_the_page(document, author, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(author).post(
            reverse("library:add_file", args=[document.pk]),
            {"file": ff.upload("Werkvormen.docx", ff.docx_bytes("Intervisie")), "note": "eerste"},
        )
    assert response.status_code == 302
    assert response.url == document.get_absolute_url()
    version = FileVersion.objects.get(
        attachment__document=document, original_name="Werkvormen.docx"
    )
    assert version.number == 1
    assert version.note == "eerste"
    assert version.content_type == DOCX
    assert version.text_status == TextStatus.DONE


def test_an_htmx_upload_is_sent_on_to_the_history(attachment, author):
    response = client_for(author).post(
        reverse("library:upload_version", args=[attachment.pk]),
        {"file": ff.upload("toolkit.pdf", ff.pdf_bytes("twee")), "note": "nieuw"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("library:history", args=[attachment.pk])
    assert attachment.versions.count() == 2


def test_the_upload_form_works_with_and_without_javascript(attachment, author):
    html = client_for(author).get(reverse("library:upload_version", args=[attachment.pk]))
    html = html.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert 'hx-encoding="multipart/form-data"' in html
    assert "<progress" in html
    assert "leerplatform/js/bundle.js" in html  # htmx and upload-progress.js, one script
    assert "<script>" not in html  # no inline scripts under the CSP


# --- Versions ---------------------------------------------------------------------------------


def test_new_versions_get_the_next_number_and_become_current(attachment, author):
    _versions(attachment, ff.pdf_bytes("twee"), ff.pdf_bytes("drie"), actor=author)
    attachment.refresh_from_db()
    assert attachment.current.number == 3
    assert list(attachment.versions.values_list("number", flat=True)) == [3, 2, 1]
    assert attachment.current.note == "ronde 3"


def test_every_upload_is_in_the_ledger_with_its_version(document, attachment, author):
    _versions(attachment, ff.pdf_bytes("twee"), actor=author)
    rows = ActivityEntry.objects.filter(verb=Verb.FILE_UPLOADED).order_by("pk")
    assert [(r.data["version"], r.data["file"]) for r in rows] == [
        (1, "toolkit.pdf"),
        (2, "toolkit.pdf"),
    ]
    assert {r.direction for r in rows} == {Direction.BRING}
    assert {r.target_id for r in rows} == {str(document.pk)}
    assert {r.actor_id for r in rows} == {author.pk}


def test_the_history_page_lists_versions_newest_first(attachment, author):
    _versions(attachment, ff.pdf_bytes("twee"), ff.pdf_bytes("drie"), actor=author)
    response = client_for(author).get(reverse("library:history", args=[attachment.pk]))
    assert response.status_code == 200
    assert [v.number for v in response.context["versions"]] == [3, 2, 1]
    html = response.content.decode()
    assert html.index("ronde 3") < html.index("ronde 2")
    assert author.name in html
    # Restore buttons for the earlier versions only, download links for all.
    assert html.count('action="/library/versions/') == 2
    assert html.count("/download/") >= 3


def test_restoring_makes_a_new_version_with_the_old_content(attachment, author, edition):
    first = ff.pdf_bytes("Een toolkit voor leergroepen")
    _versions(attachment, ff.pdf_bytes("twee"), actor=author)
    v1 = attachment.versions.get(number=1)
    facilitator = factories.make_member(edition, role=Role.FACILITATOR)
    restored = services_files.restore_version(version=v1, actor=facilitator)
    attachment.refresh_from_db()
    assert restored.number == 3
    assert attachment.current == restored
    assert restored.restored_from == v1
    assert restored.file.name == v1.file.name  # the same stored file, not a copy
    assert restored.uploaded_by == facilitator
    with restored.file.open("rb") as handle:
        assert handle.read() == first
    response = client_for(author).get(reverse("library:download", args=[attachment.pk]))
    assert b"".join(response.streaming_content) == first
    entry = ActivityEntry.objects.get(verb=Verb.VERSION_RESTORED)
    assert entry.actor == facilitator
    assert entry.data["restored_from"] == 1
    assert entry.data["version"] == 3
    assert entry.data["note"] == "Restored version 1"
    assert attachment.versions.count() == 3


def test_the_current_version_cannot_be_restored(attachment, author):
    with pytest.raises(ValidationError):
        services_files.restore_version(version=attachment.current, actor=author)
    assert attachment.versions.count() == 1


def test_restoring_through_the_page(attachment, author):
    _versions(attachment, ff.pdf_bytes("twee"), actor=author)
    v1 = attachment.versions.get(number=1)
    client = client_for(author)
    assert client.get(reverse("library:restore_version", args=[v1.pk])).status_code == 405
    response = client.post(reverse("library:restore_version", args=[v1.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("library:history", args=[attachment.pk])
    html = response.content.decode()
    assert response.context["versions"][0].restored_from_id == v1.pk
    assert "message--success" in html


def test_the_history_shows_where_a_restore_came_from(attachment, author):
    _versions(attachment, ff.pdf_bytes("twee"), actor=author)
    services_files.restore_version(version=attachment.versions.get(number=1), actor=author)
    client = client_for(author)
    client.cookies["leerplatform_language"] = "en"
    html = client.get(reverse("library:history", args=[attachment.pk])).content.decode()
    assert "Restored from" in html


@pytest.mark.parametrize("size", [2, 12])
def test_the_history_costs_the_same_queries_whatever_the_number_of_versions(
    attachment, author, edition, size, django_assert_max_num_queries
):
    people = [factories.make_member(edition, role=Role.FACILITATOR) for _ in range(3)]
    for n in range(2, size + 1):
        services_files.upload_version(
            attachment=attachment,
            upload=ff.upload("toolkit.txt", f"versie {n}".encode()),
            actor=people[n % 3],
        )
    services_files.restore_version(version=attachment.versions.get(number=1), actor=author)
    client = client_for(author)
    client.get(reverse("library:history", args=[attachment.pk]))  # sessions, caches warm
    with django_assert_max_num_queries(10):  # +1: the notification bell's unread count
        response = client.get(reverse("library:history", args=[attachment.pk]))
    assert len(response.context["versions"]) == size + 1


@pytest.mark.parametrize("size", [1, 10])
def test_the_file_list_is_one_query(edition, author, size, django_assert_num_queries):
    from leerplatform.library.queries.files import files_of

    document = ff.make_document(
        edition, author, uploads=[ff.upload(f"f{n}.txt", b"tekst") for n in range(size)]
    )
    with django_assert_num_queries(1):
        attachments = files_of(document)
        names = [a.current.original_name for a in attachments]
        people = {a.current.uploaded_by.name for a in attachments}
    assert names == [f"f{n}.txt" for n in range(size)]
    assert people == {author.name}


def test_the_file_list_partial_renders_for_those_who_may_change_it(document, author):
    from django.template.loader import render_to_string

    from leerplatform.library.queries.files import files_of

    with translation.override("en"):
        html = render_to_string(
            "library/_files.html",
            {"document": document, "attachments": files_of(document), "can_change": True},
        )
        read_only = render_to_string(
            "library/_files.html",
            {"document": document, "attachments": files_of(document), "can_change": False},
        )
    attachment = document.attachments.get()
    assert "toolkit.pdf" in html
    assert reverse("library:download", args=[attachment.pk]) in html
    assert reverse("library:history", args=[attachment.pk]) in html
    assert reverse("library:upload_version", args=[attachment.pk]) in html
    assert "version 1" in html
    assert "Being read" in html  # the text task has not run in this test's transaction
    assert reverse("library:upload_version", args=[attachment.pk]) not in read_only
    assert reverse("library:add_file", args=[document.pk]) not in read_only


# --- Downloads ---------------------------------------------------------------------------------


def test_a_download_sends_the_bytes_with_safe_headers(attachment, author):
    response = client_for(author).get(reverse("library:download", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == ff.pdf_bytes()
    assert response["Content-Type"] == PDF
    assert response["Content-Disposition"] == 'attachment; filename="toolkit.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private"


def test_a_given_version_is_downloaded_with_its_own_bytes(attachment, author):
    _versions(attachment, ff.pdf_bytes("twee"), actor=author)
    client = client_for(author)
    for number, content in ((1, ff.pdf_bytes()), (2, ff.pdf_bytes("twee"))):
        version = attachment.versions.get(number=number)
        response = client.get(reverse("library:download_version", args=[version.pk]))
        assert b"".join(response.streaming_content) == content


def test_a_unicode_name_is_sent_per_rfc_6266(edition, author):
    document = ff.make_document(edition, author, uploads=[ff.upload("📚 Één ding.txt", b"x")])
    attachment = document.attachments.get()
    response = client_for(author).get(reverse("library:download", args=[attachment.pk]))
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%F0%9F%93%9A%20%C3%89%C3%A9n%20ding.txt"
    )
    assert response["Content-Type"] == "text/plain; charset=utf-8"


def test_a_quote_in_a_name_cannot_break_the_header(edition, author):
    document = ff.make_document(edition, author, uploads=[ff.upload('a";x=y.txt', b"x")])
    attachment = document.attachments.get()
    response = client_for(author).get(reverse("library:download", args=[attachment.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="a\\";x=y.txt"'


def test_a_download_is_taking_in_the_ledger(document, attachment, author, edition):
    reader = factories.make_member(edition, name="Lotte Lezer")
    client_for(reader).get(reverse("library:download", args=[attachment.pk]))
    entry = ActivityEntry.objects.get(verb=Verb.DOWNLOADED)
    assert entry.actor == reader
    assert entry.direction == Direction.TAKE
    assert entry.visibility == document.visibility
    assert entry.target_id == str(document.pk)
    assert entry.data == {"file": "toolkit.pdf", "version": 1, "attachment": attachment.pk}


def test_visitors_download_public_files_without_a_ledger_row(edition, author):
    document = ff.make_document(
        edition,
        author,
        visibility=Visibility.PUBLIC,
        uploads=[ff.upload("openbaar.txt", b"voor iedereen")],
    )
    response = client_for(None).get(
        reverse("library:download", args=[document.attachments.get().pk])
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"voor iedereen"
    assert not ActivityEntry.objects.filter(verb=Verb.DOWNLOADED).exists()


def test_a_missing_stored_file_is_a_404_not_a_500(attachment, author):
    default_storage.delete(attachment.current.file.name)
    response = client_for(author).get(reverse("library:download", args=[attachment.pk]))
    assert response.status_code == 404
    assert not ActivityEntry.objects.filter(verb=Verb.DOWNLOADED).exists()


# --- Leaks: what one may not see, one cannot reach ---------------------------------------------


@pytest.fixture
def group_document(edition, author):
    group = make_group(edition, members=[author], name="Leergroep Geheim")
    return ff.make_document(
        edition,
        author,
        title="Geheime notulen",
        visibility=Visibility.GROUP,
        group=group,
        uploads=[ff.upload("notulen-geheim.txt", b"vertrouwelijk")],
    )


def _file_urls(document) -> list[tuple[str, str]]:
    attachment = document.attachments.get()
    version = attachment.current
    return [
        ("get", reverse("library:history", args=[attachment.pk])),
        ("get", reverse("library:download", args=[attachment.pk])),
        ("get", reverse("library:download_version", args=[version.pk])),
        ("get", reverse("library:add_file", args=[document.pk])),
        ("get", reverse("library:upload_version", args=[attachment.pk])),
        ("post", reverse("library:restore_version", args=[version.pk])),
    ]


@pytest.mark.parametrize("role", ["participant", "facilitator", "outsider", "visitor", "staff"])
def test_a_group_only_documents_files_are_404_outside_the_group(group_document, edition, role):
    person = {
        "participant": lambda: factories.make_member(edition),
        "facilitator": lambda: factories.make_member(edition, role=Role.FACILITATOR),
        "outsider": lambda: factories.make_user(),
        "visitor": lambda: None,
        "staff": lambda: factories.make_user(is_staff=True, is_superuser=True),
    }[role]()
    client = client_for(person)
    for method, url in _file_urls(group_document):
        response = getattr(client, method)(url)
        if person is None and ("/files/new/" in url or "/upload/" in url or "/restore/" in url):
            assert response.status_code == 302, url  # to the login page, for any id
        else:
            assert response.status_code == 404, (role, url)
            assert b"notulen-geheim" not in response.content
            assert b"Geheime notulen" not in response.content
    assert not ActivityEntry.objects.filter(verb=Verb.DOWNLOADED).exists()


def test_the_groups_members_do_reach_its_files(group_document, author):
    client = client_for(author)
    attachment = group_document.attachments.get()
    assert client.get(reverse("library:history", args=[attachment.pk])).status_code == 200
    response = client.get(reverse("library:download", args=[attachment.pk]))
    assert b"".join(response.streaming_content) == b"vertrouwelijk"
    assert ActivityEntry.objects.get(verb=Verb.DOWNLOADED).visibility == Visibility.GROUP


def test_a_member_who_left_the_group_no_longer_reaches_its_files(group_document, author):
    group_document.group.memberships.filter(user=author).update(left_at=timezone.now())
    attachment = group_document.attachments.get()
    response = client_for(author).get(reverse("library:download", args=[attachment.pk]))
    assert response.status_code == 404


def test_guessing_the_next_version_id_gives_404(attachment, author):
    last = FileVersion.objects.order_by("-pk").first().pk
    client = client_for(author)
    assert client.get(reverse("library:download_version", args=[last + 1])).status_code == 404
    assert client.get(reverse("library:history", args=[attachment.pk + 1])).status_code == 404
    assert client.get(reverse("library:download", args=[attachment.pk + 1])).status_code == 404


def test_versions_of_another_editions_documents_are_404(author):
    other_edition = factories.make_edition()
    stranger = factories.make_member(other_edition)
    elsewhere = ff.make_document(
        other_edition, stranger, uploads=[ff.upload("elders.txt", b"elders")]
    )
    version = FileVersion.objects.get(attachment__document=elsewhere)
    client = client_for(author)
    assert client.get(reverse("library:download_version", args=[version.pk])).status_code == 404
    assert client.get(reverse("library:history", args=[version.attachment_id])).status_code == 404


def test_a_deleted_documents_files_are_404(document, attachment, author):
    Document.objects.filter(pk=document.pk).update(deleted_at=timezone.now(), deleted_by=author)
    client = client_for(author)
    for method, url in _file_urls(document):
        assert getattr(client, method)(url).status_code == 404, url


def test_who_sees_but_does_not_look_after_a_document_gets_403_on_changes(attachment, edition):
    reader = factories.make_member(edition)
    client = client_for(reader)
    assert client.get(reverse("library:upload_version", args=[attachment.pk])).status_code == 403
    assert client.get(reverse("library:add_file", args=[attachment.document_id])).status_code == 403
    assert (
        client.post(reverse("library:restore_version", args=[attachment.current_id])).status_code
        == 403
    )
    html = client.get(reverse("library:history", args=[attachment.pk])).content.decode()
    assert "/restore/" not in html
    assert reverse("library:upload_version", args=[attachment.pk]) not in html


def test_the_services_keep_to_the_same_rule_as_the_pages(attachment, edition):
    from django.core.exceptions import PermissionDenied

    reader = factories.make_member(edition)
    with pytest.raises(PermissionDenied):
        services_files.upload_version(
            attachment=attachment, upload=ff.upload("toolkit.pdf", ff.pdf_bytes("x")), actor=reader
        )
    with pytest.raises(PermissionDenied):
        services_files.add_file(
            document=attachment.document, upload=ff.upload("x.txt", b"x"), actor=reader
        )
    assert FileVersion.objects.count() == 1
