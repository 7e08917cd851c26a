"""Template helpers shared by every app: `{% load leerplatform %}`."""

from __future__ import annotations

from django import template

from leerplatform.core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str | None):
    """Render user Markdown, sanitised."""
    return render_markdown(text)
