"""The content version known in this process without asking Redis, and a copy of what is kept
under it in this process's memory.

`core.visitor_cache` answers visitors (and `core.shared_reads`/`core.fragments` fill logged-in
pages) from entries stored under the **content version**, which every committed change to
public content bumps. Asking Redis for that version and the entry costs a network round trip
on every hit: about half of what a visitor's page from the cache costs. This module removes
that round trip while keeping "a change shows at once":

- **The version, watched.** Each process runs one daemon thread (started on first use, again
  after a fork) that subscribes to a Redis channel on which every bump is published
  (`visitor_cache._bump` sets the key, then publishes the new value), and reads the key itself
  once a second. A bump made in this process is known here at once (it sets the local value
  before publishing); one made in another process is known as soon as Redis delivers the
  message (well under a millisecond on one host), and a message that was lost (a reconnect, a
  bump written back after an outage) is corrected by the next read, within a second.
- **Trust that runs out.** The local value is used only while the thread has heard from Redis
  in the last `TRUST_SECONDS` (a read or a message). A dead or stuck thread, a lost connection
  or a Redis outage makes `known_version()` return None within that time, and the caller asks
  Redis as before (and stops caching when Redis is down).
- **A local copy.** `LocalStore` keeps entries under the version they were stored for,
  bounded in bytes (`VISITOR_CACHE_LOCAL_BYTES`, least recently used out first) and in time
  (`VISITOR_CACHE_SECONDS`, as in Redis). An entry of another version is a miss. Values are
  kept as text, as immutable rows (a list or dict of them is handed out as a new list or dict),
  or as a pickled copy, so no request ever gets an object another request can change.

It is on only with the Redis cache (`FailOpenRedisCache`) and `VISITOR_CACHE_LOCAL_BYTES` > 0;
with a local-memory cache (one process, tests) there is no round trip to save.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import pickle
import threading
import time
import uuid
from collections import OrderedDict
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.signals import setting_changed
from django.dispatch import receiver
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

VERSION_KEY = "visitor-cache:version"
POLL_SECONDS = 1.0
TRUST_SECONDS = 3.0
MISSING = object()


# What the settings say, read once per process (a shared read asks on every call, a dozen
# times a page; through the settings and the cache proxies that cost 4 µs a time). Forgotten
# when a setting changes (tests).
_config: tuple[bool, bool, Any] | None = None


def _settings() -> tuple[bool, bool, Any]:
    """(the cache is on, the local tier is on, the cache's `redis_available` or None)."""
    global _config
    found = _config
    if found is None:
        # The outage state is one per cache alias and process: any thread's backend answers.
        available = getattr(caches[DEFAULT_CACHE_ALIAS], "redis_available", None)
        found = _config = (
            bool(settings.VISITOR_CACHE_SECONDS),
            bool(getattr(settings, "VISITOR_CACHE_LOCAL_BYTES", 0)),
            available,
        )
    return found


@receiver(setting_changed)
def _settings_changed(**_kwargs: Any) -> None:
    global _config
    _config = None


def enabled() -> bool:
    on, local, available = _settings()
    return on and local and available is not None


def channel() -> str:
    """The channel bumps are published on: the version key's own name (prefix included), so
    installations sharing a Redis do not hear each other."""
    return cache.make_key(VERSION_KEY) + ":bumped"


def new_version() -> str:
    return uuid.uuid4().hex


def cache_on() -> bool:
    """The shared cache is there to ask: configured, and Redis not in an outage."""
    on, _local, available = _settings()
    return on and (available is None or available())


def current_version(known: str | None) -> str:
    """The version now; a missing one (first use, evicted, cache emptied) starts a new one."""
    if known is not None:
        return known
    version = new_version()
    if cache.add(VERSION_KEY, version, timeout=None):
        publish(version)
        return version
    return cache.get(VERSION_KEY) or version


def read_version() -> str | None:
    """The version in the shared cache, None when the cache is off or Redis is away."""
    if not cache_on():
        return None
    known = cache.get(VERSION_KEY)
    if not cache_on():
        return None
    return current_version(known)


# Values no request can change: kept as they are, and handed out without a copy (a NamedTuple
# of them too). Not bytes: the store's own pickled copies are bytes.
_IMMUTABLE = (str, int, float, bool, type(None), dt.date, dt.time, dt.timedelta, Decimal)


def _immutable(value: Any) -> bool:
    if isinstance(value, _IMMUTABLE):
        return True
    if type(value) in (tuple, frozenset) or (
        isinstance(value, tuple) and getattr(type(value), "__slots__", None) == ()
    ):  # a NamedTuple: no attributes beside its items
        return all(_immutable(item) for item in value)
    return False


class _List(tuple):
    """A list of immutable items, kept as a tuple: each get hands out a new list."""


class _Dict(tuple):
    """A dict of immutable keys and values, kept as its items: each get hands out a new dict."""


def _to_keep(value: Any) -> tuple[Any, int]:
    """What the store keeps for `value`, and about how many bytes it takes. Text and immutable
    rows are kept as they are (a read of rows costs no unpickling: about 30 µs each on a
    dashboard that reads a dozen); everything else as a pickled copy."""
    if isinstance(value, str):
        return value, len(value)
    if type(value) is list and all(_immutable(item) for item in value):
        kept: Any = _List(value)
    elif type(value) is dict and all(_immutable(k) and _immutable(v) for k, v in value.items()):
        kept = _Dict(value.items())
    elif _immutable(value):
        kept = value
    else:
        pickled = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        return pickled, len(pickled)
    return kept, len(pickle.dumps(kept, pickle.HIGHEST_PROTOCOL))


def _thawed(kept: Any) -> Any:
    if type(kept) is bytes:
        return pickle.loads(kept)  # noqa: S301  (our own bytes)
    if type(kept) is _List:
        return list(kept)
    if type(kept) is _Dict:
        return dict(kept)
    return kept


class LocalStore:
    """Entries under a version, least recently used out first, at most `max_bytes` in all."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self._entries: OrderedDict[str, tuple[str, Any, int, float]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str, version: str) -> Any:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return MISSING
            stored_version, kept, size, expires = entry
            if stored_version != version or time.monotonic() >= expires:
                del self._entries[key]
                self.size -= size
                return MISSING
            self._entries.move_to_end(key)
        return _thawed(kept)

    def put(self, key: str, version: str, value: Any, seconds: float) -> None:
        kept, size = _to_keep(value)
        size += len(key) + 100
        if size > self.max_bytes // 4:
            return  # one entry may not push out most of the others
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.size -= old[2]
            self._entries[key] = (version, kept, size, time.monotonic() + seconds)
            self.size += size
            while self.size > self.max_bytes:
                _key, (_v, _kept, dropped, _e) = self._entries.popitem(last=False)
                self.size -= dropped

    def __len__(self) -> int:
        return len(self._entries)


class Watcher:
    """One per process: the thread that keeps `version` current, and the local store."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        self.version: str | None = None
        self.trusted_until = 0.0
        self.store = LocalStore(int(settings.VISITOR_CACHE_LOCAL_BYTES))
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="content-version-watch", daemon=True)
        self._thread.start()

    def known_version(self) -> str | None:
        if time.monotonic() < self.trusted_until:
            return self.version
        return None

    def learned(self, version: str) -> None:
        self.version = version
        self.trusted_until = time.monotonic() + TRUST_SECONDS

    def forget(self) -> None:
        self.trusted_until = 0.0
        self.version = None

    def stop(self) -> None:
        self._stop.set()
        self.forget()
        self._thread.join(timeout=2 * POLL_SECONDS + 1)

    def _run(self) -> None:
        failing = False
        while not self._stop.is_set():
            try:
                self._listen()
            except Exception as error:  # any failure: untrust, wait, try again
                self.forget()
                if not failing:
                    logger.info(
                        "Content version watch lost Redis (%s); asking Redis per request", error
                    )
                failing = True
                self._stop.wait(POLL_SECONDS)
            else:
                failing = False

    def _listen(self) -> None:
        import redis  # noqa: PLC0415

        location = cache.locations[0]  # type: ignore[attr-defined]  # FailOpenRedisCache
        client = redis.Redis.from_url(
            location, socket_connect_timeout=0.25, socket_timeout=POLL_SECONDS * 2 + 1
        )
        pubsub = client.pubsub()
        try:
            pubsub.subscribe(channel())
            # Subscribed before the first read: no bump can fall between the two.
            deadline = time.monotonic() + POLL_SECONDS * 2
            while (message := pubsub.get_message(timeout=POLL_SECONDS)) is None or message[
                "type"
            ] != "subscribe":
                if time.monotonic() > deadline:
                    raise TimeoutError("no subscription confirmed")
            last_read = 0.0
            while not self._stop.is_set():
                if time.monotonic() - last_read >= POLL_SECONDS:
                    version = read_version()
                    if version is None:
                        raise ConnectionError("Redis is away for the cache")
                    if pubsub.connection is None:
                        raise ConnectionError("subscription closed")
                    self.learned(version)
                    last_read = time.monotonic()
                message = pubsub.get_message(timeout=POLL_SECONDS)
                if message is not None and message["type"] == "message":
                    self.learned(message["data"].decode())
        finally:
            pubsub.close()
            client.close()


def publish(version: str) -> None:
    """Tell every process the version changed (`visitor_cache._bump`, after setting the key).
    This process knows it at once; a failed publish is corrected by the others' next read."""
    if not enabled():
        return
    own = _watchers.get(os.getpid())
    if own is not None and own.known_version() is not None:
        own.version = version
    with contextlib.suppress(RedisError):
        cache._cache.get_client(write=True).publish(channel(), version)  # type: ignore[attr-defined]


_watchers: dict[int, Watcher] = {}
_lock = threading.Lock()


def watcher() -> Watcher:
    """This process's watcher, started on first use (and again in a forked child)."""
    pid = os.getpid()
    found = _watchers.get(pid)
    if found is None:
        with _lock:
            found = _watchers.get(pid)
            if found is None:
                _watchers.clear()  # a parent's, inherited by fork: its thread is not ours
                found = _watchers[pid] = Watcher()
    return found


def reset() -> None:
    """Stop this process's watcher and drop its store (tests, a changed cache)."""
    with _lock:
        for each in _watchers.values():
            if each.pid == os.getpid():
                each.stop()
        _watchers.clear()
