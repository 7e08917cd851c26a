"""Redis is optional at run time: with Redis killed, paused or never there, pages keep answering.

Each test starts a private redis-server of its own on a free loopback port (never the shared one
on 6379) and points the cache at it (`leerplatform.core.cache.FailOpenRedisCache`, as
settings/base.py does when REDIS_URL is set). Sessions are in the database (settings/base.py), so
nobody is logged out by an outage or by its end.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
import redis
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache, caches
from django.test import Client
from django.urls import reverse

from leerplatform.accounts.models import User
from leerplatform.accounts.ratelimits import mail_once
from leerplatform.core.cache import REDIS_METHODS, FailOpenRedisCache
from tests import factories
from tests.accounts.test_profile import profile_data
from tests.test_settings import production

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
RETRY_AFTER = 0.5

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not Path(REDIS_SERVER).exists(), reason="redis-server is not installed"),
]

LOGIN_URL = "/accounts/login/"
WRONG = "not-the-right-password"
_prefixes = itertools.count()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateRedis:
    """A redis-server of this test's own, on a free loopback port, without persistence."""

    def __init__(self, workdir: Path):
        self.port = free_port()
        self.workdir = workdir
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--dir", str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2, socket_timeout=0.5)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.exceptions.ConnectionError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError("the private redis-server did not start") from None
                time.sleep(0.02)
        client.close()

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGCONT)
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    def stop_saving(self) -> None:
        """SHUTDOWN SAVE: the data is written to dump.rdb in workdir, and read back by start()."""
        with contextlib.suppress(redis.exceptions.ConnectionError):  # it hangs up as it exits
            self.raw().shutdown(save=True)
        self.process.wait(timeout=10)
        self.process = None

    def pause(self) -> None:
        """SIGSTOP: connections are still accepted (by the kernel), nothing is answered."""
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self) -> None:
        os.kill(self.process.pid, signal.SIGCONT)

    def raw(self) -> redis.Redis:
        return redis.Redis(port=self.port, socket_connect_timeout=0.5, socket_timeout=1)


@pytest.fixture
def redis_server(tmp_path):
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.kill()


def use_cache(settings, location: str) -> None:
    """The default cache becomes a fail-open Redis cache at `location` (its own key prefix, so
    each test has an outage state and a local cache of its own). Changing CACHES through the
    `settings` fixture makes Django's setting_changed handler close and forget the cache
    objects, now and when the fixture restores the test settings."""
    settings.CACHES = {
        "default": {
            "BACKEND": "leerplatform.core.cache.FailOpenRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": f"test-redis-optional-{os.getpid()}-{next(_prefixes)}",
            "OPTIONS": {"RETRY_AFTER": RETRY_AFTER},
        }
    }
    settings.SESSION_ENGINE = "leerplatform.accounts.sessions"
    assert isinstance(caches["default"], FailOpenRedisCache)


@pytest.fixture
def redis_cache(settings, redis_server):
    use_cache(settings, redis_server.url)
    return redis_server


def wait_for_retry() -> None:
    time.sleep(RETRY_AFTER + 0.1)


def log_in(client: Client, email: str, password: str = factories.PASSWORD):
    return client.post(LOGIN_URL, {"login": email, "password": password})


def login_errors(response) -> set[str]:
    if response.context is None or "form" not in response.context:
        return set()
    form = response.context["form"]
    return {e.code for errors in form.errors.as_data().values() for e in errors}


def sees_the_dashboard(client: Client) -> bool:
    """The dashboard answers (302 to the edition's dashboard, then 200), not the login page."""
    response = client.get(reverse("editions:my_dashboard"))
    if response.status_code == 302 and response.url.startswith(LOGIN_URL):
        return False
    assert response.status_code in (200, 302)
    final = client.get(reverse("editions:my_dashboard"), follow=True)
    assert final.status_code == 200
    return not final.request["PATH_INFO"].startswith(LOGIN_URL)


def use_the_platform(person: User, job_title: str) -> Client:
    """Log in, open the dashboard, save the profile and search: each answers 200 or 302."""
    client = Client()
    response = log_in(client, person.email)
    assert response.status_code == 302, login_errors(response)
    assert client.session[SESSION_KEY] == str(person.pk)

    assert sees_the_dashboard(client)

    response = client.post("/profile/", profile_data(person, job_title=job_title))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.job_title == job_title

    response = client.get(reverse("search:search") + "?q=leergroepen")
    assert response.status_code == 200
    return client


# --- Pages ----------------------------------------------------------------------------------------


def test_pages_answer_with_redis_up_killed_and_on_a_closed_port(settings, redis_cache, participant):
    use_the_platform(participant, "With Redis")
    assert caches["default"].redis_available()

    redis_cache.kill()
    use_the_platform(participant, "Redis killed")
    assert not caches["default"].redis_available()

    use_cache(settings, f"redis://127.0.0.1:{free_port()}/0")  # nothing ever listened there
    use_the_platform(participant, "Closed port")
    assert not caches["default"].redis_available()


