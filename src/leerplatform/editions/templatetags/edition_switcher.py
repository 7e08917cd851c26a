"""`{% load edition_switcher %}`: the header's "Mijn edities" (base.html)."""

from __future__ import annotations

from django import template

from leerplatform.editions.models import Membership
from leerplatform.editions.queries import my_editions as my_editions_of

register = template.Library()


@register.simple_tag(takes_context=True)
def my_editions(context: template.Context) -> list[Membership]:
    """The logged-in person's editions for the switcher, the most relevant first; empty when they
    take part in fewer than two (at most one query per request, see `queries.my_editions`)."""
    return my_editions_of(user=context.get("user"))
