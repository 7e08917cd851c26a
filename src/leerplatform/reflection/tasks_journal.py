"""Emails about reflection, sent by django-tasks off the request path.

`services_journal.claim_reflection_request` enqueues `send_reflection_request` once per attendee
after the claim commits. The task reads the rows again: someone who reflected in the meantime, left
the edition or has no address is not emailed. The email is in the platform's language (Dutch by
default), with a link to the reflection form of the meeting.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from leerplatform.accounts.models import User
from leerplatform.editions.models import Membership
from leerplatform.meetings.models import Meeting
from leerplatform.reflection.models import JournalEntry


def _send(template: str, context: dict, to: str) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}.txt", context)
    prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "")
    send_mail(prefix + " ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [to])


@task()
def send_reflection_request(meeting_id: int, user_id: int, base_url: str) -> bool:
    """Ask one attendee to reflect on the meeting; False when there is no one to ask (any more)."""
    meeting = Meeting.objects.select_related("edition").filter(pk=meeting_id).first()
    person = User.objects.filter(pk=user_id, is_active=True).first()
    if meeting is None or person is None or not person.email:
        return False
    if not Membership.objects.active().filter(edition_id=meeting.edition_id, user=person).exists():
        return False
    if JournalEntry.objects.filter(user=person, meeting=meeting).exists():
        return False
    base = base_url.rstrip("/")
    context = {
        "name": person.name,
        "meeting": meeting,
        "edition": meeting.edition,
        "reflect_url": base + reverse("reflection:reflect", kwargs={"pk": meeting.pk}),
        "journal_url": base + reverse("reflection:journal", kwargs={"slug": meeting.edition.slug}),
    }
    _send("reflection/email/journal_request", context, person.email)
    return True
