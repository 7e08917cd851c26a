"""Heavy files never touch a web worker: a file's text is read outside the request, in a child
process limited in CPU time and memory, a DOCX with a streaming parser and a low unpacked-size limit.
A file past a limit is kept and marked "could not be read" within the limit's time, never left
"pending". The files here are crafted to be hostile: a small PDF that keeps pypdf busy for minutes,
Word files whose XML unpacks to far more than they weigh."""

from __future__ import annotations

import io
import resource
import struct
import time
import zipfile
import zlib

import pytest
from django.urls import reverse

from leerplatform.library import extract, extract_worker, tasks
from leerplatform.library.models import FileVersion, TextStatus
from leerplatform.library.services import files as services_files
from tests import factories
from tests.conftest import client_for
from tests.library import factories_files as ff

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CPU_LIMIT = 2
# Starting the child and its Python on a busy machine, on top of the CPU limit.
SLACK = 8


@pytest.fixture
def limits(settings):
    settings.LIBRARY_EXTRACT_CPU_SECONDS = CPU_LIMIT
    settings.LIBRARY_EXTRACT_MEMORY_MB = 400
    settings.LIBRARY_EXTRACT_TIMEOUT_SECONDS = CPU_LIMIT + SLACK
    return settings


# --- Crafted files ---------------------------------------------------------------------------


