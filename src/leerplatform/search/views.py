"""The search page: one box, filters, results best first. Open to everyone; what a person finds is
decided by the visibility rule inside the query (visitors find public content only)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django_htmx.middleware import HtmxDetails

from leerplatform.core import fragments
from leerplatform.search import queries
from leerplatform.search.forms import SearchForm


class HtmxHttpRequest(HttpRequest):
    """For type checking: a request through django-htmx's middleware (it may be a visitor's)."""

    htmx: HtmxDetails


@require_GET
def search(request: HtmxHttpRequest) -> HttpResponse:
    """Results for `?q=` with the chosen filters, 20 a page. Works without JavaScript; with htmx
    the form swaps only the results while the person types (and, out of band, the authors and
    groups counted for them, and the status line)."""

    def read() -> dict:
        options = queries.filter_options(
            user=request.user,
            author_id=SearchForm.requested_id(request.GET, "author"),
            group_id=SearchForm.requested_id(request.GET, "group"),
            counted=False,
        )
        form = SearchForm(request.GET, options=options)
        query, filters = form.query(), form.filters()
        author_text, group_text = form.names_typed()
        page = queries.search_page(
            user=request.user, query=query, filters=filters, page_number=form.page_number()
        )
        queries.count_values(
            options,
            user=request.user,
            query=query,
            filters=filters,
            author_text=author_text,
            group_text=group_text,
            counted=page.results.sample if page.results.searched else None,
        )
        form.offer(options)
        return {"form": form, "page": page, "options": options}

    template = "search/search.html"
    if getattr(request, "htmx", False) and request.htmx.target == "search-results":
        return render(request, template + "#results", read())
    # A whole page: the form and the results are a shared fragment (core.fragments), read only
    # when it is not in the cache; the title says what was searched for without searching.
    context = fragments.lazy_context(read, ("form", "page", "options"))
    context["title_query"] = SearchForm.title_query(request.GET)
    return render(request, template, context)


def _suggestions(request: HtmxHttpRequest, field: str) -> HttpResponse:
    """The autocomplete: up to `queries.SUGGESTIONS` authors or groups whose name holds what was
    typed (`?author_q=` or `?group_q=`), as radio buttons for the search form's `field`, and the
    page's status line out of band."""
    text = request.GET.get(f"{field}_q", "")
    suggest = queries.suggest_authors if field == "author" else queries.suggest_groups
    values = suggest(user=request.user, text=text)
    return render(
        request,
        "search/_suggestions.html",
        {
            "field": field,
            "values": values,
            "text": text[: queries.MAX_NAME_LENGTH].strip(),
            "too_short": len(text.strip()) < queries.MIN_NAME_LENGTH,
            "oob": True,
        },
    )


@require_GET
def authors(request: HtmxHttpRequest) -> HttpResponse:
    return _suggestions(request, "author")


@require_GET
def groups(request: HtmxHttpRequest) -> HttpResponse:
    return _suggestions(request, "group")
