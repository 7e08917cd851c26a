"""Emails asking authors for consent to publish an output, sent by django-tasks off the request.

`services_outputs` enqueues `send_consent_requests` after its transaction commits (when an output
is offered, and when a facilitator sends a reminder). The task reads the rows again: an author who
has decided in the meantime is not asked. Each email is in the platform's language (Dutch by
default) and links to the author's consents page, where they see exactly what would be public.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from leerplatform.showcase.models import Consent, ConsentStatus


def _send(template: str, context: dict, to: str) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}.txt", context)
    prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "")
    send_mail(prefix + " ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [to])


@task()
def send_consent_requests(
    output_id: int, author_ids: list[int], base_url: str, reminder: bool = False
) -> int:
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
        path = reverse("showcase:consents", kwargs={"slug": output.edition.slug})
        context = {
            "name": author.name,
            "output": output,
            "title": str(output),
            "edition": output.edition,
            "offered_by": output.proposed_by.name if output.proposed_by else "",
            "reminder": reminder,
            "url": base_url.rstrip("/") + path + f"#output-{output.pk}",
        }
        _send("showcase/email/consent_request", context, author.email)
        sent += 1
    return sent
