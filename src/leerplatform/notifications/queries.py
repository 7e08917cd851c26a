"""What the notification pages and the bell read.

The bell costs at most one query per page, its SQL built once per process, and none while the
count is kept for the person (`core.shared_reads.personal`: under the content version, which
the visibility rule's rows bump, and their own version, which every notification made, read or
changed for them bumps, `services.forget_unread`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet

from leerplatform.accounts.models import User
from leerplatform.core.shared_reads import personal
from leerplatform.core.statements import Statement, totals
from leerplatform.editions.models import Edition, Membership
from leerplatform.groups.visibility import visible_q
from leerplatform.notifications.models import PERSONAL, Notification


def visible_notifications(user) -> QuerySet[Notification]:
    """`user`'s notifications that they may still see: personal ones, and those about things the
    visibility rule still lets them see in an edition they are still an active member of."""
    active_editions = Membership.objects.active().filter(user=user).values("edition_id")
    shared = Q(edition__isnull=True) | Q(edition_id__in=active_editions)
    return Notification.objects.filter(recipient=user).filter(
        Q(visibility=PERSONAL) | (shared & visible_q(user, group_field="group"))
    )


def _unread_query(user_id: int):
    """The count of `visible_notifications(...).filter(read_at__isnull=True)` as one row."""
    someone = User(pk=user_id)  # the rule needs only the id (and that someone is logged in)
    return totals(visible_notifications(someone).filter(read_at__isnull=True), n=Count("pk"))


# The bell on every logged-in page: SQL built once per process (core.statements). Through the
# ORM, building it took 2 ms; built once, the count costs less than a round trip to Redis.
_UNREAD = Statement(_unread_query)


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0

    def count() -> int:
        row = _UNREAD.row(user.pk)
        return row[0] if row else 0

    return personal("unread-notifications", user, count)


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
