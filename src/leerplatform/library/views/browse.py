"""Browsing the library: the list with its filters, and a theme of the learning agenda with its
groups and documents. Everyone may browse; each person sees the documents they may see."""

from __future__ import annotations

import rules
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from leerplatform.core import fragments
from leerplatform.editions.views import edition_or_404
from leerplatform.library.forms.documents import LibraryFilterForm
from leerplatform.library.queries import documents as queries
from leerplatform.membership.decorators import agreements_accepted


@require_GET
@agreements_accepted
def library(request: HttpRequest, slug: str) -> HttpResponse:
    """The edition's documents the viewer may see, newest first, filtered by theme, kind, group
    and meeting, twenty a page."""
    edition = edition_or_404(request, slug)
    user = request.user

    def filtered() -> dict:
        choices = queries.filter_choices(
            edition=edition,
            user=user,
            sees_groups=rules.has_perm("groups.view_groups", user, edition),
        )
        form = LibraryFilterForm(request.GET or None, choices=choices)
        filters = form.filters()
        page = queries.library_page(
            edition=edition, user=user, filters=filters, page_number=request.GET.get("page")
        )
        return {"form": form, "filters": filters, "page": page}

    # Read only when the shared fragment with the filters and the list is not in the cache.
    context = {"edition": edition, **fragments.lazy_context(filtered, ("form", "filters", "page"))}
    return render(request, "library/library.html", context)


@require_GET
@agreements_accepted
def theme(request: HttpRequest, slug: str, theme_pk: int) -> HttpResponse:
    """A theme of the learning agenda: what it is about, the groups working on it (for those who
    may see the edition's groups) and its documents the viewer may see, newest first."""
    edition = edition_or_404(request, slug)
    sees_groups = rules.has_perm("groups.view_groups", request.user, edition)
    data = queries.theme_page(
        edition=edition,
        theme_pk=theme_pk,
        user=request.user,
        page_number=request.GET.get("page"),
        with_groups=sees_groups,
    )
    if data is None:
        raise Http404(_("This theme does not exist."))
    return render(
        request,
        "library/theme.html",
        {
            "edition": edition,
            "theme": data.theme,
            "groups": data.groups,
            "page": data.page,
            "sees_groups": sees_groups,
        },
    )
