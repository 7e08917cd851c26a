"""The privacy app's background work (django-tasks), and the receivers that queue it.

- `build_export` (`events.export_requested`): builds a person's data export (`services.export.
  run_export`) once the request's transaction commits, and emails them when it is ready, with
  the link to "Mijn gegevens" (never the file itself: the download needs their login). With the
  immediate backend (tests, development without a worker) it runs right after the request; with
  TASKS_BACKEND=database a worker picks it up and the page follows its progress.

Emails go out through `core.email`, in the person's language, with links from SITE_URL.
"""

from __future__ import annotations

from django.dispatch import receiver
from django_tasks import task

from leerplatform.core.email import send_email
from leerplatform.core.links import absolute_reverse
from leerplatform.core.queue import enqueue_on_commit
from leerplatform.privacy import events
from leerplatform.privacy.models import DataExport, ExportStatus
from leerplatform.privacy.services.export import run_export


@task()
def build_export(export_id: int) -> str:
    """Build one data export and email its owner when it is ready; returns its final status."""
    status = run_export(export_id=export_id)
    if status == ExportStatus.READY:
        export = DataExport.objects.select_related("user").get(pk=export_id)
        person = export.user
        if person.is_active and person.email:
            context = {
                "name": person.name,
                "link": absolute_reverse("privacy:my_data") + "#export",
                "expires_at": export.expires_at,
            }
            send_email("privacy/email/export_ready", context, person)
    return status


@receiver(events.export_requested, dispatch_uid="privacy_queue_export")
def queue_export(sender, export: DataExport, **kwargs) -> None:
    enqueue_on_commit(build_export, export.pk)