def test_pages_answer_while_redis_hangs(redis_cache, participant):
    redis_cache.pause()
    try:
        started = time.monotonic()
        use_the_platform(participant, "Redis paused")
        # One read timeout (0.5 s) opens the breaker; the rest of the requests use the local cache.
        assert time.monotonic() - started < 5
    finally:
        redis_cache.resume()


# --- Recovery ---------------------------------------------------------------------------------


def test_after_redis_restarts_nobody_is_logged_out_and_nothing_is_lost(redis_cache, edition):
    before = factories.make_member(edition, name="Logged In Before")
    during = factories.make_member(edition, name="Logged In During")
    leaving = factories.make_member(edition, name="Logged Out During")

    early = use_the_platform(before, "Before")
    quitter = use_the_platform(leaving, "Leaving")
    assert mail_once("invitation", "before@example.org")
    assert redis_cache.raw().dbsize() > 0  # the cache really is in Redis

    redis_cache.kill()
    assert sees_the_dashboard(early)  # still logged in during the outage
    late = use_the_platform(during, "During")  # logged in and saved during the outage
    assert quitter.post(reverse("account_logout")).status_code == 302
    assert mail_once("invitation", "during@example.org")
    assert not mail_once("invitation", "during@example.org")
    cache.set("written-during", {"kept": True}, timeout=600)
    assert not caches["default"].redis_available()

    redis_cache.start()  # an empty Redis: it had no persistence
    wait_for_retry()
    assert sees_the_dashboard(early)
    assert sees_the_dashboard(late)
    # The logout during the outage holds: no stale session copy comes back.
    assert not sees_the_dashboard(quitter)

    during.refresh_from_db()
    assert during.job_title == "During"
    # What was written to the cache during the outage was copied to Redis on recovery.
    assert cache.get("written-during") == {"kept": True}
    assert caches["default"].redis_available()  # that cache call found Redis back
    assert redis_cache.raw().get(cache.make_key("written-during")) is not None
    assert 590 <= redis_cache.raw().ttl(cache.make_key("written-during")) <= 600
    assert not mail_once("invitation", "during@example.org")  # not mailed twice


def test_a_key_deleted_during_the_outage_does_not_come_back(redis_cache):
    cache.set("stale", "old value", timeout=600)
    cache.set("kept", "old value", timeout=600)
    redis_cache.stop_saving()  # a Redis with persistence: its data outlives the outage
    cache.delete("stale")
    assert cache.get("stale") is None
    assert cache.get("kept") is None  # the local cache starts empty (Redis keeps its copy)
    assert not caches["default"].redis_available()

    redis_cache.start()
    assert redis_cache.raw().get(cache.make_key("stale")) is not None  # still in Redis
    wait_for_retry()

    assert cache.get("stale") is None  # the delete during the outage was repeated on Redis
    assert redis_cache.raw().get(cache.make_key("stale")) is None
    assert cache.get("kept") == "old value"
    assert caches["default"].redis_available()


# --- Rate limits ------------------------------------------------------------------------------


def test_failed_logins_are_still_limited_while_redis_is_down(redis_cache, facilitator):
    redis_cache.kill()
    stranger = Client()
    for _ in range(5):
        response = log_in(stranger, facilitator.email, WRONG)
        assert response.status_code == 200
        assert "too_many_login_attempts" not in login_errors(response)

    response = log_in(stranger, facilitator.email)  # even the right password, from there

    assert "too_many_login_attempts" in login_errors(response)
    assert SESSION_KEY not in stranger.session
    assert not caches["default"].redis_available()


def test_failed_logins_counted_during_the_outage_still_count_after_it(redis_cache, facilitator):
    stranger = Client()
    redis_cache.kill()
    for _ in range(2):
        log_in(stranger, facilitator.email, WRONG)  # counted in this process only
    assert not caches["default"].redis_available()
    redis_cache.start()  # empty
    wait_for_retry()
    for _ in range(3):
        log_in(stranger, facilitator.email, WRONG)  # the first one finds Redis back
    assert caches["default"].redis_available()

    response = log_in(stranger, facilitator.email)

    # 2 failures during the outage (copied to Redis on recovery) + 3 after it = the limit of 5.
    assert "too_many_login_attempts" in login_errors(response)
    assert SESSION_KEY not in stranger.session


# --- The cost of an outage and its log ----------------------------------------------------------