def slow_pdf(operators: int = 1_000_000, pages: int = 40) -> bytes:
    """About 15 KB: every page shows one content stream that unpacks to a million text operators
    (14 MB). Unlimited, pypdf reads each page for many seconds: minutes for the whole file."""
    content = b"BT /F1 1 Tf " + b"(a) Tj 1 0 Td " * operators + b"ET"
    stream = zlib.compress(content, 9)
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % (4 + i) for i in range(pages)), pages),
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ] + [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 3 0 R "
        b"/Resources << /Font << /F1 " + font + b" >> >> >>"
    ] * pages
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def _with_body(body: bytes) -> bytes:
    """A real Word file (python-docx) whose word/document.xml is replaced by `body`."""
    original = zipfile.ZipFile(io.BytesIO(ff.docx_bytes("Kop")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in original.infolist():
            content = body if info.filename == extract.DOCX_BODY else original.read(info)
            archive.writestr(info.filename, content)
    return out.getvalue()


def _bomb_xml(megabytes: int) -> bytes:
    paragraph = b'<w:p><w:r><w:t xml:space="preserve">bom </w:t></w:r></w:p>'
    head = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body>"
    )
    return (
        head + paragraph * (megabytes * 1024 * 1024 // len(paragraph)) + b"</w:body></w:document>"
    )


def xml_bomb_docx(megabytes: int = 186) -> bytes:
    """A few hundred KB whose document XML unpacks to `megabytes` MB (it says so in the zip)."""
    return _with_body(_bomb_xml(megabytes))


def lying_xml_bomb_docx(megabytes: int = 60) -> bytes:
    """The same bomb, but the zip declares the document XML to be 2 KB unpacked."""
    data = bytearray(xml_bomb_docx(megabytes))
    name = extract.DOCX_BODY.encode()
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (at := data.find(signature, start)) >= 0:
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(name)] == name:
                data[at + size_at : at + size_at + 4] = struct.pack("<I", 2048)
            start = at + 4
    return bytes(data)


def entity_bomb_docx() -> bytes:
    """The "billion laughs": entities that would expand to gigabytes if they were expanded."""
    levels = [b'<!ENTITY l0 "haha">'] + [
        b'<!ENTITY l%d "%s">' % (n, b"".join(b"&l%d;" % (n - 1) for _ in range(10)))
        for n in range(1, 10)
    ]
    body = (
        b'<?xml version="1.0"?><!DOCTYPE w:document [' + b"".join(levels) + b"]>"
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p></w:body></w:document>"
    )
    return _with_body(body)


def test_the_crafted_files_are_small_and_what_they_claim():
    assert len(slow_pdf()) < 40_000
    assert len(xml_bomb_docx()) < 1_000_000
    declared = zipfile.ZipFile(io.BytesIO(xml_bomb_docx())).getinfo(extract.DOCX_BODY)
    assert declared.file_size > 180 * 1024 * 1024
    lying = zipfile.ZipFile(io.BytesIO(lying_xml_bomb_docx())).getinfo(extract.DOCX_BODY)
    assert lying.file_size == 2048 and lying.compress_size > 20_000


# --- In the task: the limits ---------------------------------------------------------------------


@pytest.fixture
def author(edition):
    return factories.make_member(edition, name="Anouk Auteur")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _read(edition, author, name, content, capture) -> tuple[FileVersion, float, float]:
    """Upload, then run the reading after the commit; (version, wall seconds, child CPU)."""
    with capture(execute=False) as callbacks:
        document = ff.make_document(edition, author, uploads=[ff.upload(name, content)])
    version = FileVersion.objects.get(attachment__document=document)
    assert version.text_status == TextStatus.PENDING
    wall, cpu = time.monotonic(), _children_cpu()
    for callback in callbacks:
        callback()
    version.refresh_from_db()
    return version, time.monotonic() - wall, _children_cpu() - cpu


@pytest.mark.django_db
def test_a_slow_pdf_is_stopped_at_the_cpu_limit_and_marked(
    edition, author, limits, django_capture_on_commit_callbacks, caplog
):
    # Only the CPU limit may stop it here: on a busy machine two CPU seconds can take longer than
    # the usual wall-clock timeout, which would stop it first and prove nothing about the CPU limit.
    limits.LIBRARY_EXTRACT_TIMEOUT_SECONDS = 120
    version, wall, cpu = _read(
        edition, author, "traag.pdf", slow_pdf(), django_capture_on_commit_callbacks
    )
    assert version.text_status == TextStatus.FAILED
    assert version.text == ""
    # Stopped by the kernel at the CPU limit: it ran up to it, and not much past it.
    assert "used more CPU time than the limit" in caplog.text
    assert CPU_LIMIT - 0.5 <= cpu <= CPU_LIMIT + 1.5
    assert wall < 120


@pytest.mark.django_db
@pytest.mark.parametrize("make", [xml_bomb_docx, lying_xml_bomb_docx, entity_bomb_docx])
def test_a_word_bomb_ends_quickly_with_a_final_status(
    edition, author, limits, make, django_capture_on_commit_callbacks
):
    version, wall, cpu = _read(
        edition, author, "bom.docx", make(), django_capture_on_commit_callbacks
    )
    assert version.text_status in (TextStatus.FAILED, TextStatus.DONE)
    assert len(version.text) < 1000
    assert cpu < CPU_LIMIT
    assert wall < CPU_LIMIT + SLACK


def test_the_docx_reader_refuses_the_declared_size_before_unpacking_anything():
    bomb = xml_bomb_docx()
    start = time.process_time()
    with pytest.raises(extract.ExtractionError, match="too large"):
        extract.extract_text(io.BytesIO(bomb), DOCX)
    assert time.process_time() - start < 0.1


def test_the_docx_reader_stops_at_the_bytes_really_unpacked(monkeypatch):
    # A zip that tells the truth but a limit below it: counted while streaming, not after.
    monkeypatch.setattr(extract, "MAX_UNPACKED_BYTES", 512 * 1024)
    body = _bomb_xml(1)
    stream = extract._Capped(io.BytesIO(body), extract.MAX_UNPACKED_BYTES)
    with pytest.raises(extract.ExtractionError, match="too large"):
        while stream.read(65536):
            pass


def test_a_child_past_its_memory_limit_is_a_file_that_could_not_be_read(settings):
    # Below what the child's Python already holds before it reads (about 16 MB of address space
    # with the worker's modules, CPython 3.11): not even enough to import pypdf. Reading this PDF
    # needs about 36 MB, so a limit of 40 MB would read it.
    settings.LIBRARY_EXTRACT_MEMORY_MB = 16
    with pytest.raises(extract.ExtractionError):
        extract_worker.read(ff.pdf_bytes(), PDF)
    settings.LIBRARY_EXTRACT_MEMORY_MB = 400
    assert extract_worker.read(ff.pdf_bytes("Genoeg geheugen"), PDF) == "Genoeg geheugen"


def test_a_child_past_its_time_is_killed(settings):
    settings.LIBRARY_EXTRACT_CPU_SECONDS = 60
    settings.LIBRARY_EXTRACT_TIMEOUT_SECONDS = 1
    content = slow_pdf()  # made before the clock starts: only the reading is timed
    start = time.monotonic()
    with pytest.raises(extract.ExtractionError, match="time limit"):
        extract_worker.read(content, PDF)
    assert time.monotonic() - start < 1 + SLACK


def test_the_pages_read_are_limited(monkeypatch):
    monkeypatch.setattr(extract, "MAX_PAGES", 2)
    pages = slow_pdf(operators=3, pages=5)
    assert len(extract.extract_text(io.BytesIO(pages), PDF).splitlines()) == 2


# --- Through the page: the request answers at once ------------------------------------------------


@pytest.fixture
def fresh_content_types():
    """Content types come back with new ids after a flush: no cached old ones, before or after."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    yield
    ContentType.objects.clear_cache()


def _wait_for_final(version_id: int, seconds: float) -> tuple[FileVersion, float]:
    """Wait for the background thread (without reading the database meanwhile: the tests' SQLite
    in memory refuses a read while another thread writes), then the version as it ended."""
    start = time.monotonic()
    tasks._background().submit(lambda: None).result(timeout=seconds)
    waited = time.monotonic() - start
    version = FileVersion.objects.get(pk=version_id)
    assert version.text_status != TextStatus.PENDING
    return version, waited


# Real commits (the thread reads what the request wrote); serialized_rollback restores the data
# migrations' rows afterwards for the tests that follow.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("fresh_content_types")
@pytest.mark.parametrize(("name", "make"), [("traag.pdf", slow_pdf), ("bom.docx", xml_bomb_docx)])
def test_the_upload_request_answers_in_under_a_second_and_the_status_ends_final(
    edition, author, limits, name, make
):
    limits.LIBRARY_EXTRACT_IN_THREAD = True  # the development and production default
    document = ff.make_document(edition, author)
    content = make()
    client = client_for(author)
    start = time.monotonic()
    response = client.post(
        reverse("library:add_file", args=[document.pk]), {"file": ff.upload(name, content)}
    )
    answered = time.monotonic() - start
    assert response.status_code == 302
    assert answered < 1, f"the upload took {answered:.2f} s"
    version = FileVersion.objects.get(attachment__document=document)
    version, waited = _wait_for_final(version.pk, CPU_LIMIT + SLACK + 5)
    assert version.text_status == TextStatus.FAILED
    assert waited < CPU_LIMIT + SLACK
    # The file is kept: it can still be downloaded whole.
    download = client.get(reverse("library:download", args=[version.attachment_id]))
    assert b"".join(download.streaming_content) == content


# Real commits (the thread reads what the request wrote); serialized_rollback restores the data
# migrations' rows afterwards for the tests that follow.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("fresh_content_types")
def test_a_good_file_uploaded_through_the_page_becomes_searchable_in_the_background(
    edition, author, limits
):
    limits.LIBRARY_EXTRACT_IN_THREAD = True
    document = ff.make_document(edition, author)
    response = client_for(author).post(
        reverse("library:add_file", args=[document.pk]),
        {"file": ff.upload("notities.docx", ff.docx_bytes("Werkdrukbeleving bij docenten"))},
    )
    assert response.status_code == 302
    version = FileVersion.objects.get(attachment__document=document)
    version, _waited = _wait_for_final(version.pk, CPU_LIMIT + SLACK + 5)
    assert version.text_status == TextStatus.DONE
    assert "Werkdrukbeleving" in version.text


def test_a_version_read_directly_is_never_left_pending(db):
    assert services_files.read_text(version_id=10**9) == ""


@pytest.mark.django_db
def test_a_file_whose_reader_was_lost_is_read_by_the_command(edition, author, capsys):
    import datetime as dt

    from django.core.management import call_command

    # No on-commit capture: the reader never runs, as when a web process restarts meanwhile.
    document = ff.make_document(edition, author, uploads=[ff.upload("a.txt", b"verloren tekst")])
    version = FileVersion.objects.get(attachment__document=document)
    call_command("read_pending_texts")
    version.refresh_from_db()
    assert version.text_status == TextStatus.PENDING  # young: its reader may still be at work
    FileVersion.objects.filter(pk=version.pk).update(
        created_at=version.created_at - dt.timedelta(hours=1)
    )
    call_command("read_pending_texts")
    version.refresh_from_db()
    assert version.text_status == TextStatus.DONE
    assert version.text == "verloren tekst"
    assert "Read 1 file version" in capsys.readouterr().out
