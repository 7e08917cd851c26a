"""Real files of every kind the library accepts (and some it refuses), made in memory, and a
document to put them on. Documents are made through the documents service, as a person would."""

from __future__ import annotations

import io
import zipfile

import docx
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter

from leerplatform.library.services.documents import create_document


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    # The browser's content type is ignored by the library; any value will do.
    return SimpleUploadedFile(name, content, content_type=content_type)


def pdf_bytes(text: str = "Een toolkit voor leergroepen") -> bytes:
    """A valid one-page PDF with `text` on it, written by hand so that pypdf can read it back."""
    stream = f"BT /F1 12 Tf 20 100 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def corrupt_pdf_bytes() -> bytes:
    """Starts like a PDF, and then is not one."""
    return b"%PDF-1.7\n" + bytes(range(256)) * 20 + b"\nthis is no longer a pdf\n"


def encrypted_pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.encrypt("geheim", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes(*paragraphs: str, table: list[list[str]] | None = None) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def image_bytes(fmt: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (12, 8), "teal").save(out, fmt)
    return out.getvalue()


def zip_bytes(members: dict[str, bytes], *, stored_first: str | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        if stored_first:
            archive.writestr(stored_first, members.pop(stored_first), zipfile.ZIP_STORED)
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def office_bytes(folder: str) -> bytes:
    """A minimal OOXML package: [Content_Types].xml and a part in word/, xl/ or ppt/."""
    return zip_bytes({"[Content_Types].xml": b"<Types/>", f"{folder}/document.xml": b"<x/>"})


def odf_bytes(mimetype: str) -> bytes:
    return zip_bytes(
        {"mimetype": mimetype.encode(), "content.xml": b"<office:document-content/>"},
        stored_first="mimetype",
    )


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def windows_program() -> bytes:
    """The start of a Windows executable (a PE file): "MZ", the DOS stub, "PE\\0\\0"."""
    return (
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
        + b"\xb8"
        + b"\x00" * 47
        + b"\x80\x00\x00\x00"
        + b"This program cannot be run in DOS mode.\r\r\n$"
        + b"\x00" * 60
        + b"PE\x00\x00\x4c\x01"
        + b"\x00" * 200
    )


def linux_program() -> bytes:
    return b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200


def make_document(edition, actor, *, uploads=(), **fields):
    """A document in `edition` by `actor` (fields: title, visibility, group, ...)."""
    defaults = {
        "title": "Toolkit intervisie",
        "summary": "Werkvormen voor intervisie in leergroepen.",
        "kind": "toolkit",
    }
    return create_document(edition=edition, actor=actor, uploads=uploads, **(defaults | fields))
