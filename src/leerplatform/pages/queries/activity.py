"""The activity stream of an edition page: the ledger (core) read through the visibility rule
(groups.visibility) and without anything confidential (showcase.confidential), which is why it
reads from the top layer."""

from __future__ import annotations

from django.db.models import QuerySet

from leerplatform.core.models import ActivityEntry
from leerplatform.groups.visibility import filter_visible
from leerplatform.showcase.confidential import about_confidential_q


def recent_activity(*, edition, user, limit: int = 10) -> list[ActivityEntry]:
    """The latest ledger entries of `edition` that `user` may see, with their actors; never a row
    about something confidential (showcase.confidential), whoever looks."""
    qs: QuerySet = (
        ActivityEntry.objects.filter(edition=edition)
        .exclude(about_confidential_q())
        .select_related("actor")
    )
    return list(filter_visible(qs, user)[:limit])
