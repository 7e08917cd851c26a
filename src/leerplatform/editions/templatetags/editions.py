"""Template helpers about editions: `{% load editions %}`."""

from __future__ import annotations

from django import template

from leerplatform.editions.models import PHASE_DESCRIPTIONS, Phase

register = template.Library()


@register.filter
def phase_label(value: str | None) -> str:
    """The translated name of a phase value ("building" → "Bouwen aan …")."""
    if value is None:
        return ""
    try:
        return str(Phase(value).label)
    except ValueError:
        return value


@register.filter
def phase_description(value: str | None) -> str:
    """What a phase means, translated."""
    if value is None:
        return ""
    try:
        return str(PHASE_DESCRIPTIONS[Phase(value)])
    except ValueError:
        return ""
