"""The public pages beside the edition page: the archive of editions, "Over" and "Contact".
Everyone may read them; they show only editions visitors may see."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from leerplatform.pages.queries.public import archive as archive_entries
from leerplatform.pages.queries.public import contact_page


@require_safe
def archive(request: HttpRequest) -> HttpResponse:
    """Every edition visitors may see, with its period, outputs and closing report."""
    return render(request, "pages/archive.html", {"entries": archive_entries()})


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    """What the network and the platform are (the text is the template's, translated)."""
    return render(request, "pages/about.html")


@require_safe
def contact(request: HttpRequest) -> HttpResponse:
    """The contact persons of the running edition(s)."""
    return render(request, "pages/contact.html", {"entries": contact_page()})
