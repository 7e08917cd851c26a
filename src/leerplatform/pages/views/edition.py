"""The home page and an edition's public page: the edition with its themes, meetings and people."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from leerplatform.editions.queries import current_edition, published_editions
from leerplatform.editions.views import edition_or_404
from leerplatform.pages.queries.edition import edition_overview
from leerplatform.pages.queries.public import public_extras


def home(request: HttpRequest) -> HttpResponse:
    """What the platform is: the current edition's public page, and other editions."""
    edition = current_edition()
    # The header's public menu asks for the same edition (pages.context_processors.public_nav).
    request._public_edition = edition  # type: ignore[attr-defined]
    others = published_editions()
    context: dict[str, object] = {}
    if edition is not None:
        others = others.exclude(pk=edition.pk)
        context |= {
            "edition": edition,
            "overview": edition_overview(edition=edition),
            "public": public_extras(edition=edition),
        }
    context["other_editions"] = list(others)
    return render(request, "editions/home.html", context)


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    edition = edition_or_404(request, slug)
    return render(
        request,
        "editions/detail.html",
        {
            "edition": edition,
            "overview": edition_overview(edition=edition),
            "public": public_extras(edition=edition),
        },
    )
