"""Template helpers shared by every app: `{% load leerplatform %}`."""

from __future__ import annotations

from django import template

from leerplatform.core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str | None):
    """Render user Markdown, sanitised."""
    return render_markdown(text)


@register.filter
def phase_label(value: str | None) -> str:
    """The translated name of a phase value ("building" → "Bouwen aan …")."""
    from leerplatform.editions.models import Phase

    try:
        return Phase(value).label
    except ValueError:
        return value or ""


@register.filter
def phase_description(value: str | None) -> str:
    """What a phase means, translated."""
    from leerplatform.editions.models import PHASE_DESCRIPTIONS, Phase

    try:
        return PHASE_DESCRIPTIONS[Phase(value)]
    except ValueError:
        return ""
