"""Following and unfollowing a thread, a document, a group or a theme.

One POST form per thing (`action` = follow or unfollow), enhanced by htmx: with htmx the button
is swapped for its new state, without it the browser returns to where it came from. Only an
active member of the thing's edition who may see the thing can follow it; the apps' own
permissions say who may see it (`groups.view_thread`, `library.view_document`,
`groups.view_group`; a theme of the learning agenda is for its edition's members).
"""

from __future__ import annotations

from dataclasses import dataclass

import rules
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from leerplatform.editions.models import Theme
from leerplatform.editions.rules import roles_of
from leerplatform.groups.models import LearningGroup, Thread
from leerplatform.library.models import Document
from leerplatform.notifications import services


@dataclass(frozen=True)
class Followable:
    """One kind of thing a person can follow: how it is read, seen, named and linked."""

    code: str
    queryset: models.QuerySet
    perm: str | None  # the app's permission to see it (None: being in its edition is enough)
    # Whether one who may not see it gets a 404, as on the thing's own page (a group-only thread or
    # document does not admit it exists), or a 403 (a group, a theme).
    hide: bool = False

    def edition_id(self, thing) -> int:
        return thing.group.edition_id if isinstance(thing, Thread) else thing.edition_id

    def url(self, thing) -> str:
        if isinstance(thing, Thread):
            return reverse("groups:thread", kwargs={"thread_pk": thing.pk})
        if isinstance(thing, Document):
            return reverse("library:document", kwargs={"pk": thing.pk})
        if isinstance(thing, LearningGroup):
            return reverse("groups:detail", kwargs={"pk": thing.pk})
        return reverse("library:theme", kwargs={"slug": thing.edition.slug, "theme_pk": thing.pk})


FOLLOWABLE: dict[str, Followable] = {
    "thread": Followable(
        "thread",
        Thread.objects.select_related("group__edition"),
        "groups.view_thread",
        hide=True,
    ),
    "document": Followable(
        "document",
        Document.objects.alive().select_related("edition", "group"),
        "library.view_document",
        hide=True,
    ),
    "group": Followable(
        "group", LearningGroup.objects.select_related("edition"), "groups.view_group"
    ),
    "theme": Followable("theme", Theme.objects.select_related("edition"), None),
}
CODES = {Thread: "thread", Document: "document", LearningGroup: "group", Theme: "theme"}


def code_of(thing) -> str | None:
    return CODES.get(type(thing))


def may_follow(user, thing, *, shown: bool = False) -> bool:
    """An active member of the thing's edition who may see it (`shown`: the page showing it has
    asked the app's permission already)."""
    code = code_of(thing)
    if code is None or thing is None or not getattr(user, "is_authenticated", False):
        return False
    followable = FOLLOWABLE[code]
    if followable.edition_id(thing) not in roles_of(user):
        return False
    return shown or followable.perm is None or rules.has_perm(followable.perm, user, thing)


def _load(kind: str, pk: int):
    followable = FOLLOWABLE.get(kind)
    if followable is None:
        raise Http404
    thing = followable.queryset.filter(pk=pk).first()
    if thing is None:
        raise Http404
    return followable, thing


def _back(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@login_required
@require_POST
def follow(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Follow or unfollow one thing (POST `action`: follow | unfollow)."""
    followable, thing = _load(kind, pk)
    if not may_follow(request.user, thing):
        # Who may not see a thread or document learns nothing about it (its page is a 404 too).
        if followable.hide and not rules.has_perm(followable.perm, request.user, thing):
            raise Http404
        raise PermissionDenied
    action = request.POST.get("action")
    if action == "follow":
        services.follow(user=request.user, target=thing, edition=_edition(thing))
    elif action == "unfollow":
        services.unfollow(user=request.user, target=thing)
    else:
        return HttpResponse(status=400)
    following = action == "follow"
    if request.htmx:
        template = (
            "notifications/_follow_row.html"
            if request.POST.get("place") == "list"
            else "notifications/_follow_button.html"
        )
        return render(
            request,
            template,
            {
                "kind": kind,
                "thing": thing,
                "following": following,
                "url": followable.url(thing),
                "next": request.POST.get("next", ""),
                "changed": True,
            },
        )
    return redirect(_back(request, followable.url(thing)))


def _edition(thing):
    return thing.group.edition if isinstance(thing, Thread) else thing.edition


urls = [
    path("follow/<str:kind>/<int:pk>/", follow, name="follow"),
]
