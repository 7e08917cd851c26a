"""Reading the text inside an uploaded file, for search: PDF (pypdf), DOCX (python-docx: paragraphs
and tables, in document order) and plain text, Markdown or CSV.

`extract_text(fileobj, content_type)` returns at most MAX_CHARS characters of plain text, or raises
ExtractionError (encrypted, damaged, or too large once unpacked). Anything else pypdf or
python-docx may raise on a hostile file is for the caller to catch: the task marks the version
"could not be read" and logs it.
"""

from __future__ import annotations

import re
import zipfile

MAX_CHARS = 200_000
# A DOCX is a zip: refuse to unpack more than this (a "zip bomb" of a few KB can hold gigabytes).
MAX_UNPACKED_BYTES = 200 * 1024 * 1024

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # PostgreSQL text holds no NUL


class ExtractionError(Exception):
    """The file's text cannot be read (encrypted, damaged, too large)."""


class _Collector:
    """Collects text up to the cap; `full` tells the readers to stop early."""

    def __init__(self, limit: int = MAX_CHARS):
        self.parts: list[str] = []
        self.length = 0
        self.limit = limit

    @property
    def full(self) -> bool:
        return self.length >= self.limit

    def add(self, text: str) -> None:
        text = _CONTROL.sub(" ", text or "").strip()
        if text and not self.full:
            self.parts.append(text)
            self.length += len(text) + 1

    def text(self) -> str:
        return "\n".join(self.parts)[: self.limit]


def _pdf(fileobj, out: _Collector) -> None:
    from pypdf import PdfReader

    reader = PdfReader(fileobj)
    if reader.is_encrypted:
        # Many PDFs are "encrypted" with an empty password only to forbid printing or copying.
        try:
            opened = reader.decrypt("")
        except Exception as error:
            raise ExtractionError("encrypted PDF") from error
        if not opened:
            raise ExtractionError("encrypted PDF")
    for page in reader.pages:
        out.add(page.extract_text())
        if out.full:
            return


def _docx_table(table, out: _Collector) -> None:
    for row in table.rows:
        cells, previous = [], None
        for cell in row.cells:
            # A merged cell is returned once per grid column it spans.
            if cell._tc is not previous:
                cells.append(cell.text.strip())
                previous = cell._tc
        out.add("\t".join(c for c in cells if c))
        for cell in row.cells:
            for inner in cell.tables:
                _docx_table(inner, out)
        if out.full:
            return


def _docx(fileobj, out: _Collector) -> None:
    import docx
    from docx.table import Table

    try:
        with zipfile.ZipFile(fileobj) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as error:
        raise ExtractionError("not a zip") from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise ExtractionError("too large when unpacked")
    fileobj.seek(0)
    document = docx.Document(fileobj)
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            _docx_table(block, out)
        else:
            out.add(block.text)
        if out.full:
            return


def _plain(fileobj, content_type: str, out: _Collector) -> None:
    # Four bytes per character at most in UTF-8: this is always enough for the cap.
    raw = fileobj.read(MAX_CHARS * 4)
    encoding = "cp1252" if "windows-1252" in content_type else "utf-8-sig"
    out.add(raw.decode(encoding, errors="replace"))


def extract_text(fileobj, content_type: str) -> str:
    """The text of an extractable file (see files.TYPES), capped at MAX_CHARS characters."""
    out = _Collector()
    kind = content_type.split(";")[0].strip()
    if kind == "application/pdf":
        _pdf(fileobj, out)
    elif kind == "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
        _docx(fileobj, out)
    elif kind in ("text/plain", "text/markdown", "text/csv"):
        _plain(fileobj, content_type, out)
    else:
        raise ExtractionError(f"no text reader for {kind}")
    return out.text()
