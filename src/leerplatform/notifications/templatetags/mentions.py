"""`{% load mentions %}`: user text as Markdown with its @mentions as links to the people.

`{% mention_markdown post.text edition_id %}` resolves the mentions against the edition's active
members read once per request (the first text with a mention on a page reads them; texts
without one read nothing), so a page costs the same number of queries whatever its posts say.
"""

from __future__ import annotations

from django import template
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe

from leerplatform.core.markdown import render_markdown
from leerplatform.notifications.mentions import Directory, linebreaks_with_links, render, tokens

register = template.Library()


def _directory(context, edition_id: int | None) -> Directory:
    holder = context.get("request")
    if holder is None:
        return Directory.for_edition(edition_id)
    directories = getattr(holder, "_mention_directories", None)
    if directories is None:
        directories = holder._mention_directories = {}
    if edition_id not in directories:
        directories[edition_id] = Directory.for_edition(edition_id)
    return directories[edition_id]


@register.simple_tag(takes_context=True)
def mention_markdown(context, text, edition_id=None):
    """Sanitised Markdown of `text`, its mentions of the edition's members as links."""
    if not tokens(text):
        return render_markdown(text)
    return render(text, _directory(context, edition_id))


@register.simple_tag(takes_context=True)
def mention_linebreaks(context, text, edition_id=None):
    """Plain text as paragraphs (like `|linebreaks`), its mentions as links."""
    if not tokens(text):
        return mark_safe(linebreaks(text or "", autoescape=True))  # noqa: S308 - escaped
    return linebreaks_with_links(text, _directory(context, edition_id))
