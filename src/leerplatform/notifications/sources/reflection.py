"""Notifications from reflection events.

- `reflection_requested` (the daily `send_reflection_requests` claimed a meeting's request to
  reflect and evaluate) tells its attendees ("reflection_requested"), with a link to the
  reflection form. This notification is the request: its instant email (the kind's default) is
  the email the reflection app used to send itself.
"""

from __future__ import annotations

from django.dispatch import receiver
from django.urls import reverse

from leerplatform.core.visibility import Visibility
from leerplatform.notifications.services import notify
from leerplatform.reflection import events


@receiver(events.reflection_requested, dispatch_uid="notifications_reflection_requested")
def reflection_requested(sender, meeting, user_ids, **kwargs) -> None:
    notify(
        "reflection_requested",
        user_ids,
        target=meeting,
        edition=meeting.edition,
        visibility=Visibility.PLATFORM,
        url=reverse("reflection:reflect", kwargs={"pk": meeting.pk}),
        where_label=str(meeting.edition),
    )
