"""What every page's header may need: the edition a visitor should see first."""

from __future__ import annotations

from django.http import HttpRequest

from leerplatform.editions.models import Edition
from leerplatform.editions.queries import current_edition

_UNREAD = object()


def public_nav(request: HttpRequest) -> dict:
    """`public_edition`: the edition a visitor should see first (running before closed, newest
    first; None when there is none), for the header's "Opbrengsten" and "Leeragenda" links.

    A callable, which templates call when they use it: a page that does not ask costs no query,
    one that asks costs one, once per request however often the templates ask."""

    def public_edition() -> Edition | None:
        found = getattr(request, "_public_edition", _UNREAD)
        if found is _UNREAD:
            found = current_edition()
            request._public_edition = found  # type: ignore[attr-defined]
        return found  # type: ignore[return-value]

    return {"public_edition": public_edition}
