"""What the export box on "Mijn gegevens" and the export's own pages read."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leerplatform.privacy.collect import KINDS
from leerplatform.privacy.export import download_url
from leerplatform.privacy.models import DataExport, ExportStatus

# The exports the box lists (older ones are purged within days anyway).
EXPORTS_SHOWN = 5

# The steps of building an export (`DataExport.step`) besides collecting each kind.
STEPS = {
    "files": gettext_lazy("Copying your files"),
    "index": gettext_lazy("Writing the overview"),
    "store": gettext_lazy("Storing the ZIP file"),
}
KIND_LABELS = {kind.key: kind.label for kind in KINDS}


def step_label(export: DataExport) -> str:
    """What the export is doing now, in the reader's language."""
    if export.status == ExportStatus.PENDING:
        return _("Waiting for its turn")
    if export.status == ExportStatus.RUNNING:
        if export.step in KIND_LABELS:
            return _("Collecting: %(kind)s") % {"kind": KIND_LABELS[export.step]}
        if export.step in STEPS:
            return str(STEPS[export.step])
        return _("Starting")
    return export.get_status_display()


@dataclass(frozen=True)
class ExportRow:
    """One export as the box shows it: its step in words, and the signed link while it lasts."""

    export: DataExport
    step: str
    in_progress: bool
    is_expired: bool
    download_url: str


@dataclass(frozen=True)
class Exports:
    """The person's latest exports, newest first; `busy` while one is being made."""

    rows: list[ExportRow]

    def __iter__(self) -> Iterator[ExportRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def busy(self) -> bool:
        return any(row.in_progress for row in self.rows)


def row_for(export: DataExport) -> ExportRow:
    expired = export.expires_at is not None and export.expires_at <= timezone.now()
    ready = export.status == ExportStatus.READY and bool(export.file) and not expired
    return ExportRow(
        export=export,
        step=step_label(export),
        in_progress=export.is_in_progress,
        is_expired=expired,
        download_url=download_url(export) if ready else "",
    )


def for_person(user) -> Exports:
    """The person's latest exports, newest first (one query)."""
    exports = DataExport.objects.filter(user=user).order_by("-requested_at", "-pk")
    return Exports([row_for(export) for export in exports[:EXPORTS_SHOWN]])


def load_export(*, pk: int) -> DataExport:
    """The loader of `permission_required`: the export, or a 404 (whose it is, the permission
    decides)."""
    export = DataExport.objects.filter(pk=pk).first()
    if export is None:
        raise Http404(_("This export does not exist (any more)."))
    return export
