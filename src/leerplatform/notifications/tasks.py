"""Mailing notifications off the request path: the ones wanted at once."""

from __future__ import annotations

from django.utils import timezone, translation
from django_tasks import task

from leerplatform.core.email import language_of, send_email
from leerplatform.core.links import absolute_url
from leerplatform.notifications.models import Notification


@task()
def deliver_notifications(notification_ids: list[int]) -> int:
    """Email each notification to its recipient (who wanted this kind at once); returns how many
    went. A notification read, or mailed already (a second run), is not mailed again."""
    rows = (
        Notification.objects.filter(
            pk__in=notification_ids, emailed_at__isnull=True, recipient__is_active=True
        )
        .exclude(recipient__email="")
        .select_related("recipient", "actor")
    )
    sent = 0
    for row in rows:
        with translation.override(language_of(row.recipient)):
            sentence = row.sentence()
        context = {
            "sentence": sentence,
            "excerpt": row.excerpt,
            "url": absolute_url(row.url) if row.url else "",
            "where": row.where_label,
        }
        sent += send_email("notifications/email/notification", context, row.recipient)
        Notification.objects.filter(pk=row.pk).update(emailed_at=timezone.now())
    return sent
