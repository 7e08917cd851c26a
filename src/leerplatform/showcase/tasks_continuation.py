"""Emails about continuing in a new edition, sent by django-tasks off the request path.

`services_continuation.continue_edition` enqueues `send_continuation_invitations` after its
transaction commits. The task reads the invitations again and emails each invited person who has
not answered yet, in the platform's language (Dutch by default), with the link to answer.
"""

from __future__ import annotations

from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from leerplatform.editions.models import ContinuationInvitation, ContinuationStatus, Edition

BATCH_SIZE = 200


@task()
def send_continuation_invitations(edition_id: int, base_url: str) -> int:
    """Email every person invited to continue in the new edition `edition_id` who has not
    answered yet; returns how many were emailed."""
    edition = Edition.objects.select_related("continued_from").filter(pk=edition_id).first()
    if edition is None:
        return 0
    link = base_url.rstrip("/") + reverse("showcase:continue_answer", kwargs={"slug": edition.slug})
    invitations = (
        ContinuationInvitation.objects.filter(edition=edition, status=ContinuationStatus.ASKED)
        .select_related("user")
        .order_by("pk")
    )
    prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "")
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
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
            subject = render_to_string("showcase/email/continuation_subject.txt", context)
            body = render_to_string("showcase/email/continuation_message.txt", context)
            messages.append(
                mail.EmailMessage(
                    subject=prefix + " ".join(subject.split()),
                    body=body,
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[person.email],
                )
            )
    with mail.get_connection() as connection:
        for start in range(0, len(messages), BATCH_SIZE):
            connection.send_messages(messages[start : start + BATCH_SIZE])
    return len(messages)
