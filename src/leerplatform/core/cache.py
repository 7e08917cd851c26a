"""A Redis cache that fails open: when Redis is down or slow, pages keep answering.

`FailOpenRedisCache` is Django's `RedisCache` with four additions:

- **Short timeouts.** Connecting gives up after 0.25 s and a reply is awaited 0.5 s (OPTIONS
  `socket_connect_timeout` / `socket_timeout`), and redis-py does not retry by itself.
- **No Redis error reaches the caller.** Every `redis.exceptions.RedisError` (refused or lost
  connections, timeouts, a Redis that is loading or read-only...) is caught. The first one starts
  an *outage*: one WARNING is logged, and one INFO when Redis answers again, never one per call.
- **A local stand-in.** During an outage every operation goes to a local-memory cache of this
  process (`LocMemCache`, shared by its threads). Rate limits (allauth's, kept with get/set and
  `add` as a lock) and `mail_once` (`add`) still count, each process on its own: the limit is
  then per process, a safe local limit rather than none.
- **A circuit breaker.** After a failure Redis is left alone for `RETRY_AFTER` seconds (5 by
  default); then one thread of the process probes it while the others keep using the local
  cache. A request during an outage therefore costs at most one timeout per process per
  `RETRY_AFTER`, not one per cache call.

The wrapped methods are the ones `RedisCache` itself defines (get, set, add, delete, touch,
has_key, incr, get_many, set_many, delete_many, clear). The rest of the cache API (decr,
get_or_set, `in`, incr_version/decr_version and the async variants) is built by `BaseCache` out
of those, so it fails open too.

**Stale entries after an outage, and what we do about them.** During an outage Redis keeps the
values it had; writes go to the local cache only. Were the process simply to switch back, Redis
would answer with what was true *before* the outage: a key deleted during the outage (allauth
rolling back a counted attempt) would be back, and a key written during it would be missing:
the failed logins counted while Redis was away would be forgotten and a `mail_once` marker
lost, so the same address could be mailed again right after recovery. Therefore each process
keeps a journal of the keys it wrote during the outage (bounded by `RECONCILE_MAX_KEYS`,
10,000), and on recovery, before Redis is used again, copies every such key's local value to
Redis with its remaining lifetime, and deletes the key in Redis when it has no local value any
more (deleted or expired). A `clear()` during the outage is repeated on Redis first. Then the
local cache is emptied (also at the start of the next outage), so it never answers with values
from an earlier outage. The limits of this: when several processes were cut off at the same
time, the last one to reconcile a key wins (a cache, not a ledger: at worst a limit counts a
little less or more for one period); keys beyond the journal's bound keep their pre-outage
Redis value until it expires (logged). Sessions are not in the cache at all (settings/base.py,
database sessions), so no stale entry can undo a login or a logout.

OPTIONS of our own (removed before the rest go to redis-py's connection pool):
`RETRY_AFTER` (seconds, 5), `LOCAL_MAX_ENTRIES` (10,000) and `RECONCILE_MAX_KEYS` (10,000).
"""

from __future__ import annotations

import functools
import inspect
import logging
import math
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

logger = logging.getLogger(__name__)

DEFAULT_CONNECT_TIMEOUT = 0.25
DEFAULT_READ_TIMEOUT = 0.5
DEFAULT_RETRY_AFTER = 5.0
DEFAULT_LOCAL_MAX_ENTRIES = 10_000
DEFAULT_RECONCILE_MAX_KEYS = 10_000
RECONCILE_ROUNDS = 10  # copying the journal again while other threads still write locally

_MISSING = object()
_PROBE_KEY = "fail-open-probe"

# The methods of RedisCache that talk to Redis: the ones it defines of the cache API, less the
# one that only computes a timeout. Everything else in BaseCache is built out of these.
REDIS_METHODS = tuple(
    name
    for name, value in vars(RedisCache).items()
    if callable(value)
    and not name.startswith("_")
    and hasattr(BaseCache, name)
    and name != "get_backend_timeout"
)


