"""Reading the text inside an uploaded file, for search: PDF (pypdf), DOCX (the document's XML,
streamed) and plain text, Markdown or CSV.

`extract_text(fileobj, content_type)` returns at most MAX_CHARS characters of plain text, or raises
ExtractionError (encrypted, damaged, or too large once unpacked). It imports nothing of Django: it
runs in a child process with limits on CPU time and memory (`extract_worker`), never in a web
worker; anything pypdf may raise on a hostile file, or the child dying at a limit, makes the task
mark the version "could not be read".

Limits of their own, so that a small file cannot make a big job: at most MAX_PAGES pages of a PDF,
and a DOCX's word/document.xml at most MAX_UNPACKED_BYTES unpacked (the size the zip declares is
checked before reading, the bytes actually unpacked while reading), read with a streaming parser
that loads no DTD and expands no entities (no "billion laughs").
"""

from __future__ import annotations

import re
import zipfile

MAX_CHARS = 200_000
MAX_PAGES = 500
# A DOCX is a zip: a "zip bomb" of a few hundred KB can unpack to gigabytes of XML. The text of a
# long book fits in a few MB of WordprocessingML.
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
DOCX_BODY = "word/document.xml"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

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
    # Imported here, in the limited child process (extract_worker), where the limits count them.
    from pypdf import PdfReader  # noqa: PLC0415

    reader = PdfReader(fileobj)
    if reader.is_encrypted:
        # Many PDFs are "encrypted" with an empty password only to forbid printing or copying.
        try:
            opened = reader.decrypt("")
        except Exception as error:
            raise ExtractionError("encrypted PDF") from error
        if not opened:
            raise ExtractionError("encrypted PDF")
    for number, page in enumerate(reader.pages):
        if number >= MAX_PAGES:
            return
        out.add(page.extract_text())
        if out.full:
            return


class _Capped:
    """A file-like view of a zip member that refuses to give more than `limit` bytes."""

    def __init__(self, raw, limit: int):
        self.raw, self.left = raw, limit

    def read(self, size: int = -1) -> bytes:
        size = 64 * 1024 if size is None or size < 0 else min(size, 64 * 1024)
        chunk = self.raw.read(size)
        self.left -= len(chunk)
        if self.left < 0:
            raise ExtractionError("too large when unpacked")
        return chunk


class _DocxText:
    """Paragraphs and tables in document order, from the parser's start and end events: a
    paragraph outside a table is one piece of text; a table row is its cells' text joined by tabs
    (a cell's paragraphs by line breaks), and a table inside a cell follows its row."""

    def __init__(self, out: _Collector):
        self.out = out
        self.paragraphs: list[list[str]] = []  # the open paragraphs' pieces (text boxes nest)
        self.cells: list[list[str] | None] = []  # per open table: the open cell's paragraphs
        self.rows: list[list[str]] = []  # per open table: the open row's cells
        self.pending: list[list[str]] = []  # per open table: lines of nested tables of the row

    def start(self, tag: str) -> None:
        if tag == "p":
            self.paragraphs.append([])
        elif tag == "tbl":
            self.cells.append(None)
            self.rows.append([])
            self.pending.append([])
        elif tag == "tr" and self.rows:
            self.rows[-1] = []
        elif tag == "tc" and self.cells:
            self.cells[-1] = []

    def end(self, element) -> None:
        tag = element.tag[len(_W) :] if element.tag.startswith(_W) else ""
        if tag == "t" and self.paragraphs:
            self.paragraphs[-1].append(element.text or "")
        elif tag == "tab" and self.paragraphs:
            self.paragraphs[-1].append("\t")
        elif tag in ("br", "cr") and self.paragraphs:
            self.paragraphs[-1].append("\n")
        elif tag == "p" and self.paragraphs:
            text = "".join(self.paragraphs.pop())
            if self.cells and self.cells[-1] is not None:
                self.cells[-1].append(text)
            else:
                self._line(text)
        elif tag == "tc" and self.cells and self.cells[-1] is not None:
            self.rows[-1].append("\n".join(self.cells[-1]).strip())
            self.cells[-1] = None
        elif tag == "tr" and self.rows:
            self._line("\t".join(c for c in self.rows[-1] if c))
            for line in self.pending[-1]:
                self._line(line)
            self.rows[-1], self.pending[-1] = [], []
        elif tag == "tbl" and self.rows:
            self.cells.pop(), self.rows.pop(), self.pending.pop()
        elif tag not in ("body", "document"):
            return
        # What is read is dropped: the tree never grows past the open elements and their text.
        element.clear(keep_tail=False)
        parent = element.getparent()
        while parent is not None and element.getprevious() is not None:
            del parent[0]

    def _line(self, text: str) -> None:
        if len(self.pending) > 1:  # in a table inside a cell: after the outer table's row
            self.pending[-2].append(text)
        else:
            self.out.add(text)


def _docx(fileobj, out: _Collector) -> None:
    from lxml import etree  # noqa: PLC0415  (in the limited child, as pypdf above)

    try:
        archive = zipfile.ZipFile(fileobj)
        info = archive.getinfo(DOCX_BODY)
    except (zipfile.BadZipFile, KeyError) as error:
        raise ExtractionError("not a Word document") from error
    if info.file_size > MAX_UNPACKED_BYTES:
        raise ExtractionError("too large when unpacked")
    reader = _DocxText(out)
    with archive, archive.open(info) as member:
        events = etree.iterparse(
            _Capped(member, MAX_UNPACKED_BYTES),
            events=("start", "end"),
            resolve_entities=False,
            load_dtd=False,
            no_network=True,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
        )
        try:
            for event, element in events:
                if event == "start":
                    if element.tag.startswith(_W):
                        reader.start(element.tag[len(_W) :])
                else:
                    reader.end(element)
                if out.full:
                    return
        except etree.XMLSyntaxError as error:
            raise ExtractionError("damaged Word document") from error


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
