"""Template helpers shared by every app: `{% load leerplatform %}`."""

from __future__ import annotations

from django import template
from django.core.paginator import Page

from leerplatform.core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str | None):
    """Render user Markdown, sanitised."""
    return render_markdown(text)


# How many page numbers the links show around the current page and at either end; the rest
# folds into "…", so a list of a hundred pages still has a short row of links.
PAGES_AROUND = 2
PAGES_AT_ENDS = 1


@register.inclusion_tag("core/_pagination.html", takes_context=True)
def pagination(context, page: Page):
    """Links to the other pages of a paged list (`{% pagination page %}`): "Previous", the page
    numbers with the current one marked (`aria-current`), "Next", and "Page X of Y". Every link
    keeps the request's other query parameters (the filters) and changes `page` only; nothing is
    shown for a list of one page."""
    if not page.has_other_pages():
        return {"page": None}
    numbers = [
        number if isinstance(number, int) else None
        for number in page.paginator.get_elided_page_range(
            page.number, on_each_side=PAGES_AROUND, on_ends=PAGES_AT_ENDS
        )
    ]
    return {"page": page, "numbers": numbers, "request": context.get("request")}
