"""Every change to closing reports: asking for one, making it (the background task's work),
publishing it and taking it back.

A facilitator asks for a report in Dutch or English (`request_report`); after the transaction
commits (`events.report_requested`), `tasks.generate` makes it with `run_generation`, which
writes its progress to the row step by step (each step commits on its own, so that the page
polling it sees it move), stores the PDF under a generated name through the storage API, and ends
`done` — or `failed` with the reason: nothing it does raises out of the task. A facilitator then publishes the finished report:
from then on everyone, visitors included, can download it from the edition's outputs page.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leerplatform.accounts.models import User
from leerplatform.core import activity
from leerplatform.core.models import Verb
from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Edition
from leerplatform.showcase import events, pdf
from leerplatform.showcase.models import ClosingReport, ReportStatus, report_upload_to

logger = logging.getLogger(__name__)

# A report still queued or running after this long is taken to be lost (a worker that died):
# it no longer stops a facilitator from asking for a new one.
STALE_AFTER = dt.timedelta(minutes=15)

# The steps of making a report: (key stored in `step`, progress in %, label).
STEPS = {
    "collect": (10, gettext_lazy("Collecting the edition's data")),
    "render": (30, gettext_lazy("Laying out the pages")),
    "pdf": (60, gettext_lazy("Writing the PDF")),
    "store": (90, gettext_lazy("Storing the PDF")),
}
MAX_ERROR = 1000


def step_label(report: ClosingReport) -> str:
    """What the report is doing now, in the reader's language."""
    if report.status == ReportStatus.QUEUED:
        return _("Waiting for its turn")
    if report.status == ReportStatus.RUNNING and report.step in STEPS:
        return str(STEPS[report.step][1])
    return report.get_status_display()


def is_in_progress(report: ClosingReport) -> bool:
    return report.status in (ReportStatus.QUEUED, ReportStatus.RUNNING)


@transaction.atomic
def request_report(*, edition: Edition, language: str, actor: User) -> ClosingReport:
    """A facilitator asks for the edition's closing report in `language` ("nl" or "en"); a
    background task makes it after the transaction commits. One report is made at a time per
    edition."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose Dutch or English.")})
    # The edition row is locked: two facilitators pressing the button at once make one report.
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    busy = ClosingReport.objects.filter(
        edition=edition,
        status__in=[ReportStatus.QUEUED, ReportStatus.RUNNING],
        requested_at__gte=timezone.now() - STALE_AFTER,
    )
    if busy.exists():
        raise ValidationError(
            _("A closing report is being made right now. Wait until it is ready, then try again.")
        )
    report = ClosingReport.objects.create(edition=edition, language=language, requested_by=actor)
    # The report itself is the facilitators' business until it is published: no stream shows
    # this row (group visibility without a group).
    activity.record(
        actor=actor,
        verb=Verb.REPORT_GENERATED,
        edition=edition,
        target=report,
        visibility=Visibility.GROUP,
        data={"language": language},
    )
    events.report_requested.send(sender=ClosingReport, report=report)
    return report


def _set_step(report_id: int, step: str) -> None:
    progress, _label = STEPS[step]
    ClosingReport.objects.filter(pk=report_id).update(progress=progress, step=step)


def _fail(report_id: int, error: Exception) -> None:
    message = f"{type(error).__name__}: {error}".strip()[:MAX_ERROR]
    ClosingReport.objects.filter(pk=report_id).update(
        status=ReportStatus.FAILED, step="", error=message, finished_at=timezone.now()
    )


def run_generation(*, report_id: int) -> str:
    """Make the PDF of a queued report (called by the background task); returns the final
    status. Each step is saved as it starts; any failure marks the report failed with the reason
    and is logged, never raised. A report that is not queued (made already, or by another
    worker) is left alone."""
    claimed = ClosingReport.objects.filter(pk=report_id, status=ReportStatus.QUEUED).update(
        status=ReportStatus.RUNNING, progress=5, step="", error=""
    )
    if not claimed:
        report = ClosingReport.objects.filter(pk=report_id).first()
        return report.status if report else "missing"
    report = ClosingReport.objects.select_related("edition").get(pk=report_id)
    try:
        _set_step(report_id, "collect")
        context = pdf.build_context(edition=report.edition, language=report.language)
        _set_step(report_id, "render")
        html, css = pdf.render_html(context, language=report.language)
        _set_step(report_id, "pdf")
        content, pages = pdf.write_pdf(html, css)
        _set_step(report_id, "store")
        name = report.file.storage.save(
            report_upload_to(report, "report.pdf"), ContentFile(content)
        )
    except Exception as error:
        logger.exception("Closing report %s could not be made", report_id)
        _fail(report_id, error)
        return ReportStatus.FAILED
    ClosingReport.objects.filter(pk=report_id).update(
        status=ReportStatus.DONE,
        progress=100,
        step="",
        file=name,
        pages=pages,
        finished_at=timezone.now(),
    )
    return ReportStatus.DONE


@transaction.atomic
def publish_report(*, report: ClosingReport, actor: User) -> ClosingReport:
    """Publish a finished report: everyone can download it from the outputs page. It replaces
    the report published before in the same language."""
    report = ClosingReport.objects.select_for_update().select_related("edition").get(pk=report.pk)
    if report.status != ReportStatus.DONE or not report.file:
        raise ValidationError(_("Only a finished report can be published."))
    if report.published_at is not None:
        return report
    ClosingReport.objects.filter(
        edition_id=report.edition_id, language=report.language, published_at__isnull=False
    ).update(published_at=None)
    report.published_at = timezone.now()
    report.save(update_fields=["published_at"])
    activity.record(
        actor=actor,
        verb=Verb.REPORT_PUBLISHED,
        edition=report.edition,
        target=report,
        visibility=Visibility.PLATFORM,
        data={"language": report.language},
    )
    events.closing_report_published.send(sender=ClosingReport, report=report, actor=actor)
    return report


@transaction.atomic
def unpublish_report(*, report: ClosingReport, actor: User) -> ClosingReport:
    """Take a published report back: only the facilitators can download it again."""
    report = ClosingReport.objects.select_for_update().get(pk=report.pk)
    if report.published_at is not None:
        report.published_at = None
        report.save(update_fields=["published_at"])
    return report
