"""`{% load edition_switcher %}`: the header's "Mijn edities" (base.html) and, on a closed
edition's public page, where it continues."""

from __future__ import annotations

from django import template

from leerplatform.editions.models import Edition, Membership
from leerplatform.editions.queries import continuations_for
from leerplatform.editions.queries import my_editions as my_editions_of

register = template.Library()


@register.simple_tag(takes_context=True)
def my_editions(context: template.Context) -> list[Membership]:
    """The logged-in person's editions for the switcher, the most relevant first; empty when they
    take part in fewer than two (at most one query per request, see `queries.my_editions`)."""
    return my_editions_of(user=context.get("user"))


@register.simple_tag(takes_context=True)
def continuations(context: template.Context, edition: Edition) -> list[Edition]:
    """The editions that continue this closed one, as far as this person may see them."""
    return continuations_for(edition=edition, user=context.get("user"))
