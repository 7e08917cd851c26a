"""The showcase's background work (django-tasks), and the receivers that queue it.

Each task is queued once the transaction of the service that asked for it commits (nothing is
sent or made for work that is rolled back):

- `send_continuation_invitations` (`events.edition_continued`): emails every person invited to
  continue in the new edition who has not answered yet, with the link to answer.
- `generate` (`events.report_requested`): makes the closing report's PDF. With the immediate
  backend (one machine, tests, development) it runs right after the request; with
  TASKS_BACKEND=database a worker (`manage.py run_worker`) picks it up and the facilitators' page
  follows its progress.

Emails go out through `core.email`, each in its recipient's language, with links from SITE_URL.

The request for consent (`events.consent_asked`) and its outcome are notifications
(`notifications.sources.showcase`), emailed at once unless the author chose otherwise.
"""

from __future__ import annotations

from django.core import mail
from django.dispatch import receiver
from django_tasks import task

from leerplatform.core.email import send_email
from leerplatform.core.links import absolute_reverse
from leerplatform.core.queue import enqueue_on_commit
from leerplatform.editions.models import ContinuationInvitation, ContinuationStatus, Edition
from leerplatform.showcase import events
from leerplatform.showcase.models import ClosingReport
from leerplatform.showcase.services.reports import run_generation

# --- Invitations to continue ---------------------------------------------------------------------


@task()
def send_continuation_invitations(edition_id: int) -> int:
    """Email every person invited to continue in the new edition `edition_id` who has not
    answered yet; returns how many were emailed."""
    edition = Edition.objects.select_related("continued_from").filter(pk=edition_id).first()
    if edition is None:
        return 0
    link = absolute_reverse("showcase:continue_answer", slug=edition.slug)
    invitations = (
        ContinuationInvitation.objects.filter(edition=edition, status=ContinuationStatus.ASKED)
        .select_related("user")
        .order_by("pk")
    )
    sent = 0
    with mail.get_connection() as connection:
        for invitation in invitations:
            person = invitation.user
            if not person.is_active or not person.email:
                continue
            context = {
                "name": person.name,
                "edition": edition,
                "old": edition.continued_from,
                "link": link,
            }
            sent += send_email(
                "showcase/email/continuation", context, person, connection=connection
            )
    return sent


@receiver(events.edition_continued, dispatch_uid="showcase_queue_continuation_invitations")
def queue_continuation_invitations(sender, edition: Edition, **kwargs) -> None:
    enqueue_on_commit(send_continuation_invitations, edition.pk)


# --- The closing report --------------------------------------------------------------------------


@task()
def generate(report_id: int) -> str:
    """Make the PDF of one closing report; returns its final status (never raises)."""
    return run_generation(report_id=report_id)


@receiver(events.report_requested, dispatch_uid="showcase_queue_report")
def queue_report(sender, report: ClosingReport, **kwargs) -> None:
    enqueue_on_commit(generate, report.pk)