@dataclass
class _Outage:
    """What one process knows about one Redis cache (shared by the process's threads)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    probe: threading.Lock = field(default_factory=threading.Lock)
    down: bool = False
    since: float = 0.0  # time.monotonic() when the outage began
    retry_at: float = 0.0  # time.monotonic() when Redis may be tried again
    # (key, version) written during the outage -> its expiry (time.time()), None: no expiry.
    journal: dict[tuple[Any, Any], float | None] = field(default_factory=dict)
    cleared: bool = False
    overflow: int = 0


_STATES: dict[str, _Outage] = {}
_STATES_LOCK = threading.Lock()


def _outage_state(name: str) -> _Outage:
    with _STATES_LOCK:
        return _STATES.setdefault(name, _Outage())


def _where(servers: list[str]) -> str:
    """The servers without credentials, for the log."""
    shown = []
    for server in servers:
        parts = urlsplit(server)
        shown.append(f"{parts.hostname or parts.path}:{parts.port or ''}".rstrip(":"))
    return ",".join(shown)


class SharedClientRedisCacheClient(RedisCacheClient):
    """Django's `RedisCacheClient` with one `redis.Redis` object per connection pool.

    Django's builds a new `redis.Redis` for every cache call, and its constructor fills a table
    of some 170 reply callbacks: about 0.1 ms, more than half of what a visitor's page from the
    cache costs. A `redis.Redis` may be shared by threads (each command borrows a connection from
    the pool), so one per pool does the same work.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]  # not in the stubs
        client = self._clients.get(id(pool))
        if client is None:
            client = self._client(connection_pool=pool)  # type: ignore[attr-defined]
            self._clients[id(pool)] = client
        return client


class FailOpenRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.retry_after = float(options.pop("RETRY_AFTER", DEFAULT_RETRY_AFTER))
        local_max_entries = int(options.pop("LOCAL_MAX_ENTRIES", DEFAULT_LOCAL_MAX_ENTRIES))
        self.reconcile_max_keys = int(options.pop("RECONCILE_MAX_KEYS", DEFAULT_RECONCILE_MAX_KEYS))
        options.setdefault("socket_connect_timeout", DEFAULT_CONNECT_TIMEOUT)
        options.setdefault("socket_timeout", DEFAULT_READ_TIMEOUT)
        options.setdefault("retry", Retry(NoBackoff(), 0))
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = SharedClientRedisCacheClient
        self.locations: list[str] = (
            [s for s in re.split("[;,]", server) if s] if isinstance(server, str) else list(server)
        )
        # Django makes one backend object per thread; the outage state and the local cache
        # (LocMemCache shares its storage by name) are one per process.
        name = f"{self.locations!r}|{self.key_prefix}|{self.version}"
        self._state = _outage_state(name)
        self._local = LocMemCache(
            f"leerplatform-fail-open:{name}",
            {
                "TIMEOUT": params.get("TIMEOUT", 300),
                "KEY_PREFIX": params.get("KEY_PREFIX", ""),
                "VERSION": params.get("VERSION", 1),
                "KEY_FUNCTION": params.get("KEY_FUNCTION"),
                "OPTIONS": {"MAX_ENTRIES": local_max_entries},
            },
        )

    def redis_available(self) -> bool:
        """False during an outage, as this process sees it (for the health check)."""
        return not self._state.down

    # --- The circuit breaker -------------------------------------------------------------------

    def _use_redis(self) -> bool:
        state = self._state
        if not state.down:
            return True
        if time.monotonic() < state.retry_at:
            return False
        if not state.probe.acquire(blocking=False):
            return False  # another thread is probing; keep to the local cache meanwhile
        try:
            if not state.down:
                return True
            if time.monotonic() < state.retry_at:
                return False
            return self._recover()
        finally:
            state.probe.release()

    def _outage_begins(self, error: RedisError) -> None:
        state = self._state
        with state.lock:
            state.retry_at = time.monotonic() + self.retry_after
            if state.down:
                return
            # Empty before anyone is sent here, so no value of an earlier outage is answered.
            self._local.clear()
            state.journal = {}
            state.cleared = False
            state.overflow = 0
            state.since = time.monotonic()
            state.down = True
        logger.warning(
            "Redis cache at %s failed (%s: %s); using this process's local cache and trying "
            "Redis again every %g s",
            _where(self.locations),
            type(error).__name__,
            error,
            self.retry_after,
        )

    def _recover(self) -> bool:
        """Probe Redis, copy what was written during the outage to it, and end the outage."""
        state = self._state
        copied = 0
        try:
            RedisCache.has_key(self, _PROBE_KEY)
            for _round in range(RECONCILE_ROUNDS):
                with state.lock:
                    journal, cleared = state.journal, state.cleared
                    state.journal, state.cleared = {}, False
                if not journal and not cleared:
                    break
                try:
                    self._reconcile(journal, cleared=cleared)
                except RedisError:
                    with state.lock:  # keep it for the next try; newer entries win
                        state.journal = {**journal, **state.journal}
                        state.cleared = state.cleared or cleared
                    raise
                copied += len(journal)
        except RedisError:
            with state.lock:
                state.retry_at = time.monotonic() + self.retry_after
            return False
        with state.lock:
            state.down = False
            overflow, state.overflow = state.overflow, 0
            lasted = time.monotonic() - state.since
            self._local.clear()
        logger.info(
            "Redis cache at %s answers again after %.1f s; %d keys written meanwhile copied to it",
            _where(self.locations),
            lasted,
            copied,
        )
        if overflow:
            logger.warning(
                "%d more keys were written during the Redis outage than could be remembered; "
                "Redis may answer their old values until those expire",
                overflow,
            )
        return True

    def _reconcile(self, journal: dict[tuple[Any, Any], float | None], *, cleared: bool) -> None:
        if cleared:
            RedisCache.clear(self)
        for (key, version), expiry in journal.items():
            value = self._local.get(key, _MISSING, version=version)
            remaining = None if expiry is None else expiry - time.time()
            if value is _MISSING or (remaining is not None and remaining <= 0):
                RedisCache.delete(self, key, version=version)
            else:
                timeout = None if remaining is None else max(1, math.ceil(remaining))
                RedisCache.set(self, key, value, timeout=timeout, version=version)

    # --- The journal of the outage ---------------------------------------------------------------

    def _expiry(self, timeout) -> float | None:
        if timeout is DEFAULT_TIMEOUT:
            timeout = self.default_timeout
        return None if timeout is None else time.time() + timeout

    def _note(self, keys, version, expiry: float | None, *, keep: bool = False) -> None:
        state = self._state
        with state.lock:
            for key in keys:
                entry = (key, version)
                if entry in state.journal:
                    if not keep:
                        state.journal[entry] = expiry
                elif len(state.journal) < self.reconcile_max_keys:
                    state.journal[entry] = expiry
                else:
                    state.overflow += 1

    def _journal(self, name: str, arguments: dict[str, Any], result: Any) -> None:
        version = arguments.get("version")
        if name == "clear":
            with self._state.lock:
                self._state.journal = {}
                self._state.cleared = True
        elif name in ("set", "add", "touch"):
            if name == "set" or result:
                timeout = arguments.get("timeout", DEFAULT_TIMEOUT)
                self._note([arguments["key"]], version, self._expiry(timeout))
        elif name == "set_many":
            timeout = arguments.get("timeout", DEFAULT_TIMEOUT)
            self._note(list(arguments["data"]), version, self._expiry(timeout))
        elif name == "delete":
            self._note([arguments["key"]], version, None)
        elif name == "delete_many":
            self._note(list(arguments["keys"]), version, None)
        elif name == "incr":  # the value changed, its lifetime did not (if known)
            self._note([arguments["key"]], version, self._expiry(DEFAULT_TIMEOUT), keep=True)


def _fail_open(name: str) -> Callable:
    redis_method = getattr(RedisCache, name)
    signature = inspect.signature(redis_method)
    reads_only = name in ("get", "get_many", "has_key")

    @functools.wraps(redis_method)
    def method(self: FailOpenRedisCache, *args, **kwargs):
        if self._use_redis():
            try:
                return redis_method(self, *args, **kwargs)
            except RedisError as error:
                self._outage_begins(error)
        result = getattr(self._local, name)(*args, **kwargs)
        if not reads_only:
            self._journal(name, signature.bind(self, *args, **kwargs).arguments, result)
        return result

    return method


for _name in REDIS_METHODS:
    setattr(FailOpenRedisCache, _name, _fail_open(_name))
