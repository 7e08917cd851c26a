"""Emails about meeting registrations, sent by django-tasks off the request path.

The services enqueue these after their transaction commits. A task receives ids and plain values,
reads the row again, and writes in the platform's language (Dutch by default). The confirmation
emails (registered, on the waiting list, promoted) carry the meeting as an .ics attachment.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from leerplatform.meetings.calendar import calendar_bytes
from leerplatform.meetings.models import Registration, RegistrationStatus

KINDS = {
    RegistrationStatus.REGISTERED: "meetings/email/registration_registered",
    RegistrationStatus.WAITLISTED: "meetings/email/registration_waitlisted",
    "promoted": "meetings/email/registration_promoted",
}
ICS_FILENAME = "bijeenkomst.ics"
ICS_MIMETYPE = "text/calendar; method=PUBLISH"


def _absolute(base_url: str, path: str) -> str:
    """An absolute link, or "" when the caller knew no address of the site."""
    return base_url.rstrip("/") + path if base_url else ""


def _registration(registration_id: int) -> Registration | None:
    return (
        Registration.objects.select_related("meeting__edition", "user")
        .filter(pk=registration_id)
        .first()
    )


def _links(registration: Registration, base_url: str) -> dict:
    meeting = registration.meeting
    if registration.is_guest:
        cancel = reverse("meetings:guest_cancel", kwargs={"token": registration.token})
    else:
        cancel = reverse("meetings:unregister", kwargs={"pk": meeting.pk})
    return {
        "meeting_url": _absolute(base_url, reverse("meetings:detail", kwargs={"pk": meeting.pk})),
        "cancel_url": _absolute(base_url, cancel),
        "confirm_url": _absolute(
            base_url, reverse("meetings:guest_confirm", kwargs={"token": registration.token})
        ),
    }


def _render(template: str, context: dict) -> tuple[str, str]:
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}.txt", context)
    prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "")
    return prefix + " ".join(subject.split()), body


def meeting_ics(registration: Registration, *, meeting_url: str = "") -> bytes:
    """The meeting as a calendar file to import (METHOD:PUBLISH: no invitation to answer)."""
    meeting = registration.meeting
    return calendar_bytes(
        [meeting],
        name=meeting.title,
        url_for=(lambda m: meeting_url) if meeting_url else None,
        method="PUBLISH",
    )


def _recipient(registration: Registration) -> str:
    return registration.guest_email if registration.is_guest else registration.user.email


@task()
def send_registration_email(*, registration_id: int, kind: str, base_url: str) -> bool:
    """Confirm a registration (`kind` registered, waitlisted or promoted), with the .ics."""
    from leerplatform.meetings.queries_registrations import waitlist_position

    registration = _registration(registration_id)
    if registration is None or kind not in KINDS:
        return False
    if registration.status == RegistrationStatus.CANCELLED:
        return False  # cancelled before the email went out: nothing to confirm any more
    links = _links(registration, base_url)
    context = {
        "registration": registration,
        "meeting": registration.meeting,
        "edition": registration.meeting.edition,
        "name": registration.display_name,
        "position": waitlist_position(registration),
        **links,
    }
    subject, body = _render(KINDS[kind], context)
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [_recipient(registration)])
    message.attach(
        ICS_FILENAME,
        meeting_ics(registration, meeting_url=links["meeting_url"]).decode(),
        ICS_MIMETYPE,
    )
    message.send()
    return True


@task()
def send_guest_link(*, registration_id: int, base_url: str) -> bool:
    """Send a guest the links to confirm their address (and so their registration) or cancel."""
    registration = _registration(registration_id)
    if registration is None or not registration.is_guest:
        return False
    if registration.status == RegistrationStatus.CANCELLED:
        return False
    context = {
        "registration": registration,
        "meeting": registration.meeting,
        "edition": registration.meeting.edition,
        "name": registration.guest_name,
        "confirmed": registration.guest_confirmed_at is not None,
        **_links(registration, base_url),
    }
    subject, body = _render("meetings/email/guest_link", context)
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [registration.guest_email]).send()
    return True
