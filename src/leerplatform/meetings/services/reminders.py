"""Reminders some days before a meeting (MEETING_REMINDER_DAYS), each sent once.

`due_reminders` finds who should get one (`meetings.tasks.enqueue_due_reminders` enqueues a task
per registration); the task claims the registration with a conditional UPDATE (`reminded_at IS
NULL`) inside the transaction that sends the email, so two runs at the same time never remind
anyone twice, and a failed send leaves the registration to be tried again by the next run.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from leerplatform.meetings.models import MeetingStatus, Registration, RegistrationStatus


def reminder_window(*, now: dt.datetime | None = None) -> tuple[dt.datetime, dt.datetime]:
    """Meetings starting after `now` and within MEETING_REMINDER_DAYS days get reminders."""
    now = now or timezone.now()
    return now, now + dt.timedelta(days=settings.MEETING_REMINDER_DAYS)


def due_reminders(*, now: dt.datetime | None = None) -> QuerySet[Registration]:
    """Registered places (members, and guests who confirmed their address) at published meetings
    starting within the window, not reminded yet."""
    start, end = reminder_window(now=now)
    return (
        Registration.objects.filter(
            status=RegistrationStatus.REGISTERED,
            reminded_at__isnull=True,
            meeting__status=MeetingStatus.PUBLISHED,
            meeting__starts_at__gt=start,
            meeting__starts_at__lte=end,
        )
        .filter(Q(user__isnull=False) | Q(guest_confirmed_at__isnull=False))
        .order_by("meeting__starts_at", "id")
    )


def claim_reminder(*, registration_id: int, now: dt.datetime | None = None) -> bool:
    """Mark the registration as reminded if nobody did yet; True for the one run that did.

    Call it inside the transaction that sends (`send_reminder` does). One conditional UPDATE
    `... WHERE reminded_at IS NULL`: on PostgreSQL a second run waits for the row lock and then
    finds `reminded_at` set; on SQLite write transactions run one at a time."""
    if not Registration.objects.filter(
        pk=registration_id, meeting__status=MeetingStatus.PUBLISHED
    ).exists():
        return False
    # Only columns of the registration itself in the WHERE: with a join Django would write
    # `id IN (subquery)`, which PostgreSQL does not re-check after waiting for the lock.
    return (
        Registration.objects.filter(
            pk=registration_id,
            reminded_at__isnull=True,
            status=RegistrationStatus.REGISTERED,
        ).update(reminded_at=now or timezone.now())
        == 1
    )


def send_reminder(*, registration_id: int, send) -> bool:
    """Claim the registration and call `send(registration)` in one transaction: if sending fails
    the claim is rolled back, if another run claimed it first nothing is sent."""
    with transaction.atomic():
        if not claim_reminder(registration_id=registration_id):
            return False
        registration = (
            Registration.objects.select_related("meeting", "meeting__edition", "user")
            .filter(pk=registration_id)
            .first()
        )
        send(registration)
    return True
