"""Every change to data exports: asking for one, building it (the background task's work) and
purging it.

A person asks for an export of their own data on "Mijn gegevens" (`request_export`); after the
transaction commits (`events.export_requested`), `tasks.build_export` builds it with
`run_export`, which writes its progress to the row step by step (each step commits on its own,
so the page polling it sees it move), writes the ZIP to a temporary file (`privacy.export`),
stores it under a generated name through the storage API and ends `ready` — available for
EXPORT_VALID_DAYS — or `failed` with the reason; nothing it does raises out of the task.
`purge_expired_exports` (the retention command, daily) deletes the file and the row once the
export has expired.

No ledger row: asking for one's own data is neither bringing nor taking, and the ledger is kept
long; the export's own row is the record while it exists.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from leerplatform.accounts.models import User
from leerplatform.privacy import events
from leerplatform.privacy.export import write_export
from leerplatform.privacy.models import (
    EXPORT_VALID_DAYS,
    IN_PROGRESS,
    DataExport,
    ExportStatus,
    export_upload_to,
)

logger = logging.getLogger(__name__)

# An export still waiting or being built after this long is taken to be lost (a worker that
# died): it no longer stops the person from asking for a new one.
STALE_AFTER = dt.timedelta(minutes=30)
# At most this many exports per person per day: building one reads everything they have.
EXPORTS_PER_DAY = 3
MAX_ERROR = 1000


@transaction.atomic
def request_export(*, user: User) -> DataExport:
    """`user` asks for an export of their data; a background task builds it after the
    transaction commits. One export is built at a time per person, and at most
    EXPORTS_PER_DAY a day."""
    # The person's row is locked: two clicks at once make one export.
    user = User.objects.select_for_update().get(pk=user.pk)
    now = timezone.now()
    mine = DataExport.objects.filter(user=user)
    if mine.filter(status__in=IN_PROGRESS, requested_at__gte=now - STALE_AFTER).exists():
        raise ValidationError(
            _("Your export is being made right now. Wait until it is ready, then try again.")
        )
    if mine.filter(requested_at__gte=now - dt.timedelta(days=1)).count() >= EXPORTS_PER_DAY:
        raise ValidationError(
            _("You asked for %(count)d exports in the last 24 hours. Try again tomorrow.")
            % {"count": EXPORTS_PER_DAY}
        )
    export = DataExport.objects.create(user=user, requested_at=now)
    events.export_requested.send(sender=DataExport, export=export)
    return export


def _set_step(export_id: int, step: str, progress: int) -> None:
    DataExport.objects.filter(pk=export_id, status=ExportStatus.RUNNING).update(
        progress=progress, step=step
    )


def _fail(export_id: int, error: Exception) -> None:
    message = f"{type(error).__name__}: {error}".strip()[:MAX_ERROR]
    DataExport.objects.filter(pk=export_id).update(
        status=ExportStatus.FAILED, step="", error=message, finished_at=timezone.now()
    )


def run_export(*, export_id: int) -> str:
    """Build a waiting export (called by the background task); returns its final status. Each
    step is saved as it starts; any failure marks the export failed with the reason and is
    logged, never raised. An export that is ready or failed already is left alone; one left
    `running` by a worker that died is built again when the queue runs its task again."""
    claimed = DataExport.objects.filter(pk=export_id, status__in=IN_PROGRESS).update(
        status=ExportStatus.RUNNING, progress=1, step="", error=""
    )
    if not claimed:
        export = DataExport.objects.filter(pk=export_id).first()
        return export.status if export else "missing"
    export = DataExport.objects.select_related("user").get(pk=export_id)
    storage = export.file.storage
    try:
        with tempfile.TemporaryFile(prefix="export-") as zipped:
            write_export(
                user=export.user,
                out=zipped,
                progress=lambda step, progress: _set_step(export_id, step, progress),
            )
            _set_step(export_id, "store", 97)
            size = zipped.seek(0, 2)
            zipped.seek(0)
            name = storage.save(export_upload_to(export, "export.zip"), File(zipped))
    except Exception as error:
        logger.exception("Data export %s could not be made", export_id)
        _fail(export_id, error)
        return ExportStatus.FAILED
    now = timezone.now()
    done = DataExport.objects.filter(pk=export_id, status=ExportStatus.RUNNING).update(
        status=ExportStatus.READY,
        progress=100,
        step="",
        file=name,
        size=size,
        finished_at=now,
        expires_at=now + dt.timedelta(days=EXPORT_VALID_DAYS),
    )
    if not done:
        # Deleted (the person was erased) or purged while it was being built.
        storage.delete(name)
        return "missing"
    return ExportStatus.READY


def _delete(exports) -> int:
    """Delete the rows and their files: the file first, so that a crash in between leaves a row
    whose missing file a second run shrugs off (the storage's delete ignores a missing file)."""
    deleted = 0
    for export in exports.order_by("pk").iterator():
        if export.file:
            export.file.storage.delete(export.file.name)
        count, _rows = DataExport.objects.filter(pk=export.pk).delete()
        deleted += count
    return deleted


def purge_expired_exports(*, now: dt.datetime | None = None) -> int:
    """Delete every export past its date, file and row; returns how many rows went. Exports
    that never became ready (failed, or lost with a dead worker) go EXPORT_VALID_DAYS after they
    were asked for. Safe to run twice, and at the same time."""
    now = now or timezone.now()
    expired = DataExport.objects.filter(
        Q(expires_at__lte=now)
        | Q(expires_at__isnull=True, requested_at__lte=now - dt.timedelta(days=EXPORT_VALID_DAYS))
    )
    return _delete(expired)


def delete_exports_of(*, user: User) -> int:
    """Delete all of `user`'s exports with their files (erasing the account: deleting the person
    removes the rows, but the files only go this way)."""
    return _delete(DataExport.objects.filter(user=user))
