"""A person's own data (AVG/GDPR articles 15, 17 and 20): exports they download.

- `DataExport`: a ZIP of everything about one person, built by a background task with its
  progress, downloadable by its owner only through a signed link for `EXPORT_VALID_DAYS`, then
  purged (file and row).

Erasure keeps its state on the person (`accounts.User.erasure_due_at`, `erased_at`); consents are
`accounts.ConsentRecord`.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

EXPORT_VALID_DAYS = 7


def export_upload_to(instance: DataExport, filename: str) -> str:
    # A generated name: never the person's name in a path.
    return f"exports/{uuid.uuid4().hex}.zip"


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Being built")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


# Waiting for the task or being built: one at a time per person.
IN_PROGRESS = (ExportStatus.PENDING, ExportStatus.RUNNING)


class DataExport(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="data_exports",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("current step"), max_length=200, blank=True)
    file = models.FileField(_("file"), upload_to=export_upload_to, blank=True, max_length=200)
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("available until"), null=True, blank=True)

    class Meta:
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["expires_at"], name="export_expires")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.requested_at:%Y-%m-%d %H:%M} ({self.status})"

    @property
    def is_ready(self) -> bool:
        return self.status == ExportStatus.READY and bool(self.file)

    @property
    def is_in_progress(self) -> bool:
        return self.status in IN_PROGRESS