@pytest.mark.parametrize("how", ["killed", "paused"])
def test_an_outage_costs_no_timeout_per_cache_call(redis_cache, how):
    cache.set("warm", 1)
    if how == "killed":
        redis_cache.kill()
    else:
        redis_cache.pause()
    try:
        started = time.monotonic()
        cache.get("first")  # finds out: a refused connection, or a read timeout of 0.5 s
        assert time.monotonic() - started < 1.5

        started = time.monotonic()
        for n in range(100):
            cache.get(f"key-{n}")
        assert time.monotonic() - started < 1
    finally:
        if how == "paused":
            redis_cache.resume()


def test_one_warning_when_the_outage_starts_and_one_info_when_it_ends(redis_cache, caplog):
    caplog.set_level(logging.INFO, logger="leerplatform.core.cache")
    redis_cache.kill()
    for n in range(50):
        cache.set(f"key-{n}", n)
        cache.get(f"key-{n}")
    wait_for_retry()
    for n in range(50):  # the breaker probes again, fails again: no new warning
        cache.get(f"key-{n}")
    redis_cache.start()
    wait_for_retry()
    for n in range(50):
        cache.get(f"key-{n}")

    records = [r for r in caplog.records if r.name == "leerplatform.core.cache"]
    assert [r.levelname for r in records] == ["WARNING", "INFO"]
    assert str(redis_cache.port) in records[0].getMessage()
    assert cache.get("key-7") == 7  # copied to Redis on recovery


# --- The whole cache API -------------------------------------------------------------------------


def exercise_the_cache_api() -> None:
    """Every method of Django's cache API, with the answers a working cache gives."""
    cache.clear()
    cache.set("a", "A", timeout=60)
    assert cache.get("a") == "A"
    assert cache.get("missing", "default") == "default"
    assert cache.add("a", "other") is False
    assert cache.add("b", 1) is True
    assert cache.incr("b") == 2
    assert cache.incr("b", 10) == 12
    assert cache.decr("b", 2) == 10
    with pytest.raises(ValueError):
        cache.incr("missing")
    assert cache.touch("a", 120) is True
    assert cache.touch("missing", 120) is False
    assert cache.has_key("a")
    assert "a" in cache
    assert not cache.has_key("missing")
    cache.set_many({"c": 3, "d": 4}, timeout=60)
    assert cache.get_many(["a", "c", "d", "missing"]) == {"a": "A", "c": 3, "d": 4}
    cache.delete_many(["c", "d"])
    assert cache.get_many(["c", "d"]) == {}
    assert cache.delete("a") is True
    assert cache.delete("a") is False
    assert cache.get_or_set("e", lambda: "E") == "E"
    assert cache.get_or_set("e", "other") == "E"
    cache.set("v", "one")
    assert cache.incr_version("v") == 2
    assert cache.get("v", version=2) == "one"
    assert cache.decr_version("v", version=2) == 1
    assert cache.get("v") == "one"
    assert asyncio.run(cache.aget("e")) == "E"
    asyncio.run(cache.aset("f", "F"))
    assert asyncio.run(cache.aget_many(["f"])) == {"f": "F"}
    assert asyncio.run(cache.aadd("f", "other")) is False
    assert asyncio.run(cache.adelete("f")) is True
    cache.clear()
    assert cache.get("e") is None


@pytest.mark.parametrize("state", ["up", "killed", "closed port"])
def test_every_cache_method_works_with_redis_in_any_state(settings, redis_cache, state):
    if state == "killed":
        redis_cache.kill()
    elif state == "closed port":
        use_cache(settings, f"redis://127.0.0.1:{free_port()}/0")

    exercise_the_cache_api()

    assert caches["default"].redis_available() is (state == "up")


def test_the_wrapped_methods_are_all_that_reach_redis():
    assert set(REDIS_METHODS) == {
        "add",
        "get",
        "set",
        "touch",
        "delete",
        "get_many",
        "has_key",
        "incr",
        "set_many",
        "delete_many",
        "clear",
    }


def test_production_settings_with_redis_use_this_cache_and_database_sessions(tmp_path):
    settings = production(tmp_path, REDIS_URL="redis://cache.example.org:6379/1")

    cache_settings = settings["CACHES"]["default"]
    assert cache_settings["BACKEND"] == "leerplatform.core.cache.FailOpenRedisCache"
    assert cache_settings["LOCATION"] == "redis://cache.example.org:6379/1"
    assert cache_settings["OPTIONS"] == {"RETRY_AFTER": 5.0}
    assert settings["SESSION_ENGINE"] == "leerplatform.accounts.sessions"  # Django's db store


def test_one_redis_client_per_pool_is_shared_by_every_call(redis_cache):
    """Django's client builds a redis.Redis per call; ours reuses one per connection pool,
    and a cache that keeps the same client still reads what it wrote."""
    backend = caches["default"]
    backend.set("shared-client", 1)
    assert backend._cache.get_client() is backend._cache.get_client(write=True)
    assert backend.get("shared-client") == 1
