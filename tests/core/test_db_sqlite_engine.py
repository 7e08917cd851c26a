"""core/db/sqlite3: Django's SQLite engine whose cursor converts a query's text once."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.backends.sqlite3.base import SQLiteCursorWrapper

from leerplatform.core.db.sqlite3 import base

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite engine")


@pytest.mark.parametrize(
    "query",
    [
        "SELECT %s",
        "SELECT '%%s', %s WHERE name LIKE '50%%'",
        "SELECT " + ", ".join(["%s"] * 50),
        "SELECT '" + "x" * (base.LONGEST_KEPT + 10) + "', %s",  # too long to keep: converted
    ],
)
def test_the_text_is_what_djangos_cursor_makes_of_it(query):
    django_text = SQLiteCursorWrapper.convert_query(None, query)
    assert base.CursorWrapper.convert_query(None, query) == django_text
    assert base.CursorWrapper.convert_query(None, query) == django_text  # and again, kept


def test_a_text_is_converted_once_and_a_long_one_every_time():
    base._kept.cache_clear()
    short = "SELECT %s AS once"
    long = "SELECT '" + "y" * (base.LONGEST_KEPT + 1) + "', %s"
    for _ in range(3):
        base._qmark(short)
        base._qmark(long)
    info = base._kept.cache_info()
    assert (info.hits, info.misses, info.currsize) == (2, 1, 1)


def test_queries_run_through_it(db):
    assert connection.settings_dict["ENGINE"] == "leerplatform.core.db.sqlite3"
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s, '100%%'", ["a"])
        assert cursor.fetchone() == ("a", "100%")
    assert isinstance(cursor.cursor, base.CursorWrapper)
