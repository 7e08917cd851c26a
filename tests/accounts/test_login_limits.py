"""Failed logins: a stranger cannot lock anyone out, and behind a proxy each visitor is themselves.

The design (docs/architecture.md, "Rate limits"): failed logins are limited per client IP
(10 a minute) and per account *from one IP* (5 per five minutes, key = IP + address). There is
no limit per account alone, so failures from someone else's browser never lock the owner out.
The client IP is read by one function (`leerplatform.accounts.ratelimits.client_ip`) that allauth
uses too: REMOTE_ADDR, or — behind TRUSTED_PROXY_COUNT proxies — the entry that the last trusted
proxy added to the trusted header.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client, RequestFactory

from leerplatform.accounts.ratelimits import client_ip
from tests import factories

pytestmark = pytest.mark.django_db

LOGIN_URL = "/accounts/login/"
WRONG = "not-the-right-password"

STRANGER = "203.0.113.66"
OWNER = "198.51.100.7"
PROXY = "10.0.0.2"


def log_in(client: Client, email: str, password: str = factories.PASSWORD, **extra):
    return client.post(LOGIN_URL, {"login": email, "password": password}, **extra)


def codes(response) -> set[str]:
    if response.context is None or "form" not in response.context:
        return set()
    form = response.context["form"]
    return {e.code for errors in form.errors.as_data().values() for e in errors}


def test_twelve_wrong_passwords_from_a_stranger_do_not_lock_out_the_owner(facilitator):
    stranger = Client(REMOTE_ADDR=STRANGER)
    for _ in range(12):
        response = log_in(stranger, facilitator.email, WRONG)
        assert response.status_code in (200, 429)

    owner = Client(REMOTE_ADDR=OWNER)
    response = log_in(owner, facilitator.email)

    assert response.status_code == 302, codes(response)
    assert owner.session[SESSION_KEY] == str(facilitator.pk)


def test_the_stranger_is_stopped_after_five_tries_on_one_account(facilitator):
    stranger = Client(REMOTE_ADDR=STRANGER)
    for _ in range(5):
        assert "too_many_login_attempts" not in codes(log_in(stranger, facilitator.email, WRONG))

    response = log_in(stranger, facilitator.email)  # even the right password, from there

    assert "too_many_login_attempts" in codes(response)
    assert SESSION_KEY not in stranger.session


def test_one_ip_trying_many_accounts_is_stopped_per_ip(db):
    people = [factories.make_user() for _ in range(11)]
    stranger = Client(REMOTE_ADDR=STRANGER)
    for person in people[:10]:
        log_in(stranger, person.email, WRONG)

    response = log_in(stranger, people[10].email, WRONG)

    assert "too_many_login_attempts" in codes(response)
    # Someone else, elsewhere, logs in as usual.
    assert log_in(Client(REMOTE_ADDR=OWNER), people[10].email).status_code == 302


# --- Behind a proxy -----------------------------------------------------------------------------


def proxied(client_address: str, *, spoofed: str = "") -> dict:
    """What a request looks like after our proxy: the proxy is the peer, the header has the client
    (after whatever the client itself claimed)."""
    chain = f"{spoofed}, {client_address}" if spoofed else client_address
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": chain}


def test_without_a_configured_proxy_the_header_is_ignored(rf: RequestFactory):
    request = rf.get("/", **proxied(OWNER, spoofed=STRANGER))
    assert client_ip(request) == PROXY


def test_with_one_trusted_proxy_the_last_hop_decides(rf: RequestFactory, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(rf.get("/", **proxied(OWNER))) == OWNER
    # The client wrote a leftmost entry itself: it does not count.
    assert client_ip(rf.get("/", **proxied(OWNER, spoofed=STRANGER))) == OWNER
    # A request that reached us without the header, or with garbage: the peer's address.
    assert client_ip(rf.get("/", REMOTE_ADDR=PROXY)) == PROXY
    assert client_ip(rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="nonsense")) == PROXY


def test_another_trusted_header_can_be_configured(rf: RequestFactory, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_REAL_IP=OWNER, HTTP_X_FORWARDED_FOR=STRANGER)
    assert client_ip(request) == OWNER


def test_behind_the_load_balancer_one_visitor_does_not_lock_out_the_others(facilitator, settings):
    """Every request comes from the proxy's address; the header tells the visitors apart."""
    settings.TRUSTED_PROXY_COUNT = 1
    stranger = Client(**proxied(STRANGER))
    for _ in range(12):
        log_in(stranger, facilitator.email, WRONG)
    assert "too_many_login_attempts" in codes(log_in(stranger, facilitator.email, WRONG))

    # The stranger pretends to be the owner: the spoofed entry is not the one that counts.
    spoofing = Client(**proxied(STRANGER, spoofed=OWNER))
    assert "too_many_login_attempts" in codes(log_in(spoofing, facilitator.email, WRONG))

    owner = Client(**proxied(OWNER))
    response = log_in(owner, facilitator.email)
    assert response.status_code == 302
    assert owner.session[SESSION_KEY] == str(facilitator.pk)
