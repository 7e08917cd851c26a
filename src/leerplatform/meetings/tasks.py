"""Emails about meetings sent by django-tasks: the reminder some days before.

A task receives ids and plain values (JSON) and writes in the platform's language (Dutch by
default), like the membership emails.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from leerplatform.meetings.models import Registration
from leerplatform.meetings.services import reminders


def absolute(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + path


def _send_reminder_email(registration: Registration, base_url: str) -> None:
    meeting = registration.meeting
    context = {
        "registration": registration,
        "meeting": meeting,
        "edition": meeting.edition,
        "name": registration.display_name,
        "meeting_url": absolute(base_url, reverse("meetings:detail", kwargs={"pk": meeting.pk})),
        "ics_url": absolute(base_url, reverse("meetings:ics", kwargs={"pk": meeting.pk})),
        "cancel_url": absolute(
            base_url, reverse("meetings:guest_cancel", kwargs={"token": registration.token})
        )
        if registration.is_guest
        else "",
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("meetings/email/reminder_subject.txt", context)
        body = render_to_string("meetings/email/reminder_message.txt", context)
    prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "")
    to = registration.guest_email if registration.is_guest else registration.user.email
    send_mail(prefix + " ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [to])


@task()
def send_meeting_reminder(registration_id: int, base_url: str) -> bool:
    """Remind one registered person of their meeting; False when it was sent already."""
    return reminders.send_reminder(
        registration_id=registration_id,
        base_url=base_url,
        send=lambda registration: _send_reminder_email(registration, base_url),
    )
