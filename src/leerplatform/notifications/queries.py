"""What the notification pages and the bell read.

The bell costs at most one query per page: the unread count is cached per person and dropped
whenever a notification is made or read (`services.forget_unread`).
"""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Q, QuerySet

from leerplatform.editions.models import Membership
from leerplatform.groups.visibility import visible_q
from leerplatform.notifications.models import PERSONAL, Notification
from leerplatform.notifications.services import unread_cache_key

UNREAD_CACHE_SECONDS = 300


def visible_notifications(user) -> QuerySet[Notification]:
    """`user`'s notifications that they may still see: personal ones, and those about things the
    visibility rule still lets them see in an edition they are still an active member of."""
    active_editions = Membership.objects.active().filter(user=user).values("edition_id")
    shared = Q(edition__isnull=True) | Q(edition_id__in=active_editions)
    return Notification.objects.filter(recipient=user).filter(
        Q(visibility=PERSONAL) | (shared & visible_q(user, group_field="group"))
    )


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    key = unread_cache_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = visible_notifications(user).filter(read_at__isnull=True).count()
        cache.set(key, count, UNREAD_CACHE_SECONDS)
    return count
