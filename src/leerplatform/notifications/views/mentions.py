"""The @mention autocomplete: people of an edition whose name contains what was typed.

For the edition's active members only (a person who left, or never belonged, is refused): it
answers at most MAX_RESULTS names for at most MAX_QUERY characters, as the options of a listbox
(`notifications/_mention_options.html`) that `mentions.js` shows under the text field. Posting
never needs it: the token `@**Name**` can be typed by hand.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.views.decorators.http import require_GET

from leerplatform.accounts.models import User
from leerplatform.editions.models import Edition, Membership
from leerplatform.editions.rules import roles_of
from leerplatform.notifications.mentions import Person, token_for

MAX_RESULTS = 8
MAX_QUERY = 50


def people_named(*, edition_id: int, query: str, exclude_id: int | None = None) -> list[dict]:
    """Up to MAX_RESULTS active members of the edition whose name contains `query` (two queries),
    each with the token that mentions them."""
    members = User.objects.filter(
        is_active=True,
        pk__in=Membership.objects.active().filter(edition_id=edition_id).values("user_id"),
    )
    found = members.filter(name__icontains=query) if query else members
    if exclude_id is not None:
        found = found.exclude(pk=exclude_id)
    rows = found.order_by("name", "pk").values_list("pk", "name")[:MAX_RESULTS]
    people = [Person(pk, name) for pk, name in rows]
    if not people:
        return []
    shared = set(
        members.filter(name__in={person.name for person in people})
        .values("name")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("name", flat=True)
    )
    return [
        {"person": person, "token": token_for(person, ambiguous=person.name in shared)}
        for person in people
    ]


@login_required
@require_GET
def people(request: HttpRequest, edition_pk: int) -> HttpResponse:
    """The options for `?q=` (what follows the @)."""
    edition = get_object_or_404(Edition, pk=edition_pk)
    if edition.pk not in roles_of(request.user):
        raise PermissionDenied
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY]
    options = people_named(edition_id=edition.pk, query=query, exclude_id=request.user.pk)
    return render(
        request,
        "notifications/_mention_options.html",
        {"options": options, "query": query},
    )


urls = [
    path("mentions/<int:edition_pk>/people/", people, name="mention_people"),
]
