"""The PostgreSQL engine's health check asks the server only when the server said something
(leerplatform.core.db.postgresql, `is_usable`): an idle connection with nothing to read is
usable without a round trip; one the server ended is not. Runs on PostgreSQL only, on a
connection of its own (the test's connection is inside the test's transaction)."""

from __future__ import annotations

import select
import time

import pytest
from django.conf import settings
from django.db import connection

from leerplatform.core.db.postgresql.base import DatabaseWrapper

pytestmark = [
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="PostgreSQL only (DATABASE_URL=postgres://...)",
    ),
    pytest.mark.django_db,
]


@pytest.fixture
def probe():
    wrapper = DatabaseWrapper({**connection.settings_dict}, alias="health-probe")
    wrapper.connect()
    with wrapper.connection.cursor() as cursor:
        cursor.execute("SELECT 'health-probe-marker'")
        pid = wrapper.connection.info.backend_pid
    yield wrapper, pid
    wrapper.close()


def _last_query(pid: int) -> str:
    """What the probe's server process ran last, as the server itself reports it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT query FROM pg_stat_activity WHERE pid = %s", [pid])
        row = cursor.fetchone()
    return row[0] if row else ""


def _until(condition, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_an_idle_connection_is_usable_without_asking_the_server(probe):
    wrapper, pid = probe
    assert wrapper.is_usable()
    # The server ran nothing since the marker: no SELECT 1.
    assert _last_query(pid) == "SELECT 'health-probe-marker'"


def test_a_connection_the_server_ended_is_not_usable(probe):
    wrapper, pid = probe
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    assert _until(lambda: not wrapper.is_usable())
    # Django's health check (at a request's first query) then closes it, and the query runs on
    # a new connection.
    wrapper.health_check_done = False
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid


def test_a_message_from_the_server_is_checked_by_asking(probe):
    """A notification arrives on an idle connection: the socket has something to read, so the
    check asks the server (SELECT 1), which reads the message and answers: usable."""
    wrapper, pid = probe
    with wrapper.connection.cursor() as cursor:
        cursor.execute("LISTEN health_probe")
    # NOTIFY is delivered on commit, and the test's own transaction never commits: sent from a
    # connection of its own (autocommit).
    other = DatabaseWrapper({**connection.settings_dict}, alias="health-notifier")
    other.connect()
    try:
        with other.connection.cursor() as cursor:
            cursor.execute("NOTIFY health_probe")
    finally:
        other.close()
    # The server sends the message on its own time: wait until it is on the probe's socket
    # (checked too early, the socket is quiet and the check rightly asks nothing: CI, stop 31).
    fd = wrapper.connection.fileno()
    assert _until(lambda: bool(select.select([fd], [], [], 0)[0]))
    assert wrapper.is_usable()
    assert _last_query(pid) == "SELECT 1"
