"""The showcase's background work (django-tasks), and the receivers that queue it.

Each task is queued once the transaction of the service that asked for it commits (nothing is
sent or made for work that is rolled back):

- `send_consent_requests` (`events.consent_asked`: an output offered, offered again, or a
  reminder): emails the authors whose consent is still asked. The task reads the rows again: an
  author who has decided in the meantime is not asked. Each email links to the author's consents
  page, where they see exactly what would be public.
- `send_continuation_invitations` (`events.edition_continued`): emails every person invited to
  continue in the new edition who has not answered yet, with the link to answer.
- `generate` (`events.report_requested`): makes the closing report's PDF. With the immediate
  backend (one machine, tests, development) it runs right after the request; with
  TASKS_BACKEND=database a worker (`manage.py run_worker`) picks it up and the facilitators' page
  follows its progress.

Emails go out through `core.email`, each in its recipient's language, with links from SITE_URL.
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
from leerplatform.showcase.models import ClosingReport, Consent, ConsentStatus, Output
from leerplatform.showcase.services.reports import run_generation

# --- Consent requests ----------------------------------------------------------------------------


@task()
def send_consent_requests(output_id: int, author_ids: list[int], reminder: bool = False) -> int:
    """Ask these authors, where their consent is still asked, to decide; returns how many
    people were emailed."""
    consents = (
        Consent.objects.filter(
            output_id=output_id, author_id__in=author_ids, status=ConsentStatus.ASKED
        )
        .select_related(
            "author",
            "output__edition",
            "output__group",
            "output__document",
            "output__report__meeting",
            "output__proposed_by",
        )
        .order_by("author_id")
    )
    sent = 0
    for consent in consents:
        author, output = consent.author, consent.output
        if not author.is_active or not author.email:
            continue
        url = absolute_reverse("showcase:consents", slug=output.edition.slug)
        context = {
            "name": author.name,
            "output": output,
            "title": str(output),
            "edition": output.edition,
            "offered_by": output.proposed_by.name if output.proposed_by else "",
            "reminder": reminder,
            "url": f"{url}#output-{output.pk}",
        }
        send_email("showcase/email/consent_request", context, author)
        sent += 1
    return sent


@receiver(events.consent_asked, dispatch_uid="showcase_queue_consent_requests")
def queue_consent_requests(sender, output: Output, author_ids: list[int], reminder: bool, **kw):
    enqueue_on_commit(send_consent_requests, output.pk, list(author_ids), reminder)


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
