"""Emails about meetings, sent by django-tasks off the request path, and the receivers that queue
them after the services' events (`meetings.events`).

The receivers queue a task once the service's transaction commits (a rolled-back registration
mails nobody). A task receives ids and plain values (JSON), reads the row again, and writes in the
recipient's language (`core.email`). The confirmation emails (registered, on the waiting list,
promoted) carry the meeting as an .ics attachment; the reminder goes some days before the meeting.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.dispatch import receiver
from django_tasks import task

from leerplatform.accounts.ratelimits import mail_once
from leerplatform.core.email import Attachment, send_email
from leerplatform.core.links import absolute_reverse
from leerplatform.core.queue import enqueue, enqueue_on_commit
from leerplatform.meetings import events
from leerplatform.meetings.calendar import calendar_bytes, cancel_bytes
from leerplatform.meetings.models import (
    HOLDS_PLACE_Q,
    WAITING_Q,
    Meeting,
    MeetingStatus,
    Registration,
    RegistrationStatus,
)
from leerplatform.meetings.queries.registrations import waitlist_position
from leerplatform.meetings.services import reminders

KINDS = {
    RegistrationStatus.REGISTERED: "meetings/email/registration_registered",
    RegistrationStatus.WAITLISTED: "meetings/email/registration_waitlisted",
    "promoted": "meetings/email/registration_promoted",
    "moved": "meetings/email/registration_moved",
}
ICS_FILENAME = "bijeenkomst.ics"
ICS_MIMETYPE = "text/calendar; method=PUBLISH"
CANCEL_MIMETYPE = "text/calendar; method=CANCEL"


def _registration(registration_id: int) -> Registration | None:
    return (
        Registration.objects.select_related("meeting__edition", "user")
        .filter(pk=registration_id)
        .first()
    )


def _recipient(registration: Registration):
    """A member (written to in their language) or a guest's address."""
    return registration.guest_email if registration.is_guest else registration.user


def _links(registration: Registration) -> dict:
    meeting = registration.meeting
    if registration.is_guest:
        cancel = absolute_reverse("meetings:guest_cancel", token=registration.token)
    else:
        cancel = absolute_reverse("meetings:unregister", pk=meeting.pk)
    return {
        "meeting_url": absolute_reverse("meetings:detail", pk=meeting.pk),
        "cancel_url": cancel,
        "confirm_url": absolute_reverse("meetings:guest_confirm", token=registration.token),
    }


def meeting_ics(registration: Registration, *, meeting_url: str = "") -> bytes:
    """The meeting as a calendar file to import (METHOD:PUBLISH: no invitation to answer)."""
    meeting = registration.meeting
    return calendar_bytes(
        [meeting],
        name=meeting.title,
        url_for=(lambda m: meeting_url) if meeting_url else None,
        method="PUBLISH",
    )


# --- Registration emails -------------------------------------------------------------------------


@task()
def send_registration_email(*, registration_id: int, kind: str) -> bool:
    """Confirm a registration (`kind` registered, waitlisted or promoted), with the .ics."""
    registration = _registration(registration_id)
    if registration is None or kind not in KINDS:
        return False
    if registration.status == RegistrationStatus.CANCELLED:
        return False  # cancelled before the email went out: nothing to confirm any more
    links = _links(registration)
    context = {
        "registration": registration,
        "meeting": registration.meeting,
        "edition": registration.meeting.edition,
        "name": registration.display_name,
        "position": waitlist_position(registration),
        **links,
    }
    ics = meeting_ics(registration, meeting_url=links["meeting_url"]).decode()
    send_email(
        KINDS[kind],
        context,
        _recipient(registration),
        attachments=[Attachment(ICS_FILENAME, ics, ICS_MIMETYPE)],
    )
    return True


@task()
def send_guest_link(*, registration_id: int) -> bool:
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
        **_links(registration),
    }
    send_email("meetings/email/guest_link", context, registration.guest_email)
    return True


