"""The data export as a file: one person's data (`privacy.collect`) written into a ZIP, and the
signed link that downloads it.

The ZIP holds one JSON file per kind (`profile.json`, `journal.json`, …), the files that are the
person's (`files/`: their profile photo and the current version of every file of the documents
they wrote, at most `PRIVACY_EXPORT_MAX_FILE_BYTES` together) and `index.html`, a page to read it
all in a browser, in the person's language, without anything from outside the ZIP.

Memory stays bounded: each kind's rows are read in chunks and written into the ZIP as they come
(the JSON is streamed, never held as a whole), files are copied a megabyte at a time, and the ZIP
itself is written to a temporary file, never to memory. Every string that goes in passes
`Scrubber`, which leaves the person's own addresses and replaces any other email address:
whatever a row holds, nobody else's address leaves the platform in someone's export.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any
from urllib.parse import urlencode

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from leerplatform.accounts.models import ConsentRecord, User
from leerplatform.core.email import language_of
from leerplatform.membership.models import Application, Invitation
from leerplatform.privacy.collect import KINDS, FilePlan, Kind
from leerplatform.privacy.models import EXPORT_VALID_DAYS, DataExport

# How many items of each section the index shows (the JSON has them all).
INDEX_LINES = 10
COPY_CHUNK = 1024 * 1024
EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")

Progress = Callable[[str, int], None]


def max_file_bytes() -> int:
    return settings.PRIVACY_EXPORT_MAX_FILE_BYTES


# --- No one else's address ------------------------------------------------------------------------


def own_addresses(user: User) -> set[str]:
    """Every address that is the person's own: the account's, the ones confirmed on it, and the
    ones their applications, invitations and consents were made with."""
    found = {user.email}
    found.update(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    found.update(Application.objects.filter(user=user).values_list("email", flat=True))
    found.update(Invitation.objects.filter(accepted_by=user).values_list("email", flat=True))
    found.update(
        ConsentRecord.objects.filter(user=user).exclude(email="").values_list("email", flat=True)
    )
    return {address.strip().lower() for address in found if address}


class Scrubber:
    """Makes a collected value safe and plain for JSON: strings without anyone else's address,
    times in Dutch local time as ISO 8601, lazy translations as text."""

    def __init__(self, own: set[str]) -> None:
        self.own = own
        self.replacement = _("[address left out]")

    def _address(self, match: re.Match) -> str:
        return match.group(0) if match.group(0).lower() in self.own else self.replacement

    def text(self, value: str) -> str:
        return EMAIL.sub(self._address, value) if "@" in value else value

    def __call__(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, Promise):
            return self.text(str(value))
        if isinstance(value, dt.datetime):
            return (timezone.localtime(value) if timezone.is_aware(value) else value).isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, dict):
            return {str(key): self(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [self(item) for item in value]
        return value


# --- Writing the ZIP -----------------------------------------------------------------------------


@dataclass
class SectionSummary:
    key: str
    label: str
    count: int = 0
    lines: list[str] = field(default_factory=list)

    @property
    def more(self) -> int:
        return max(0, self.count - len(self.lines))


@dataclass
class KindSummary:
    key: str
    label: str
    description: str
    note: str
    sections: list[SectionSummary] = field(default_factory=list)

    @property
    def file(self) -> str:
        return f"{self.key}.json"

    @property
    def count(self) -> int:
        return sum(section.count for section in self.sections)


@dataclass
class Written:
    """What went into the ZIP: per kind, per section, how many items; and the files."""

    kinds: list[KindSummary]
    files: list[str]
    files_left_out: int
    file_bytes: int

    def counts(self) -> dict[str, dict[str, int]]:
        return {k.key: {s.key: s.count for s in k.sections} for k in self.kinds}


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, cls=DjangoJSONEncoder)


def _write_kind(
    archive: zipfile.ZipFile, kind: Kind, user: User, plan: FilePlan, clean: Scrubber, now: str
) -> KindSummary:
    """`<kind>.json`, streamed: a header, each section as its rows come, the counts last."""
    summary = KindSummary(
        kind.key, str(kind.label), str(kind.description), str(kind.note) if kind.note else ""
    )
    with archive.open(f"{kind.key}.json", "w") as raw:

        def write(text: str) -> None:
            raw.write(text.encode("utf-8"))

        write(f'{{\n  "kind": {_dumps(kind.key)},\n  "title": {_dumps(summary.label)},')
        write(f'\n  "exported_at": {_dumps(now)}')
        for section in kind.sections(user, plan):
            part = SectionSummary(section.key, str(section.label))
            summary.sections.append(part)
            write(f",\n  {_dumps(section.key)}: ")
            if not section.single:
                write("[")
            for item in section.rows():
                if len(part.lines) < INDEX_LINES:
                    part.lines.append(clean.text(str(section.line(item))))
                row = _dumps(clean(item))
                if section.single:
                    write(row)
                else:
                    write(("," if part.count else "") + "\n    " + row)
                part.count += 1
            if section.single and not part.count:
                write("null")
            if not section.single:
                write("\n  ]" if part.count else "]")
        counts = {part.key: part.count for part in summary.sections}
        write(f',\n  "counts": {_dumps(counts)}\n}}\n')
    return summary


def _copy_files(archive: zipfile.ZipFile, plan: FilePlan) -> None:
    """The planned files, one at a time, a megabyte at a time (stored: most are compressed)."""
    for path, fieldfile in plan.files:
        info = zipfile.ZipInfo(path, date_time=timezone.localtime().timetuple()[:6])
        info.compress_type = zipfile.ZIP_STORED
        with (
            fieldfile.storage.open(fieldfile.name, "rb") as source,
            archive.open(info, "w", force_zip64=True) as target,
        ):
            shutil.copyfileobj(source, target, COPY_CHUNK)


def write_export(*, user: User, out: IO[bytes], progress: Progress | None = None) -> Written:
    """Write `user`'s export as a ZIP into `out` (a seekable binary file), in their language.
    `progress(step, percent)` is called as each step starts (step: a kind's key, "files",
    "index")."""
    report = progress or (lambda step, percent: None)
    plan = FilePlan(budget=max_file_bytes())
    with translation.override(language_of(user)):
        clean = Scrubber(own_addresses(user))
        exported_at = timezone.localtime()
        now = exported_at.isoformat()
        kinds = []
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for number, kind in enumerate(KINDS):
                report(kind.key, 5 + 80 * number // len(KINDS))
                kinds.append(_write_kind(archive, kind, user, plan, clean, now))
            report("files", 85)
            _copy_files(archive, plan)
            report("index", 95)
            written = Written(
                kinds=kinds,
                files=[path for path, _file in plan.files],
                files_left_out=plan.left_out,
                file_bytes=plan.used,
            )
            html = render_to_string(
                "privacy/export/index.html",
                {
                    "name": user.name,
                    "exported_at": exported_at,
                    "written": written,
                    "language": translation.get_language(),
                    "valid_days": EXPORT_VALID_DAYS,
                    "max_file_bytes": plan.budget,
                },
            )
            archive.writestr("index.html", clean.text(html))
    return written


def download_name(export: DataExport) -> str:
    """The ZIP's name on the person's computer, in their language."""
    when = timezone.localtime(export.finished_at or export.requested_at)
    with translation.override(language_of(export.user)):
        name = _("leerplatform-my-data")
    return f"{name}-{when:%Y-%m-%d}.zip"


# --- The signed link ------------------------------------------------------------------------------

SALT = "leerplatform.privacy.export-download"
VALID, EXPIRED, INVALID = "valid", "expired", "invalid"


def _signed_value(export: DataExport) -> str:
    return f"{export.pk}.{export.user_id}"


def download_token(export: DataExport) -> str:
    """A token bound to this export and its owner, valid for EXPORT_VALID_DAYS."""
    return signing.TimestampSigner(salt=SALT).sign(_signed_value(export))


def download_url(export: DataExport) -> str:
    path = reverse("privacy:export_download", args=[export.pk])
    return f"{path}?{urlencode({'t': download_token(export)})}"


def check_token(export: DataExport, token: str) -> str:
    """VALID, EXPIRED (a real token, older than EXPORT_VALID_DAYS) or INVALID."""
    signer = signing.TimestampSigner(salt=SALT)
    try:
        value = signer.unsign(token, max_age=dt.timedelta(days=EXPORT_VALID_DAYS))
    except signing.SignatureExpired:
        return EXPIRED
    except signing.BadSignature:
        return INVALID
    return VALID if value == _signed_value(export) else INVALID
