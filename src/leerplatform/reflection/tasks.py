"""Emails about reflection, sent by django-tasks off the request path, and the receiver that
queues them.

`services.journal.claim_reflection_request` sends `events.reflection_requested`; the receiver here
enqueues `send_reflection_request` once per attendee after the claim commits. The task reads the
rows again: someone who reflected in the meantime, left the edition or has no address is not
emailed. The email is in the attendee's language, with a link to the reflection form of the
meeting.
"""

from __future__ import annotations

from django.dispatch import receiver
from django_tasks import task

from leerplatform.accounts.models import User
from leerplatform.core.email import send_email
from leerplatform.core.links import absolute_reverse
from leerplatform.core.queue import enqueue_on_commit
from leerplatform.editions.models import Membership
from leerplatform.meetings.models import Meeting
from leerplatform.reflection import events
from leerplatform.reflection.models import JournalEntry


@task()
def send_reflection_request(meeting_id: int, user_id: int) -> bool:
    """Ask one attendee to reflect on the meeting; False when there is no one to ask (any more)."""
    meeting = Meeting.objects.select_related("edition").filter(pk=meeting_id).first()
    person = User.objects.filter(pk=user_id, is_active=True).first()
    if meeting is None or person is None or not person.email:
        return False
    if not Membership.objects.active().filter(edition_id=meeting.edition_id, user=person).exists():
        return False
    if JournalEntry.objects.filter(user=person, meeting=meeting).exists():
        return False
    context = {
        "name": person.name,
        "meeting": meeting,
        "edition": meeting.edition,
        "reflect_url": absolute_reverse("reflection:reflect", pk=meeting.pk),
        "journal_url": absolute_reverse("reflection:journal", slug=meeting.edition.slug),
    }
    send_email("reflection/email/journal_request", context, person)
    return True


@receiver(events.reflection_requested)
def queue_reflection_requests(sender, meeting, user_ids, **kwargs) -> None:
    for user_id in user_ids:
        enqueue_on_commit(send_reflection_request, meeting.pk, user_id)
