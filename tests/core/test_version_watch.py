"""The local tier of the visitor cache (core/version_watch.py): the content version known in
this process without asking Redis, a bump in another process heard at once, trust that runs out
when Redis is silent, and a bounded local copy that never hands out a shared object.

With a private redis-server per test (tests/core/test_redis_optional.py) and, for "another
process", a real second Python process that bumps the version.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from leerplatform.core import version_watch, visitor_cache
from tests import factories
from tests.core.test_redis_optional import (
    redis_server,  # noqa: F401  (a fixture)
    use_cache,
)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def local_tier(settings, redis_server):  # noqa: F811
    use_cache(settings, redis_server.url)
    settings.VISITOR_CACHE_LOCAL_BYTES = 1024 * 1024
    assert version_watch.enabled()
    yield redis_server
    version_watch.reset()


def trusted_version(timeout: float = 5.0) -> str:
    deadline = time.monotonic() + timeout
    while (version := version_watch.watcher().known_version()) is None:
        assert time.monotonic() < deadline, "the watch never heard from Redis"
        time.sleep(0.02)
    return version


@pytest.fixture
def published():
    return factories.make_edition(is_published=True, name="Zichtbare editie")


def test_a_hit_is_answered_from_this_process_without_asking_redis(local_tier, published):
    path = reverse("editions:detail", args=[published.slug])
    trusted_version()
    first = Client().get(path)
    assert first.status_code == 200
    assert len(version_watch.watcher().store) >= 1  # the page (and the shared reads in it)
    trusted_version()  # the watch has just heard from Redis: trusted for a few seconds
    local_tier.pause()  # Redis answers nothing now: any call would time out
    try:
        started = time.monotonic()
        second = Client().get(path)
        took = time.monotonic() - started
        assert second.content == first.content
        assert cache.redis_available()  # no call went to Redis (it would have timed out)
        assert took < 0.25
    finally:
        local_tier.resume()


def test_a_change_in_this_process_shows_at_once(local_tier, published):
    path = reverse("editions:detail", args=[published.slug])
    before = trusted_version()
    Client().get(path)
    published.name = "Hier veranderd"
    published.save()
    assert version_watch.watcher().known_version() != before
    assert "Hier veranderd" in Client().get(path).content.decode()


BUMP_ELSEWHERE = """
import os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "leerplatform.settings.test"
sys.path.insert(0, "src")
import django
from django.conf import settings
django.setup()
settings.CACHES = {"default": {
    "BACKEND": "leerplatform.core.cache.FailOpenRedisCache",
    "LOCATION": sys.argv[1], "KEY_PREFIX": sys.argv[2]}}
