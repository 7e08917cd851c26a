"""The activity feed page of an edition: everything, my groups or mine, a page at a time.

htmx asks for the next page ("More") or another filter and gets only the list back (the
template's `feed` partial); without JavaScript the links load the whole page."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from leerplatform.core.permissions import permission_required
from leerplatform.editions.models import Edition
from leerplatform.editions.queries import hides_edition, load_edition
from leerplatform.membership.decorators import agreements_accepted
from leerplatform.pages.queries.activity import Filter, activity_feed


def _int(value: str | None, default: int = 1) -> int:
    try:
        return max(int(value or default), 1)
    except ValueError:
        return default


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@login_required
@agreements_accepted
@permission_required("editions.view_dashboard", load=load_edition, hide=hides_edition)
def activity(request: HttpRequest, edition: Edition, slug: str) -> HttpResponse:
    chosen = Filter.clean(request.GET.get("filter"))
    page = _int(request.GET.get("page"))
    feed = activity_feed(
        edition=edition,
        user=request.user,
        filter=chosen,
        page=page,
        after_day=_day(request.GET.get("day")) if page > 1 else None,
    )
    context = {"edition": edition, "feed": feed, "filters": Filter.CHOICES}
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.boosted:
        # "More" appends the next page; a filter link replaces the list.
        partial = "more" if page > 1 else "feed"
        return render(request, f"editions/activity.html#{partial}", context)
    return render(request, "editions/activity.html", context)
