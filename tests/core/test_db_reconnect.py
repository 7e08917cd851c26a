"""The PostgreSQL engine waits for a restarting server (leerplatform.core.db.postgresql).

A restart is played by a small TCP proxy in front of the suite's real PostgreSQL: while "down"
nothing listens on its port (connections are refused, as during a restart), then it listens and
forwards every connection to the server. The shared server itself is never touched. Runs only
when the suite runs on PostgreSQL.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time

import pytest
from django.conf import settings
from django.db import OperationalError, connection

from leerplatform.core.db.postgresql.base import DatabaseWrapper

pytestmark = [
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="PostgreSQL only (DATABASE_URL=postgres://...)",
    ),
    pytest.mark.django_db,
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RestartingProxy:
    """Refuses connections on `port` (nothing listens) for `down_seconds`, then forwards each
    connection to the database server; `down_seconds=None` never opens. Every loop is bounded
    by `stopped` and socket timeouts."""

    def __init__(self, target: tuple[str, int], down_seconds: float | None) -> None:
        self.port = free_port()
        self.target = target
        self.down_seconds = down_seconds
        self.stopped = threading.Event()
        self.opened_at: float | None = None
        self.threads: list[threading.Thread] = []
        self.sockets: list[socket.socket] = []

    def __enter__(self) -> RestartingProxy:
        self._spawn(self._serve)
        return self

    def __exit__(self, *exc) -> None:
        self.stopped.set()
        for s in self.sockets:
            with contextlib.suppress(OSError):
                s.close()
        for thread in self.threads:
            thread.join(timeout=5)

    def _spawn(self, target, *args) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        self.threads.append(thread)
        thread.start()

    def _serve(self) -> None:
        if self.down_seconds is None or self.stopped.wait(self.down_seconds):
            return
        listener = socket.socket()
        self.sockets.append(listener)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(8)
        listener.settimeout(0.2)
        self.opened_at = time.monotonic()
        while not self.stopped.is_set():
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            server = socket.create_connection(self.target, timeout=5)
            self.sockets += [client, server]
            self._spawn(self._pump, client, server)
            self._spawn(self._pump, server, client)

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        source.settimeout(0.2)
        while not self.stopped.is_set():
            try:
                data = source.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                break
            if not data:
                break
            try:
                sink.sendall(data)
            except OSError:
                break
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)


def through(proxy: RestartingProxy, retry_seconds: float) -> DatabaseWrapper:
    """A connection of our engine to the suite's test database, through the proxy."""
    settings_dict = {
        **connection.settings_dict,
        "HOST": "127.0.0.1",
        "PORT": str(proxy.port),
        "CONN_MAX_AGE": 0,
        "CONNECT_RETRY_SECONDS": retry_seconds,
    }
    return DatabaseWrapper(settings_dict, alias="reconnect-test")


def target() -> tuple[str, int]:
    return (
        connection.settings_dict["HOST"] or "127.0.0.1",
        int(connection.settings_dict["PORT"] or 5432),
    )


def test_a_new_connection_waits_for_a_restarting_server():
    with RestartingProxy(target(), down_seconds=1.5) as proxy:
        wrapper = through(proxy, retry_seconds=10)
        started = time.monotonic()
        try:
            with wrapper.cursor() as cursor:
                cursor.execute("SELECT 1")
                assert cursor.fetchone() == (1,)
        finally:
            wrapper.close()
        waited = time.monotonic() - started

    assert proxy.opened_at is not None
    assert 1.4 <= waited < 10
    # It connected soon after the server came back (pauses grow to at most a second).
    assert time.monotonic() - proxy.opened_at < 10
    assert proxy.opened_at - started < waited


def test_without_waiting_the_same_restart_fails_at_once():
    with RestartingProxy(target(), down_seconds=1.5) as proxy:
        wrapper = through(proxy, retry_seconds=0)
        started = time.monotonic()
        with pytest.raises(OperationalError):
            wrapper.ensure_connection()
        assert time.monotonic() - started < 1.0
        wrapper.close()


def test_a_server_that_stays_away_fails_after_the_bounded_wait():
    with RestartingProxy(target(), down_seconds=None) as proxy:
        wrapper = through(proxy, retry_seconds=2)
        started = time.monotonic()
        with pytest.raises(OperationalError):
            wrapper.ensure_connection()
        waited = time.monotonic() - started
        wrapper.close()

    assert 2 <= waited < 4


def test_a_permanent_refusal_is_not_waited_for():
    """A database that does not exist is not cured by waiting: no retries."""
    with RestartingProxy(target(), down_seconds=0) as proxy:
        wrapper = through(proxy, retry_seconds=10)
        wrapper.settings_dict["NAME"] = "no_such_database_devrun"
        started = time.monotonic()
        with pytest.raises(OperationalError, match="does not exist"):
            wrapper.ensure_connection()
        assert time.monotonic() - started < 3
        wrapper.close()
