"""Template helpers shared by every app: `{% load leerplatform %}`."""

from __future__ import annotations

from django import template
from django.core.paginator import Page

from leerplatform.core import fragments
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


class SharedFragmentNode(template.Node):
    def __init__(self, nodelist, name: str, vary: list) -> None:
        self.nodelist = nodelist
        self.name = name
        self.vary = vary

    def render(self, context) -> str:
        if not fragments.enabled():
            return self.nodelist.render(context)  # nor is the audience read
        vary = [str(value.resolve(context)) for value in self.vary]
        return fragments.fragment(self.name, vary, lambda: self.nodelist.render(context))


@register.tag("shared_fragment")
def shared_fragment(parser, token):
    """`{% shared_fragment "name" audience value… %}…{% endshared_fragment %}`: the block's HTML
    kept in the shared cache per content version, language and the values (`core.fragments`)."""
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError("shared_fragment needs a quoted name first")
    nodelist = parser.parse(("endshared_fragment",))
    parser.delete_first_token()
    return SharedFragmentNode(nodelist, bits[1][1:-1], [parser.compile_filter(b) for b in bits[2:]])
