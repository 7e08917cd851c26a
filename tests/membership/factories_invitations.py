"""Test helpers for invitations: rows made the way the services make them, and CSV uploads."""

from __future__ import annotations

import datetime as dt
import itertools

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from leerplatform.membership.models import Invitation

_counter = itertools.count(1)


def make_invitation(edition, *, email: str | None = None, **fields) -> Invitation:
    now = timezone.now()
    return Invitation.objects.create(
        edition=edition,
        email=email or f"invited{next(_counter)}@example.org",
        name=fields.pop("name", "Ingrid Invited"),
        expires_at=fields.pop(
            "expires_at", now + dt.timedelta(days=settings.INVITATION_VALID_DAYS)
        ),
        **fields,
    )


def csv_text(rows: list[tuple[str, str, str]], *, delimiter: str = ",", header=None) -> str:
    header = header or ("name", "email", "institution")
    lines = [delimiter.join(header)] + [delimiter.join(row) for row in rows]
    return "\n".join(lines) + "\n"


def csv_upload(
    content: str | bytes,
    *,
    name: str = "people.csv",
    content_type: str = "text/csv",
    bom: bool = False,
) -> SimpleUploadedFile:
    data = content.encode("utf-8") if isinstance(content, str) else content
    if bom:
        data = b"\xef\xbb\xbf" + data
    return SimpleUploadedFile(name, data, content_type=content_type)


def many_rows(count: int, *, domain: str = "example.org") -> list[tuple[str, str, str]]:
    return [(f"Persoon {i}", f"persoon{i}@{domain}", "") for i in range(1, count + 1)]
