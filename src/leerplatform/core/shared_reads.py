"""Reads that are the same for everyone who may see them, kept in the shared cache.

Some parts of the logged-in pages show the same rows to every viewer: an edition's published
meetings, its learning agenda and its member counts (the dashboard, the edition page). `shared`
keeps such a read in the cache under the **content version** of `core.visitor_cache`: any
committed change to a row a page may show bumps that version (at once, and again after the
commit), so the next request reads the rows again. Nothing is ever stale after a change: not
one's own, not anyone else's.

Rules for what may be kept here:

- only what is the same for *everyone allowed to see the page* (never anything read with the
  viewer: no "mine", no permission, no visibility filter); the caller checks the permission
  before asking, exactly as it did before;
- nothing that depends on the clock: keep the rows and decide "past" and "next" per request;
- rows of models whose writes bump the version (every model but `visitor_cache.PRIVATE_MODELS`;
  services that write with `update()` or `bulk_create` call `visitor_cache.content_changed()`).

**About one person.** `personal` keeps a read about one person (their own totals, their roles,
their unread notifications) the same way, under a key that holds their id and their
`private_version`: it is only ever read back for a request of theirs. That version is bumped in
the transaction that changes a row only they see (models of `visitor_cache.PRIVATE_MODELS`:
their notifications, agreement acceptances, journal, evaluations; `accounts.services.
private_changed`), and it comes with the session's read of the person, so such a read may
include those rows too. The other rules hold: nothing that depends on the clock, and the
caller checks that the person may see it.

Inside a transaction (a service at work) every call reads the database and keeps nothing.

It is on when the visitor cache is (a cache shared by all processes, Redis up; see
`visitor_cache.enabled`); otherwise every call reads the database, as before. Entries expire
after `VISITOR_CACHE_SECONDS` in any case.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.functional import LazyObject, empty

from leerplatform.core import visitor_cache

T = TypeVar("T")
PREFIX = "shared-read:"


def shared(
    name: str,
    read: Callable[[], T],
    *,
    prefix: str = PREFIX,
    keep: Callable[[T], bool] | None = None,
) -> T:
    """`read()`, or what it returned under the current content version (at most one cache round trip;
    none when this process's local tier, `core.version_watch`, holds it).
    A value for which `keep` says False is returned but not stored (`core.fragments`: HTML that
    holds a CSRF token)."""
    if _in_transaction():
        return read()
    key = prefix + name
    version, value = visitor_cache.versioned_get(key)
    if visitor_cache.found(value):
        return value
    value = read()
    if keep is None or keep(value):
        visitor_cache.versioned_set(key, version, value)
    return value


def _in_transaction() -> bool:
    """Inside a transaction of our own (not a test's), a read goes to the database and is not
    kept: a service deciding under a lock reads the rows as they are, and rows this transaction
    wrote (bumping the version at once) are never kept if it rolls back."""
    blocks = connections[DEFAULT_DB_ALIAS].atomic_blocks  # not through `connection`'s proxy
    return bool(blocks) and any(not getattr(block, "_from_testcase", False) for block in blocks)


PERSONAL_PREFIX = "personal-read:"


def personal(name: str, person, read: Callable[[], T]) -> T:
    """`read()` about `person` (the one who asks: the caller knows), or what it returned for
    them under the current content version and their current `private_version`. A person whose
    version is not known is read every time: one not read from the database (`User(pk=...)`),
    read without that column, or changed earlier in this request."""
    version = _private_version(person)
    if version is None:
        return read()
    return shared(f"{person.pk}.{version}:{name}", read, prefix=PERSONAL_PREFIX)


def _private_version(person) -> int | None:
    """The person's `private_version` as read from the database, or None when it is not known:
    not read (`User(pk=...)`, a deferred column: not in the instance's `__dict__`) or set to
    None by a change earlier in this request. Read from the instance's own `__dict__`, not
    through `get_deferred_fields()` (5 µs a call, several calls a page); a lazy object
    (`request.user`) is unwrapped first, or its own `__dict__` would be read."""
    if isinstance(person, LazyObject):
        lazy: Any = person
        if lazy._wrapped is empty:
            lazy._setup()
        person = lazy._wrapped
    fields: dict[str, Any] = getattr(person, "__dict__", None) or {}
    state = fields.get("_state")
    if state is None or state.adding:
        return None
    return fields.get("private_version")
