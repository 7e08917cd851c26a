"""Template helpers shared by every app: `{% load leerplatform %}`."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.core.paginator import Page
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from leerplatform.core import fragments
from leerplatform.core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str | None):
    """Render user Markdown, sanitised."""
    return render_markdown(text)


@register.simple_tag
def content_lang() -> SafeString | str:
    """` lang="nl"` on a container of what people wrote, when the interface is in another language.

    People write in Dutch (the platform's own language, settings.LANGUAGE_CODE): in the English
    interface a screen reader must read their documents, posts, summaries and titles as Dutch
    (WCAG 3.1.2). In the Dutch interface the page's own lang already says so: nothing is added.
    Use inside the opening tag: `<div class="prose"{% content_lang %}>`.
    """
    content = settings.LANGUAGE_CODE.split("-")[0]
    interface = (get_language() or content).split("-")[0]
    return "" if interface == content else format_html(' lang="{}"', content)


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

        def render() -> str:
            # The request's own CSRF token is put in after (fragments.fill_csrf): kept with a hole.
            with context.push(csrf_token=fragments.CSRF_HOLE):
                return self.nodelist.render(context)

        html = fragments.fragment(self.name, vary, render)
        if fragments.CSRF_HOLE in html:
            return mark_safe(fragments.fill_csrf(html, context.get("csrf_token")))  # noqa: S308
        return html


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
