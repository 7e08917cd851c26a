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
- no rows of `visitor_cache.PRIVATE_MODELS` (their writes do not bump the version) and nothing
  that depends on the clock beyond the day (a deadline to the minute stays outside).
- **A form's CSRF token** is tied to one person's cookie and changes with every request: the
  block is rendered with `CSRF_HOLE` in the place of `csrf_token`, the HTML is kept with that
  hole, and each request gets its own token put in (`fill_csrf`). A block whose HTML holds a
  real token anyway (written out by other means) is rendered but never stored.

On when the visitor cache is (Redis shared by every process and up); otherwise the block is
rendered every time, as any template.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Iterable
from typing import Any

from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from leerplatform.core import visitor_cache
from leerplatform.core.shared_reads import shared

PREFIX = "shared-fragment:"
CSRF_FIELD = 'name="csrfmiddlewaretoken"'
# Stands for the request's own CSRF token in a kept block (letters and digits, as a token is).
CSRF_HOLE = "csrfTokenOfThisRequest7f3a9c2e"
_REAL_TOKEN = re.compile(re.escape(CSRF_FIELD) + r'\s+value="(?!' + CSRF_HOLE + '")')

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
    parts = "\n".join((name, get_language() or "", visitor_cache.today(), *vary))
    return PREFIX + hashlib.sha256(parts.encode()).hexdigest()


def _without_token(name: str) -> Callable[[str], bool]:
    def keep(html: str) -> bool:
        if CSRF_FIELD in html and _REAL_TOKEN.search(html):
            logger.warning("shared fragment %r holds a CSRF token: not stored", name)
            return False
        return True

    return keep


def fill_csrf(html: str, token: Any) -> str:
    """The block's HTML with this request's CSRF token in its holes (evaluating the token also
    has Django set the CSRF cookie, as `{% csrf_token %}` would)."""
    if CSRF_HOLE not in html:
        return html
    return html.replace(CSRF_HOLE, str(token or ""))


def fragment(name: str, vary: Iterable[str], render: Callable[[], str]) -> SafeString:
    """The block's HTML for these values under the current content version: a shared read
    (`core.shared_reads.shared`, at most one cache round trip) of `render()`, never stored when it holds
    a real CSRF token (the template tag renders it with `CSRF_HOLE` in the token's place)."""
    html = shared(key(name, vary), lambda: str(render()), prefix="", keep=_without_token(name))
    return mark_safe(html)  # noqa: S308 (HTML this template rendered, now or before)
