"""Notifications from meetings events.

- `programme_changed` (a published meeting's programme published or changed) tells the edition's
  members ("programme"). Once per change: the standard day is one event, and someone who has
  not read the last programme notification of the meeting gets no second one (a facilitator who
  edits five items in a row makes one line, not five).

The reminder before a meeting is made by the daily `send_reminders` command
(`notifications.reminders`).
"""

from __future__ import annotations

from django.dispatch import receiver
from django.urls import reverse

from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Membership
from leerplatform.meetings import events
from leerplatform.meetings.models import Meeting
from leerplatform.notifications.reminders import already_told
from leerplatform.notifications.services import notify


@receiver(events.programme_changed, dispatch_uid="notifications_programme_changed")
def programme_changed(sender, meeting: Meeting, actor=None, **kwargs) -> None:
    members = Membership.objects.active().filter(edition_id=meeting.edition_id)
    told = already_told("programme", [meeting], unread_only=True)
    people = members.exclude(user_id__in={row[0] for row in told}).values_list("user_id", flat=True)
    notify(
        "programme",
        people,
        actor=actor,
        target=meeting,
        edition=meeting.edition,
        visibility=Visibility.PLATFORM,
        url=reverse("meetings:detail", kwargs={"pk": meeting.pk}) + "#programme-heading",
        where_label=str(meeting.edition),
    )