@receiver(events.registration_changed)
def queue_registration_email(sender, registration: Registration, kind: str, **kwargs) -> None:
    registration_id = registration.pk
    enqueue_on_commit(send_registration_email, registration_id=registration_id, kind=kind)


@receiver(events.guest_link_requested)
def queue_guest_link(sender, registration: Registration, **kwargs) -> None:
    """After the commit, mail the links, unless this address got them for this meeting within
    the period (PUBLIC_FORM_MAIL_INTERVAL): a bot posting the form cannot flood a mailbox."""
    registration_id, email = registration.pk, registration.guest_email
    scope = f"meeting:{registration.meeting_id}"

    if mail_once("guest_link", email, scope=scope):
        enqueue_on_commit(send_guest_link, registration_id=registration_id)


# --- A cancelled meeting ------------------------------------------------------------------------


@task()
def send_cancellation_email(*, registration_id: int) -> bool:
    """Tell one person holding a place (or waiting for one) that the meeting is cancelled, with
    an .ics (METHOD:CANCEL, the confirmation's UID, a higher SEQUENCE) that removes it from their
    calendar. One task per registration: the task's exactly-once key (`core.queue`) keeps a retry
    from mailing twice."""
    registration = _registration(registration_id)
    if registration is None or registration.meeting.status != MeetingStatus.CANCELLED:
        return False  # published again before the email went out: nothing to cancel
    if registration.status == RegistrationStatus.CANCELLED:
        return False
    meeting = registration.meeting
    meeting_url = absolute_reverse("meetings:detail", pk=meeting.pk)
    context = {
        "registration": registration,
        "meeting": meeting,
        "edition": meeting.edition,
        "name": registration.display_name,
        "was_waiting": registration.status == RegistrationStatus.WAITLISTED,
        "meeting_url": meeting_url,
    }
    recipient = _recipient(registration)
    address = recipient if isinstance(recipient, str) else recipient.email
    ics = cancel_bytes(
        meeting, organizer=settings.DEFAULT_FROM_EMAIL, attendee=address, url=meeting_url
    )
    send_email(
        "meetings/email/meeting_cancelled",
        context,
        recipient,
        attachments=[Attachment(ICS_FILENAME, ics.decode(), CANCEL_MIMETYPE)],
    )
    return True


@receiver(events.meeting_cancelled)
def queue_cancellation_emails(sender, meeting: Meeting, **kwargs) -> None:
    """One email per registration that holds a place or waits (members and confirmed guests),
    read inside the cancelling transaction and queued with it."""
    ids = meeting.registrations.filter(HOLDS_PLACE_Q | WAITING_Q).values_list("id", flat=True)
    for registration_id in list(ids):
        enqueue_on_commit(send_cancellation_email, registration_id=registration_id)


# --- Reminders -----------------------------------------------------------------------------------


def _send_reminder_email(registration: Registration) -> None:
    meeting = registration.meeting
    context = {
        "registration": registration,
        "meeting": meeting,
        "edition": meeting.edition,
        "name": registration.display_name,
        "meeting_url": absolute_reverse("meetings:detail", pk=meeting.pk),
        "ics_url": absolute_reverse("meetings:ics", pk=meeting.pk),
        "cancel_url": absolute_reverse("meetings:guest_cancel", token=registration.token)
        if registration.is_guest
        else "",
    }
    send_email("meetings/email/reminder", context, _recipient(registration))


@task()
def send_meeting_reminder(registration_id: int) -> bool:
    """Remind one registered person of their meeting; False when it was sent already."""
    return reminders.send_reminder(registration_id=registration_id, send=_send_reminder_email)


def enqueue_due_reminders(*, now: dt.datetime | None = None) -> list:
    """Enqueue one reminder task per due registration (`reminders.due_reminders`); returns the
    task results."""
    ids = list(reminders.due_reminders(now=now).values_list("id", flat=True))
    return [enqueue(send_meeting_reminder, registration_id) for registration_id in ids]
