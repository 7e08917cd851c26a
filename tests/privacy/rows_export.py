"""Permission rows (see permission_rows.py): download my data.

The World's participant has a finished export (a plain row with a small ZIP). Anyone logged in
may ask for an export of their own data (a POST that goes back to "Mijn gegevens"); an export's
progress and its download are for its owner only: for everyone else, staff included, it does
not exist (404).
"""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from leerplatform.privacy.export import download_url
from leerplatform.privacy.models import DataExport, ExportStatus
from tests.permission_support import Row, _logged_in


def _export(w) -> DataExport:
    owner = w.users["participant"]
    export = DataExport.objects.filter(user=owner).first()
    if export is None:
        now = timezone.now()
        export = DataExport(
            user=owner,
            status=ExportStatus.READY,
            progress=100,
            finished_at=now,
            expires_at=now + dt.timedelta(days=7),
            size=22,
        )
        export.file.save("export.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18), save=False)
        export.save()
    return export


def _owner_only() -> dict:
    return {
        "visitor": 302,
        "outsider": 404,
        "participant": 200,
        "facilitator": 404,
        "staff": 404,
        "ex_member": 404,
    }


ROWS = [
    Row(
        "privacy:export_request",
        lambda w: reverse("privacy:export_request"),
        _logged_in(302),
        method="post",
    ),
    Row(
        "privacy:export_status",
        lambda w: reverse("privacy:export_status", args=[_export(w).pk]),
        _owner_only(),
    ),
    Row("privacy:export_download", lambda w: download_url(_export(w)), _owner_only()),
]
