"""The limits on what visitors may post, counted per client IP and per address.

The client IP is `leerplatform.core.proxies.client_ip` (re-exported here): the one answer the
limits, the logs and Django itself (REMOTE_ADDR, rewritten by core.proxies.ClientIPMiddleware
behind trusted proxies) share. Without a proxy (the default) it is the peer's address and any
X-Forwarded-For header is ignored; behind `TRUSTED_PROXY_COUNT` proxies of our own it is the entry
the outermost trusted proxy added to `TRUSTED_CLIENT_IP_HEADER`, counted from the right.

The limits are allauth's rate-limit machinery (`allauth.core.ratelimit`, kept in the Django
cache), with our actions in `ACCOUNT_RATE_LIMITS` (settings/base.py): "ip" counts per client
address, "key" per the key we pass (an email address). `mail_once` keeps an address from being
mailed more than once per period by the public forms, whoever submits them.
"""

from __future__ import annotations

import hashlib

from allauth.core import ratelimit
from allauth.core.internal import ratelimit as ratelimit_impl
from allauth.core.internal.ratelimit import truncate_ip
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from leerplatform.core.proxies import client_ip


def rate_limit_ip(request: HttpRequest) -> str:
    """The client IP as the limits count it (IPv6 by its /64 network, as allauth does)."""
    return truncate_ip(client_ip(request))


def login_attempts_key(request: HttpRequest, login: str) -> str:
    """The key of the per-account failed-login limit: the account *and* the client's address, so
    that failures from one place never lock the account for anyone elsewhere."""
    return f"{rate_limit_ip(request)}:{(login or '').strip().lower()}"


def address_key(action: str, email: str) -> str:
    return f"{action}:{(email or '').strip().lower()}"


def allow_post(request: HttpRequest, action: str, *, email: str | None = None) -> bool:
    """Count one POST of a public form against `action`'s limits (per IP, and per address when
    `email` is given). False when a limit is reached (nothing is counted then)."""
    if email is None:
        rates = ratelimit_impl.get_rates(app="allauth.account", action=action)
        if any(rate.per == "key" for rate in rates):
            # No address (the form was invalid): count it against the IP alone.
            ip_rates = [f"{r.amount}/{r.duration:g}s/{r.per}" for r in rates if r.per != "key"]
            config = {action: ",".join(ip_rates)}
            return bool(
                ratelimit_impl.consume(request, app="allauth.account", action=action, config=config)
            )
    return ratelimit.consume(
        request, action=action, key=address_key(action, email) if email else None
    )


def limit_message() -> str:
    return _("You have sent this form too often in a short time. Wait a few minutes and try again.")


def respond_429(request: HttpRequest) -> HttpResponse:
    """The "too many requests" page (templates/429.html), status 429."""
    return ratelimit.respond_429(request)


def mail_once(kind: str, email: str, *, scope: str = "") -> bool:
    """True the first time within `PUBLIC_FORM_MAIL_INTERVAL` seconds that `kind` mail goes to
    `email` (for `scope`, e.g. one edition or meeting); False after that until the period ends."""
    digest = hashlib.sha256(f"{kind}:{scope}:{email.strip().lower()}".encode()).hexdigest()
    period = int(getattr(settings, "PUBLIC_FORM_MAIL_INTERVAL", 600))
    return cache.add(f"leerplatform:mail-once:{digest}", 1, timeout=period)
