"""The client's address, with and without our proxies in front: one answer for limits and logs.

`leerplatform.core.proxies.client_ip` is the answer; `ClientIPMiddleware` (first in MIDDLEWARE)
works it out once per request and, behind trusted proxies, writes it into REMOTE_ADDR;
`ClientIPFilter` puts it on every log line. The tests run real requests through the test client
with the middleware in place, and a real log handler formatted as production's.
"""

from __future__ import annotations

import io
import logging

import pytest
from django.contrib.auth import SESSION_KEY
from django.http import HttpResponse, JsonResponse
from django.test import Client, RequestFactory
from django.urls import path
from django.views.decorators.cache import never_cache

from leerplatform.accounts import ratelimits
from leerplatform.core.proxies import PEER_ADDR_KEY, ClientIPFilter, client_ip
from tests import factories

MIDDLEWARE = "leerplatform.core.proxies.ClientIPMiddleware"
LOG_FORMAT = "[%(client_ip)s] %(levelname)s %(name)s: %(message)s"

PROXY = "10.0.0.2"  # our nginx, the peer of every proxied request
BALANCER = "10.0.0.1"  # a load balancer in front of nginx (two proxies)
ALICE = "198.51.100.7"
BOB = "203.0.113.66"
FORGED = "192.0.2.99"
ALICE6 = "2001:db8:1:2::7"
BOB6 = "2001:db8:9:9::66"

app_logger = logging.getLogger("leerplatform.tests.proxies")


# --- A few views of our own to look at the request from inside ------------------------------------


@never_cache  # its answer is the requester's own address: never shared by the visitor cache
def where(request):
    return JsonResponse(
        {
            "client_ip": client_ip(request),
            "attribute": getattr(request, "client_ip", None),
            "remote_addr": request.META.get("REMOTE_ADDR"),
            "peer": request.META.get(PEER_ADDR_KEY),
        }
    )


def fails(request):
    raise RuntimeError("something broke")


def logs(request):
    app_logger.error("could not do what was asked")
    return HttpResponse("ok")


urlpatterns = [
    path("where/", where),
    path("fails/", fails),
    path("logs/", logs),
]


@pytest.fixture
def with_middleware(settings):
    """MIDDLEWARE as settings/base.py has it once the middleware is added: first of all."""
    if MIDDLEWARE not in settings.MIDDLEWARE:
        settings.MIDDLEWARE = [MIDDLEWARE, *settings.MIDDLEWARE]
    return settings


@pytest.fixture
def own_urls(with_middleware):
    with_middleware.ROOT_URLCONF = __name__
    return with_middleware


def seen(client: Client) -> dict:
    return client.get("/where/").json()


def via(*hops: str, peer: str = PROXY) -> Client:
    """A client whose requests reach us through proxies: `hops` is the X-Forwarded-For header as
    it arrives (the client's own claims first, then what each proxy appended), `peer` our nginx."""
    extra = {"REMOTE_ADDR": peer}
    if hops:
        extra["HTTP_X_FORWARDED_FOR"] = ", ".join(hops)
    return Client(**extra)


# --- Which address -----------------------------------------------------------------------------


def test_without_proxies_a_forged_header_is_ignored(own_urls):
    assert own_urls.TRUSTED_PROXY_COUNT == 0  # the default
    answer = seen(Client(REMOTE_ADDR=ALICE, HTTP_X_FORWARDED_FOR=FORGED))

    assert answer == {"client_ip": ALICE, "attribute": ALICE, "remote_addr": ALICE, "peer": None}


def test_with_one_proxy_its_entry_is_the_client_and_remote_addr_follows(own_urls):
    own_urls.TRUSTED_PROXY_COUNT = 1

    assert seen(via(ALICE)) == {
        "client_ip": ALICE,
        "attribute": ALICE,
        "remote_addr": ALICE,  # Django and every library see the client
        "peer": PROXY,  # the connection's own address is kept
    }
    # What the client wrote itself, left of our proxy's entry, does not count.
    assert seen(via(FORGED, ALICE))["remote_addr"] == ALICE
    assert seen(via(FORGED, "also-forged", BOB))["client_ip"] == BOB


def test_with_two_proxies_the_outer_ones_entry_is_the_client(own_urls):
    own_urls.TRUSTED_PROXY_COUNT = 2
    # The client -> the balancer (appends ALICE) -> nginx (appends BALANCER) -> us.
    answer = seen(via(ALICE, BALANCER))
    assert answer["client_ip"] == answer["remote_addr"] == ALICE
    assert answer["peer"] == PROXY
    assert seen(via(FORGED, ALICE, BALANCER))["client_ip"] == ALICE
    # With one proxy configured, the same chain would name the balancer: the count matters.
    own_urls.TRUSTED_PROXY_COUNT = 1
    assert seen(via(ALICE, BALANCER))["client_ip"] == BALANCER


def test_a_request_that_skipped_the_outer_proxy_is_still_not_forged(own_urls):
    own_urls.TRUSTED_PROXY_COUNT = 2
    # Only nginx wrote an entry (the client reached it directly): that entry is the client.
    assert seen(via(BOB))["client_ip"] == BOB


@pytest.mark.parametrize(
    "header",
    ["nonsense", "unknown", "999.1.1.1", ", ,", "alice.example.org", "1.2.3.4.5", "[::1"],
)
def test_a_malformed_header_gives_the_peer_and_never_an_error(own_urls, header):
    own_urls.TRUSTED_PROXY_COUNT = 1
    answer = seen(Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=header))
    assert answer["client_ip"] == answer["remote_addr"] == PROXY


