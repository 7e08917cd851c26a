"""Reads of the activity ledger for pages."""

from __future__ import annotations

from django.db.models import QuerySet

from leerplatform.core.models import ActivityEntry
from leerplatform.groups.visibility import filter_visible
from leerplatform.showcase.confidential import about_confidential_q


def recent_activity(*, edition, user, limit: int = 10) -> list[ActivityEntry]:
    """The latest ledger entries of `edition` that `user` may see, with their actors; never a row
    about something confidential (core.confidential), whoever looks."""
    qs: QuerySet = (
        ActivityEntry.objects.filter(edition=edition)
        .exclude(about_confidential_q())
        .select_related("actor")
    )
    return list(filter_visible(qs, user)[:limit])