settings.VISITOR_CACHE_LOCAL_BYTES = 1024 * 1024
from leerplatform.core import visitor_cache
visitor_cache._bump()
from django.core.cache import cache
print(cache.get(visitor_cache.VERSION_KEY))
"""


@pytest.mark.visitor_cache  # counts queries with the cache on
def test_a_change_in_another_process_is_heard_at_once(
    local_tier, published, django_assert_max_num_queries
):
    path = reverse("editions:detail", args=[published.slug])
    trusted_version()
    Client().get(path)
    with django_assert_max_num_queries(0):
        Client().get(path)  # from this process's memory
    bumped = subprocess.run(
        [sys.executable, "-c", BUMP_ELSEWHERE, local_tier.url, cache.key_prefix],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    ).stdout.split()[-1]
    # Heard through the channel, well before the once-a-second read would have found it.
    heard_by = time.monotonic() + 0.2
    while version_watch.watcher().known_version() != bumped:
        assert time.monotonic() < heard_by, "the bump of the other process was not heard"
        time.sleep(0.005)
    with CaptureQueriesContext(connection) as queries:
        Client().get(path)
    assert len(queries) > 0  # the old page is not served: the view runs again


def test_when_redis_is_silent_the_local_version_is_not_trusted(local_tier, monkeypatch):
    monkeypatch.setattr(version_watch, "TRUST_SECONDS", 0.5)
    monkeypatch.setattr(version_watch, "POLL_SECONDS", 0.2)
    version_watch.reset()
    trusted_version()
    local_tier.pause()
    try:
        deadline = time.monotonic() + 3
        while version_watch.watcher().known_version() is not None:
            assert time.monotonic() < deadline, "a silent Redis kept the version trusted"
            time.sleep(0.05)
    finally:
        local_tier.resume()
    trusted_version()  # and trusted again once Redis answers


def test_a_version_written_without_a_message_is_found_by_the_next_read(local_tier):
    trusted_version()
    cache.set(visitor_cache.VERSION_KEY, "written-back-after-an-outage", timeout=None)
    deadline = time.monotonic() + version_watch.POLL_SECONDS * 3
    while version_watch.watcher().known_version() != "written-back-after-an-outage":
        assert time.monotonic() < deadline
        time.sleep(0.02)


def test_off_without_redis_or_with_no_bytes(settings):
    assert not version_watch.enabled()  # the tests' local-memory cache: one process
    settings.VISITOR_CACHE_LOCAL_BYTES = 0
    assert not version_watch.enabled()


# --- The local store -----------------------------------------------------------------------------


def test_the_store_keeps_the_most_recent_within_its_bytes():
    store = version_watch.LocalStore(max_bytes=4000)
    for n in range(10):
        store.put(f"k{n}", "v1", "x" * 700, seconds=60)
    assert store.size <= 4000
    assert store.get("k0", "v1") is version_watch.MISSING
    assert store.get("k9", "v1") == "x" * 700
    store.put("big", "v1", "y" * 1500, seconds=60)  # more than a quarter: not kept
    assert store.get("big", "v1") is version_watch.MISSING


def test_the_store_misses_another_version_and_an_expired_entry():
    store = version_watch.LocalStore(max_bytes=10_000)
    store.put("page", "v1", "oud", seconds=60)
    assert store.get("page", "v2") is version_watch.MISSING
    assert len(store) == 0  # dropped
    store.put("page", "v2", "nieuw", seconds=0)
    assert store.get("page", "v2") is version_watch.MISSING


def test_the_store_never_hands_out_an_object_another_request_holds():
    store = version_watch.LocalStore(max_bytes=10_000)
    rows = [{"title": "Bijeenkomst"}]
    store.put("read", "v1", rows, seconds=60)
    got = store.get("read", "v1")
    assert got == rows and got is not rows
    got[0]["title"] = "veranderd door een view"
    assert store.get("read", "v1") == [{"title": "Bijeenkomst"}]


def test_immutable_rows_are_handed_out_without_unpickling_yet_never_shared():
    """A list or dict of immutable rows is kept as it is; each get hands out a new list or dict,
    so a view that appends to or changes it changes only its own."""
    import datetime as dt
    from decimal import Decimal

    store = version_watch.LocalStore(max_bytes=10_000)
    when = dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.UTC)
    rows = [(1, "Leergroep A", when, None, Decimal("1.5")), (2, "Leergroep B", when, True, None)]
    store.put("rows", "v1", rows, seconds=60)
    first = store.get("rows", "v1")
    assert first == rows and type(first) is list and first is not rows
    first.append((3, "erbij", when, None, None))
    assert store.get("rows", "v1") == rows
    roles = {1: "participant", 2: "facilitator"}
    store.put("roles", "v1", roles, seconds=60)
    got = store.get("roles", "v1")
    got[3] = "facilitator"
    assert store.get("roles", "v1") == roles
    # Not immutable (a list inside, bytes, a subclass): a pickled copy, as before.
    for value in ([[1, 2]], b"bytes", {1: [2]}, frozenset({1, 2}), (1, [2])):
        store.put("other", "v1", value, seconds=60)
        assert store.get("other", "v1") == value
