"""How the platform is doing: the database, the cache, the file storage and the task queue.

`GET /healthz` (for load balancers and monitoring) answers 200 with the checks as JSON while the
database answers, and 503 when it does not: a node without its database can serve nothing. A
cache, storage or queue problem makes the status "degraded" but keeps the 200 (the node still
serves pages; Redis is optional, see core.cache). Staff see the same on /status/.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache, caches
from django.core.files.storage import default_storage, storages
from django.db import connection
from django.utils.crypto import get_random_string

from leerplatform.core import queue

OK, DEGRADED, DOWN = "ok", "degraded", "down"
PROBE_NAME = "healthz/probe"


@dataclass
class Check:
    name: str
    status: str = OK
    seconds: float = 0.0
    detail: str = ""
    data: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "status": self.status,
            "ms": round(self.seconds * 1000, 1),
            **({"detail": self.detail} if self.detail else {}),
            **self.data,
        }


def _timed(check: Check, probe) -> Check:
    started = time.perf_counter()
    try:
        probe(check)
    except Exception as exc:  # a health check reports every failure, it never raises
        if check.status == OK:
            check.status = DEGRADED
        check.detail = f"{type(exc).__name__}: {exc}"[:300]
    check.seconds = time.perf_counter() - started
    return check


def check_database() -> Check:
    def probe(check: Check) -> None:
        check.status = DOWN  # unless the query below answers
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        check.status = OK
        check.data["vendor"] = connection.vendor

    return _timed(Check("database"), probe)


def check_cache() -> Check:
    def probe(check: Check) -> None:
        token = get_random_string(12)
        key = f"healthz:{token}"
        cache.set(key, token, timeout=10)
        if cache.get(key) != token:
            raise RuntimeError("a value written was not read back")
        cache.delete(key)
        check.data["backend"] = type(caches["default"]).__name__
        # The fail-open Redis cache answers from local memory while Redis is away.
        available = getattr(caches["default"], "redis_available", None)
        if callable(available) and not available():
            check.status = DEGRADED
            check.detail = "Redis is unreachable: each process uses a local cache"

    return _timed(Check("cache"), probe)


def check_storage() -> Check:
    def probe(check: Check) -> None:
        default_storage.exists(PROBE_NAME)  # one round trip (a HEAD on S3), nothing written
        check.data["backend"] = type(storages["default"]).__name__

    return _timed(Check("storage"), probe)


def check_tasks() -> Check:
    def probe(check: Check) -> None:
        health = queue.queue_health()
        check.data.update(health.as_dict())
        if not health.durable:
            return
        max_wait = float(getattr(settings, "TASKS_HEALTH_MAX_WAIT_SECONDS", 300))
        if health.waiting and not health.workers:
            check.status = DEGRADED
            check.detail = "Tasks are waiting and no worker was seen in the last minute"
        elif (health.oldest_waiting_seconds or 0) > max_wait:
            check.status = DEGRADED
            check.detail = "The oldest waiting task has waited too long"

    return _timed(Check("tasks"), probe)


def run_checks() -> tuple[str, list[Check]]:
    database = check_database()
    if database.status == DOWN:
        # Without the database the queue cannot be asked; the others still tell something.
        checks = [database, check_cache(), check_storage()]
        return DOWN, checks
    checks = [database, check_cache(), check_storage(), check_tasks()]
    status = OK if all(c.status == OK for c in checks) else DEGRADED
    return status, checks
