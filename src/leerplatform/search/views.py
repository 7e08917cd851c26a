"""The search page: one box, filters, results best first. Open to everyone; what a person finds is
decided by the visibility rule inside the query (visitors find public content only)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django_htmx.middleware import HtmxDetails

from leerplatform.search import queries
from leerplatform.search.forms import SearchForm


class HtmxHttpRequest(HttpRequest):
    """For type checking: a request through django-htmx's middleware (it may be a visitor's)."""

    htmx: HtmxDetails


@require_GET
def search(request: HtmxHttpRequest) -> HttpResponse:
    """Results for `?q=` with the chosen filters, 20 a page. Works without JavaScript; with htmx
    the form swaps only the results while the person types."""
    options = queries.filter_options(user=request.user)
    form = SearchForm(request.GET, options=options)
    page = queries.search_page(
        user=request.user,
        query=form.query(),
        filters=form.filters(),
        page_number=form.page_number(),
    )
    template = "search/search.html"
    if getattr(request, "htmx", False) and request.htmx.target == "search-results":
        template += "#results"
    return render(request, template, {"form": form, "page": page})
