"""Parts of logged-in pages that are the same for everyone with the same access, cached whole.

`{% shared_fragment "name" audience other values %}…{% endshared_fragment %}` (template tag in
`core.templatetags.leerplatform`) renders its block once and keeps the HTML in the shared cache
under the **content version** of `core.visitor_cache`, the language, today's date, the
fragment's name and the values given after it. A later request with the same values gets the HTML without running
the block: none of its queries (a view hands the block lazy values, `lazy()`), none of its
template work. Any committed change to a row a page may show bumps the content version, so the
next request renders the block again: nothing is stale after a change, one's own or another's.

What the values must hold, and what the block may not:

- **`audience`** (context processor `groups.context_processors.audience`) whenever the block
  shows anything filtered by the visibility rule or by a permission: it is one value for
  everyone with the same editions, roles, learning groups and staff flags, so two people share
  an entry only when the one visibility rule and the role-based permissions show them the
  same rows. A block that shows something about *the viewer* ("mine", their registration,
  their unread count) is not a shared fragment; keep that outside the block.
- everything else the block reads from the request (the path with its query string, the page).
- no rows of `visitor_cache.PRIVATE_MODELS` (their writes do not bump the version), nothing
  that depends on the clock beyond the day (a deadline to the minute stays outside), and
  no CSRF token: a block whose HTML holds one is rendered but never stored (a token is tied to
  one person's cookie).

On when the visitor cache is (Redis shared by every process and up); otherwise the block is
rendered every time, as any template.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from leerplatform.core import visitor_cache
from leerplatform.core.shared_reads import shared

PREFIX = "shared-fragment:"
CSRF_FIELD = 'name="csrfmiddlewaretoken"'

logger = logging.getLogger(__name__)


def enabled() -> bool:
    return visitor_cache.enabled()


def lazy(read: Callable[[], Any]) -> Any:
    """A value computed when a template first uses it: inside a shared fragment, only on a miss."""
    return SimpleLazyObject(read)


def lazy_context(read: Callable[[], dict[str, Any]], names: Iterable[str]) -> dict[str, Any]:
    """A template context of lazy values: `read()` runs once, when a template first uses one of
    `names` (inside a shared fragment: only on a miss)."""
    found = lazy(read)

    def item(name: str) -> Any:
        return lazy(lambda: found[name])

    return {name: item(name) for name in names}


def key(name: str, vary: Iterable[str]) -> str:
    parts = "\n".join((name, get_language() or "", timezone.localdate().isoformat(), *vary))
    return PREFIX + hashlib.sha256(parts.encode()).hexdigest()


def _without_token(name: str) -> Callable[[str], bool]:
    def keep(html: str) -> bool:
        if CSRF_FIELD in html:
            logger.warning("shared fragment %r holds a CSRF token: not stored", name)
            return False
        return True

    return keep


def fragment(name: str, vary: Iterable[str], render: Callable[[], str]) -> SafeString:
    """The block's HTML for these values under the current content version: a shared read
    (`core.shared_reads.shared`, at most one cache round trip) of `render()`, never stored when it holds
    a CSRF token."""
    html = shared(key(name, vary), lambda: str(render()), prefix="", keep=_without_token(name))
    return mark_safe(html)  # noqa: S308 (HTML this template rendered, now or before)
