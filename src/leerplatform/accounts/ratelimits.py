"""Who is asking (the client IP, also behind proxies), and the limits on what visitors may post.

One function, `client_ip`, tells the visitor's address; allauth uses it through our account
adapter, and so do our own limits. Without a proxy (the default) it is the peer's address
(REMOTE_ADDR) and any X-Forwarded-For header is ignored, because a client can write anything
there. Behind `TRUSTED_PROXY_COUNT` proxies of our own, each proxy appends the address it saw to
`TRUSTED_CLIENT_IP_HEADER` (X-Forwarded-For by default); the entry the outermost trusted proxy
added, counted from the right, is the client. Entries to its left are the client's own claims.

The limits are allauth's rate-limit machinery (`allauth.core.ratelimit`, kept in the Django
cache), with our actions in `ACCOUNT_RATE_LIMITS` (settings/base.py): "ip" counts per client
address, "key" per the key we pass (an email address). `mail_once` keeps an address from being
mailed more than once per period by the public forms, whoever submits them.
"""

from __future__ import annotations

import hashlib
import ipaddress

from allauth.core import ratelimit
from allauth.core.internal import ratelimit as ratelimit_impl
from allauth.core.internal.ratelimit import truncate_ip
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

UNKNOWN = "0.0.0.0"  # noqa: S104 (no usable address: such requests share one count)


def _clean(value: str) -> str | None:
    value = (value or "").strip()
    if value.startswith("[") and "]" in value:  # [IPv6]:port
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # IPv4:port
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The visitor's IP address as far as we can trust it; never raises."""
    peer = _clean(request.META.get("REMOTE_ADDR", "")) or UNKNOWN
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if count <= 0:
        return peer
    header = getattr(settings, "TRUSTED_CLIENT_IP_HEADER", "") or "X-Forwarded-For"
    hops = [hop.strip() for hop in request.headers.get(header, "").split(",") if hop.strip()]
    if not hops:
        return peer
    # Fewer entries than proxies: the request skipped the outer proxies; the leftmost entry is
    # still one a trusted proxy wrote.
    candidate = hops[-count] if len(hops) >= count else hops[0]
    return _clean(candidate) or peer


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
