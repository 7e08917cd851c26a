"""The demo edition's closing report: a Dutch report, made and published through the services,
so that the public outputs page links a real PDF (all people in it are fictional, see
demo/edition.py).

The lead calls `load_report_examples(edition)` after the other demo loaders (the report shows
what they made, so the outputs should be loaded first). It is idempotent: an edition that already
has a published Dutch report is left alone. Inside the demo's transaction the background task
would only run after the commit, so the loader makes the report itself with the same service
the task calls (the task, when it runs later, finds the report made and leaves it alone).
"""

from __future__ import annotations

from leerplatform.accounts.models import User
from leerplatform.editions.models import Edition
from leerplatform.showcase.models import ClosingReport, ReportStatus
from leerplatform.showcase.services import reports as services

FACILITATOR = "facilitator@example.org"


def load_report_examples(edition: Edition) -> ClosingReport | None:
    """Make and publish the Dutch closing report if the edition has none published yet."""
    published = ClosingReport.objects.filter(
        edition=edition, language="nl", status=ReportStatus.DONE, published_at__isnull=False
    ).first()
    if published is not None:
        return published
    facilitator = User.objects.filter(email=FACILITATOR).first()
    if facilitator is None:
        return None
    report = services.request_report(edition=edition, language="nl", actor=facilitator)
    report.refresh_from_db()
    if report.status == ReportStatus.QUEUED:
        services.run_generation(report_id=report.pk)
        report.refresh_from_db()
    if report.status != ReportStatus.DONE:
        return report
    return services.publish_report(report=report, actor=facilitator)
