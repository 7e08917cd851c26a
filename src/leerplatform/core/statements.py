"""SQL built once per process for a query whose shape never changes, only its ids.

Django builds a query's SQL in Python on every call. For most queries that costs little, but a
few carry large expressions (the give-and-take count, `core.counting.counted_as`, repeats a
`CASE` of some twenty `WHEN`s with `EXISTS` subqueries in its filter and in each total): building
its SQL takes many times longer than SQLite or PostgreSQL take to run it, on a page that every
member opens first (the dashboard).

`Statement` compiles such a query (a QuerySet, never run by the ORM) once with *sentinel* ids in
the places of its arguments, keeps the SQL and the positions of the sentinels among its
parameters, and from then on runs the same SQL with the real ids: what the ORM would have read
(the same SQL, the same parameters); tests compare the two. The SQL is kept per database alias and per `key()` (e.g.
content-type ids, which the SQL may hold as constants and which a flushed test database renumbers).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any

from django.db import connections
from django.db.models import QuerySet

# Ids no row has: the first of them stands in for the first argument, and so on.
_SENTINEL_BASE = -7_300_000_000_001


class Statement:
    """A query built by `build(*ids)` (a QuerySet, not run), compiled once; `row(*ids)` runs it
    with real ids and returns its first row (None when it has none)."""

    def __init__(
        self, build: Callable[..., QuerySet], *, key: Callable[[], Hashable] = lambda: None
    ) -> None:
        self._build = build
        self._key = key
        self._compiled: dict[Hashable, tuple[str, list[Any], list[tuple[int, int]]]] = {}
        self._lock = threading.Lock()

    def _compile(self, arity: int, using: str) -> tuple[str, list[Any], list[tuple[int, int]]]:
        sentinels = [_SENTINEL_BASE - i for i in range(arity)]
        queryset = self._build(*sentinels)
        sql, params = queryset.query.get_compiler(using=using).as_sql()
        slots = [
            (position, sentinels.index(value))
            for position, value in enumerate(params)
            if isinstance(value, int) and not isinstance(value, bool) and value in sentinels
        ]
        if sorted({argument for _position, argument in slots}) != list(range(arity)):
            raise ValueError("Every argument must reach the query's parameters as an id.")
        return sql, list(params), slots

    def row(self, *ids: int, using: str = "default") -> tuple | None:
        """The query's first row with `ids` in the places of the sentinels."""
        cache_key = (using, connections[using].vendor, len(ids), self._key())
        compiled = self._compiled.get(cache_key)
        if compiled is None:
            compiled = self._compile(len(ids), using)
            with self._lock:
                self._compiled[cache_key] = compiled
        sql, template, slots = compiled
        params = list(template)
        for position, argument in slots:
            params[position] = ids[argument]
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()