def test_a_proxied_request_without_the_header_gives_the_peer(own_urls):
    own_urls.TRUSTED_PROXY_COUNT = 1
    assert seen(via())["client_ip"] == PROXY


def test_ports_and_brackets_are_taken_off(rf: RequestFactory, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{FORGED}, {ALICE}:51234")
    assert client_ip(request) == ALICE
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"[{ALICE6}]:443")
    assert client_ip(request) == ALICE6


def test_ipv6_clients_and_proxies(own_urls):
    own_urls.TRUSTED_PROXY_COUNT = 1
    answer = seen(via(FORGED, "2001:DB8:1:2:0:0:0:7", peer="fd00::2"))
    assert answer["client_ip"] == answer["remote_addr"] == ALICE6  # in canonical form
    assert answer["peer"] == "fd00::2"
    # Without proxies, an IPv6 peer is the client, and an IPv4 address on a dual-stack socket
    # (::ffff:a.b.c.d) is the IPv4 address.
    own_urls.TRUSTED_PROXY_COUNT = 0
    assert seen(Client(REMOTE_ADDR=BOB6))["client_ip"] == BOB6
    assert seen(Client(REMOTE_ADDR=f"::ffff:{BOB}"))["client_ip"] == BOB


def test_another_trusted_header(own_urls):
    own_urls.TRUSTED_PROXY_COUNT = 1
    own_urls.TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_REAL_IP=ALICE, HTTP_X_FORWARDED_FOR=FORGED)
    assert seen(client)["client_ip"] == ALICE


def test_the_accounts_limits_use_the_same_answer():
    assert ratelimits.client_ip is client_ip


# --- Rate limits behind a proxy ------------------------------------------------------------------

LOGIN_URL = "/accounts/login/"
WRONG = "not-the-right-password"


def log_in(client: Client, email: str, password: str = factories.PASSWORD):
    return client.post(LOGIN_URL, {"login": email, "password": password})


def limited(response) -> bool:
    if response.status_code == 429:
        return True
    if response.context is None or "form" not in response.context:
        return False
    form = response.context["form"]
    return any(
        e.code == "too_many_login_attempts"
        for errors in form.errors.as_data().values()
        for e in errors
    )


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 2])
def test_two_clients_behind_one_proxy_are_limited_separately(with_middleware, count):
    with_middleware.TRUSTED_PROXY_COUNT = count
    outer = [BALANCER] if count == 2 else []
    people = [factories.make_user() for _ in range(11)]
    alice = via(ALICE, *outer)
    # Alice tries ten accounts with wrong passwords: the per-IP limit (10 a minute) stops her.
    for person in people[:10]:
        assert not limited(log_in(alice, person.email, WRONG))
    assert limited(log_in(alice, people[10].email, WRONG))
    # Forging another address in front of the proxy's entry does not help her.
    assert limited(log_in(via(BOB, ALICE, *outer), people[10].email, WRONG))

    # Bob comes through the very same proxy (same peer address) and is himself.
    bob = via(BOB, *outer)
    response = log_in(bob, people[10].email)
    assert response.status_code == 302
    assert bob.session[SESSION_KEY] == str(people[10].pk)


@pytest.mark.django_db
def test_without_a_configured_proxy_everyone_behind_it_shares_one_count(with_middleware):
    """What the setting is for: left at 0 behind a proxy, the proxy is the only client."""
    people = [factories.make_user() for _ in range(11)]
    alice = via(ALICE)
    for person in people[:10]:
        log_in(alice, person.email, WRONG)
    assert limited(log_in(via(BOB), people[10].email))


# --- Logs ----------------------------------------------------------------------------------------


@pytest.fixture
def log_lines():
    """A handler as production's console handler: the filter on the handler, the address in the
    format; attached to the loggers whose lines we look at."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(ClientIPFilter())
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    loggers = [logging.getLogger("django.request"), logging.getLogger("leerplatform")]
    for logger in loggers:
        logger.addHandler(handler)
    yield lambda: stream.getvalue().splitlines()
    for logger in loggers:
        logger.removeHandler(handler)


def test_an_error_logged_by_django_carries_the_client_address(own_urls, log_lines):
    own_urls.TRUSTED_PROXY_COUNT = 1
    client = via(FORGED, ALICE)
    client.raise_request_exception = False

    assert client.get("/fails/").status_code == 500

    errors = [line for line in log_lines() if "Internal Server Error: /fails/" in line]
    assert errors and errors[0].startswith(f"[{ALICE}] ERROR django.request:"), log_lines()
    assert PROXY not in errors[0] and FORGED not in errors[0]


def test_an_error_logged_by_our_code_carries_the_client_address(own_urls, log_lines):
    own_urls.TRUSTED_PROXY_COUNT = 1
    assert via(BOB).get("/logs/").status_code == 200
    assert f"[{BOB}] ERROR leerplatform.tests.proxies: could not do what was asked" in log_lines()


def test_outside_a_request_the_address_is_a_dash(log_lines):
    app_logger.error("nightly job failed")
    assert "[-] ERROR leerplatform.tests.proxies: nightly job failed" in log_lines()


def test_the_filter_never_drops_or_breaks_a_record():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "m", None, None)
    record.request = object()  # django.server passes its socket here
    assert ClientIPFilter().filter(record) is True
    assert record.client_ip == "-"
