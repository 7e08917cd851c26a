"""Django's SQLite engine, but a query's text is turned into SQLite's style once, not per run.

ENGINE "leerplatform.core.db.sqlite3": everything is Django's own backend except the cursor's
`convert_query`. Django writes `%s` for a parameter and SQLite wants `?`, so Django's cursor runs
a regular expression over the whole SQL on every execution: 0.35 ms for the 29 KB of the
give-and-take count (`core.counting`, via `core.statements`), more than SQLite then takes to run
it. The same SQL comes back request after request (the ORM builds the same text for the same
query shape, and `core.statements` keeps its own), so the converted text is kept in a
least-recently-used table per process, keyed by the text itself: at most 256 texts of at most
32 KB each (16 MB at the very worst, both copies counted; a longer text is converted each time).
"""

from __future__ import annotations

from functools import lru_cache

from django.db.backends.sqlite3 import base

KEPT_TEXTS = 256
LONGEST_KEPT = 32 * 1024


def _convert(query: str) -> str:
    return base.FORMAT_QMARK_REGEX.sub("?", query).replace("%%", "%")


_kept = lru_cache(maxsize=KEPT_TEXTS)(_convert)


def _qmark(query: str) -> str:
    return _kept(query) if len(query) <= LONGEST_KEPT else _convert(query)


class CursorWrapper(base.SQLiteCursorWrapper):
    def convert_query(self, query, *, param_names=None):
        if param_names is None:
            return _qmark(query)
        return super().convert_query(query, param_names=param_names)  # type: ignore[misc]


class DatabaseWrapper(base.DatabaseWrapper):
    def create_cursor(self, name=None):
        return self.connection.cursor(factory=CursorWrapper)
