"""Reading a CSV file of people to invite: the whole file is checked before anything is written.

`parse_invitation_csv` either returns every data row of the file or raises `CsvFileError` with a
message for the facilitator. Rows with a bad email address or an unknown institution are not
errors of the file: the import service reports them per row.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Overridable in settings for tests; the defaults are what the upload form promises.
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_ROWS = 10_000

COLUMNS = ("name", "email", "institution")
# Dutch headings are accepted too: facilitators often make the file in a Dutch spreadsheet.
COLUMN_ALIASES = {
    "name": "name",
    "naam": "name",
    "email": "email",
    "e-mail": "email",
    "emailadres": "email",
    "e-mailadres": "email",
    "institution": "institution",
    "instelling": "institution",
    "hogeschool": "institution",
}
# What browsers send for a .csv file (Windows with Excel installed says vnd.ms-excel).
CSV_CONTENT_TYPES = {
    "text/csv",
    "text/plain",
    "application/csv",
    "text/comma-separated-values",
    "application/vnd.ms-excel",
    "application/octet-stream",
    "",
}


def max_bytes() -> int:
    return getattr(settings, "INVITATION_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def max_rows() -> int:
    return getattr(settings, "INVITATION_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS)


class CsvFileError(Exception):
    """The file as a whole cannot be imported; `message` says why, for the facilitator."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CsvRow:
    line: int  # the line number in the file, counting the header as line 1
    name: str
    email: str
    institution: str


def expected_columns_text() -> str:
    return ", ".join(COLUMNS)


def check_upload(upload) -> None:
    """Refuse files that are not CSV by name or content type, or that are too large."""
    suffix = PurePath(upload.name or "").suffix.lower()
    content_type = (getattr(upload, "content_type", "") or "").split(";")[0].strip().lower()
    if suffix != ".csv" or content_type not in CSV_CONTENT_TYPES:
        raise CsvFileError(
            _("This is not a CSV file. Upload a file ending in .csv (“CSV UTF-8” in Excel).")
        )
    if upload.size > max_bytes():
        raise CsvFileError(
            _("The file is too large (%(size)s). A file may be at most %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes())}
        )


def decode(data: bytes) -> str:
    """UTF-8 text, with or without a byte order mark; anything else is refused."""
    if b"\x00" in data:
        raise CsvFileError(
            _("This file is not a text file. Upload a CSV file (“CSV UTF-8” in Excel).")
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CsvFileError(
            _(
                "The file is not encoded as UTF-8 (the first unreadable character is on line "
                "%(line)s). Save it as “CSV UTF-8” in your spreadsheet program and upload it again."
            )
            % {"line": line}
        ) from None


def _delimiter(header_line: str) -> str:
    """The delimiter that splits the header into known columns: `;` or `,`."""
    best, best_known = ",", -1
    for delimiter in (";", ",", "\t"):
        cells = [c.strip().strip('"').lower() for c in header_line.split(delimiter)]
        known = sum(1 for c in cells if c in COLUMN_ALIASES)
        if known > best_known:
            best, best_known = delimiter, known
    return best


def _columns(header: list[str]) -> list[str]:
    columns = [COLUMN_ALIASES.get(h.strip().lower(), h.strip()) for h in header]
    while columns and columns[-1] == "":
        columns.pop()  # a trailing delimiter on the header line
    missing = [c for c in COLUMNS if c not in columns]
    unknown = [c for c in columns if c not in COLUMNS]
    duplicated = sorted({c for c in columns if c in COLUMNS and columns.count(c) > 1})
    if missing or unknown or duplicated:
        parts = []
        if missing:
            parts.append(_("missing: %(columns)s") % {"columns": ", ".join(missing)})
        if unknown:
            parts.append(_("unknown: %(columns)s") % {"columns": ", ".join(unknown)})
        if duplicated:
            parts.append(_("twice: %(columns)s") % {"columns": ", ".join(duplicated)})
        raise CsvFileError(
            _(
                "The first line of the file must name the columns %(expected)s "
                "(in any order). This file's columns do not match (%(problems)s)."
            )
            % {"expected": expected_columns_text(), "problems": "; ".join(parts)}
        )
    return columns


def parse_invitation_csv(upload) -> list[CsvRow]:
    """Every data row of an uploaded CSV file, or CsvFileError when the file cannot be used."""
    check_upload(upload)
    data = upload.read(max_bytes() + 1)
    if len(data) > max_bytes():
        raise CsvFileError(
            _("The file is too large. A file may be at most %(limit)s.")
            % {"limit": filesizeformat(max_bytes())}
        )
    text = decode(data)
    if not text.strip():
        raise CsvFileError(
            _("The file is empty. The first line must name the columns %(expected)s.")
            % {"expected": expected_columns_text()}
        )
    header_line = text.lstrip("\r\n").splitlines()[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(header_line))
    rows: list[CsvRow] = []
    try:
        header: list[str] | None = None
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue  # blank lines, also the lines of a spreadsheet's empty rows
            if header is None:
                header = _columns(cells)
                continue
            if len(rows) >= max_rows():
                raise CsvFileError(
                    _("The file has more than %(limit)s people. Split it into smaller files.")
                    % {"limit": f"{max_rows():,}".replace(",", ".")}
                )
            if any(c.strip() for c in cells[len(header) :]):
                raise CsvFileError(
                    _(
                        "Line %(line)s has more cells than there are columns (%(expected)s). "
                        "Is there a delimiter in a name? Put such a value between double quotes."
                    )
                    % {"line": reader.line_num, "expected": expected_columns_text()}
                )
            values = dict(zip(header, (c.strip() for c in cells), strict=False))
            rows.append(
                CsvRow(
                    line=reader.line_num,
                    name=values.get("name", ""),
                    email=values.get("email", ""),
                    institution=values.get("institution", ""),
                )
            )
    except csv.Error as error:
        raise CsvFileError(
            _("The file cannot be read as CSV (line %(line)s: %(error)s).")
            % {"line": reader.line_num, "error": error}
        ) from None
    if not rows:
        raise CsvFileError(
            _("The file has no people in it: only the line with the column names was found.")
        )
    return rows
