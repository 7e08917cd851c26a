"""Django's PostgreSQL engine, but a new connection waits for a restarting server.

ENGINE "leerplatform.core.db.postgresql": everything is Django's own backend except
`get_new_connection`, `is_usable` and the prepared statements of `core.statements` (below). When PostgreSQL
restarts (a second or three: the port is closed, or the server answers "the database system is
starting up"), a request that opens a connection then
would fail with a 500. Here opening a connection is tried again for up to
DATABASE_CONNECT_RETRY_SECONDS (default 10; per database the key CONNECT_RETRY_SECONDS in its
DATABASES entry; 0 turns it off), waiting 0.1 s, 0.2 s, … up to 1 s between attempts. Only a failure
to connect (psycopg's OperationalError) is tried again; a server that refuses us for good (a wrong
password, a missing database) fails at once. With CONN_HEALTH_CHECKS a connection broken by the
restart is noticed before a request uses it (`is_usable`, below: without a round trip when
nothing came from the server), and the new one comes here: a restart costs only the queries that
were running when it happened. Each attempt itself is bounded by libpq's
connect_timeout (DATABASE_URL …?connect_timeout=5), which by default waits as long as the network.
With a connection pool (OPTIONS "pool") the pool's own timeout waits instead.
"""

from __future__ import annotations

import logging
import select
import time

import psycopg
from django.conf import settings
from django.db.backends.postgresql import base, operations
from django.db.backends.postgresql.psycopg_any import errors, register_tzloader
from psycopg.pq import Format, TransactionStatus

logger = logging.getLogger("leerplatform.db")

DEFAULT_RETRY_SECONDS = 10.0
FIRST_PAUSE = 0.1
LONGEST_PAUSE = 1.0
# Failures that waiting does not cure (the server's English messages; anything else is retried).
PERMANENT = ("password authentication failed", "does not exist", "pg_hba.conf")


class DatabaseOperations(operations.DatabaseOperations):
    def last_executed_query(self, cursor, sql, params):
        """A prepared statement's SQL with its values, as Django shows it for server-side
        binding (the debug log, the test's query counts)."""
        if isinstance(cursor, PreparingCursor):
            try:
                return self.compose_sql(sql, params)
            except errors.DataError:
                return None
        return super().last_executed_query(cursor, sql, params)


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations

    def retry_seconds(self) -> float:
        seconds = self.settings_dict.get("CONNECT_RETRY_SECONDS")
        if seconds is None:
            seconds = getattr(settings, "DATABASE_CONNECT_RETRY_SECONDS", DEFAULT_RETRY_SECONDS)
        return max(0.0, float(seconds or 0))

    def get_new_connection(self, conn_params):
        if getattr(self, "pool", None):
            return super().get_new_connection(conn_params)
        deadline = time.monotonic() + self.retry_seconds()
        pause = FIRST_PAUSE
        attempt = 1
        while True:
            try:
                connection = super().get_new_connection(conn_params)
            except psycopg.OperationalError as exc:
                left = deadline - time.monotonic()
                if left <= 0 or any(text in str(exc) for text in PERMANENT):
                    raise
                if attempt == 1:
                    logger.warning(
                        "Database %s cannot be reached (%s); trying again for %.0f s",
                        self.alias,
                        str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc),
                        left,
                    )
                time.sleep(min(pause, left))
                pause = min(pause * 2, LONGEST_PAUSE)
                attempt += 1
                continue
            if attempt > 1:
                logger.info("Database %s reached after %d attempts", self.alias, attempt)
            return connection

    # --- The health check, without a round trip -------------------------------------------------
    # CONN_HEALTH_CHECKS asks `is_usable` once per request, before the request's first query.
    # Django's asks the server (SELECT 1): a round trip on every logged-in page, one in twelve of
    # the dashboard's. A connection the server ended (a restart, pg_terminate_backend, an idle
    # timeout) is closed by the server with a last message, or its socket reaches its end: either
    # way the socket of an idle connection has something to read. So an idle connection whose
    # socket has nothing to read is usable; anything else (something to read, a connection not
    # idle) is asked as Django asks. What neither notices is a server gone without closing its
    # sockets (the host lost): then SELECT 1 waits as long as the first query would.

    def is_usable(self):
        connection = self.connection
        if connection is None or connection.closed or connection.broken:
            return False
        if connection.info.transaction_status != TransactionStatus.IDLE:
            return super().is_usable()
        try:
            # poll, not select: a worker's descriptors may number above select's 1,024.
            poller = select.poll()
            poller.register(connection.fileno(), select.POLLIN)
            readable = poller.poll(0)
        except (OSError, ValueError):
            return False
        return super().is_usable() if readable else True

    # --- Prepared statements for core.statements ----------------------------------------------
    # Django runs every query with psycopg's client-side binding (the values written into the
    # SQL), so PostgreSQL parses and plans each one anew; for the give-and-take count planning
    # took 7.3 ms against 1.0 ms to run it. A `core.statements.Statement` has fixed SQL with only
    # its ids bound: `preparing_cursor()` gives it a cursor with server-side binding that
    # prepares what it runs (psycopg keeps the prepared statements per connection, a hundred at
    # most, and forgets them on a rollback or a new connection). Off when the connection has no
    # `prepare_threshold` (OPTIONS; DATABASE_PREPARED_STATEMENTS=false), e.g. behind a
    # transaction-pooling pgbouncer; then it is Django's own cursor.
    _preparing = False

    def preparing_cursor(self):
        self._preparing = True
        try:
            return self.cursor()
        finally:
            self._preparing = False

    def create_cursor(self, name=None):
        if not self._preparing or name or self.connection.prepare_threshold is None:
            return super().create_cursor(name)
        cursor = PreparingCursor(self.connection)
        # As Django's create_cursor: the connection's time zone for timestamptz, if it differs.
        tzloader = self.connection.adapters.get_loader(
            self.connection.adapters.types["timestamptz"].oid, Format.TEXT
        )
        if self.timezone != tzloader.timezone:
            register_tzloader(self.timezone, cursor)
        return cursor


class PreparingCursor(base.ServerBindingCursor):  # type: ignore[name-defined]
    """Django's server-side binding cursor (psycopg's), preparing every statement it runs."""

    def execute(self, query, params=None, *, prepare=None, binary=None):
        return super().execute(query, params, prepare=True, binary=binary)
