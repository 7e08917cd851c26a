"""What the notification pages and the bell read.

The bell costs at most one query per page: the unread count is cached per person and dropped
whenever a notification is made or read (`services.forget_unread`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

from leerplatform.editions.models import Edition, Membership
from leerplatform.groups.visibility import visible_q
from leerplatform.notifications.models import PERSONAL, Notification
from leerplatform.notifications.services import unread_cache_key


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
    seconds = settings.NOTIFICATIONS_UNREAD_CACHE_SECONDS
    key = unread_cache_key(user.pk)
    count = cache.get(key) if seconds else None
    if count is None:
        count = visible_notifications(user).filter(read_at__isnull=True).count()
        if seconds:
            cache.set(key, count, seconds)
    return count


PAGE_SIZE = 30
FILTERS = ("all", "unread")


@dataclass
class Centre:
    """The "Meldingen" page: one page of notifications, the filter chosen, the editions to filter
    by (those the person is an active member of), and the unread count."""

    page: Page
    show: str
    edition: Edition | None
    editions: list[Edition]
    unread: int


def centre(user, *, show: str = "all", edition_slug: str = "", page_number=1) -> Centre:
    """Four queries whatever the number of notifications: the editions, the count, the page."""
    editions = list(
        Edition.objects.filter(
            pk__in=Membership.objects.active().filter(user=user).values("edition_id")
        ).order_by("-starts_on", "name")
    )
    edition = next((e for e in editions if e.slug == edition_slug), None)
    rows = visible_notifications(user)
    unread = rows.filter(read_at__isnull=True).count()
    if show == "unread":
        rows = rows.filter(read_at__isnull=True)
    if edition is not None:
        rows = rows.filter(edition=edition)
    rows = rows.select_related("actor", "edition").order_by("-created_at", "-id")
    page = Paginator(rows, PAGE_SIZE).get_page(page_number)
    return Centre(
        page=page,
        show=show if show in FILTERS else "all",
        edition=edition,
        editions=editions,
        unread=unread,
    )


def one_for(user, pk: int) -> Notification | None:
    """One of `user`'s notifications that they may still see (None otherwise)."""
    return visible_notifications(user).filter(pk=pk).first()
