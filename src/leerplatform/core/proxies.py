"""Who is asking: the client's IP address, also behind our own proxies, for every part that needs it.

One answer, `client_ip(request)`, used by the rate limits (accounts.ratelimits, allauth through our
account adapter), by the logs (`ClientIPFilter`) and by any library that reads REMOTE_ADDR (the
middleware rewrites it behind trusted proxies).

Without a proxy (TRUSTED_PROXY_COUNT = 0, the default) the client is the peer of the connection
(REMOTE_ADDR) and any X-Forwarded-For header is ignored, because a client can write anything there.
Behind `TRUSTED_PROXY_COUNT` proxies of our own (nginx, a load balancer), each proxy appends the
address it saw to `TRUSTED_CLIENT_IP_HEADER` (X-Forwarded-For by default); the entry the outermost
trusted proxy added, counted from the right, is the client. Entries to its left are the client's
own claims and never count. An entry that is no IP address (garbage, a name, "unknown") gives the
peer's address, never an error.

The activity ledger stores no IP address on purpose: it records what people brought and took in
their network, which an address serves no purpose in (data minimisation); addresses are used for
rate limits (in the cache, minutes) and appear in the logs (kept by the operator's log rotation).
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse

UNKNOWN = "0.0.0.0"  # noqa: S104 (no usable address: such requests share one count)
# Where the middleware keeps the connection's own address after rewriting REMOTE_ADDR.
PEER_ADDR_KEY = "LEERPLATFORM_PEER_ADDR"

# The client address of the request being handled on this thread (or task), for log records that
# carry no request (our own loggers). Set by ClientIPMiddleware for the length of a request.
_current_client_ip: ContextVar[str | None] = ContextVar("leerplatform_client_ip", default=None)


def _clean(value: str) -> str | None:
    """An IP address in its canonical form from a header entry or REMOTE_ADDR, else None.

    Takes `1.2.3.4`, `1.2.3.4:5678`, `2001:db8::1`, `[2001:db8::1]:443`; an IPv4 address written
    as IPv6 (`::ffff:1.2.3.4`, as dual-stack sockets give it) becomes the IPv4 address."""
    value = (value or "").strip().strip('"')
    if value.startswith("[") and "]" in value:  # [IPv6]:port
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # IPv4:port
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return str(address)


def trusted_proxy_count() -> int:
    try:
        return max(int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0), 0)
    except (TypeError, ValueError):
        return 0


def _peer(request: HttpRequest) -> str:
    """The connection's own address (before any rewrite by the middleware)."""
    meta = request.META
    return _clean(meta.get(PEER_ADDR_KEY) or meta.get("REMOTE_ADDR", "")) or UNKNOWN


def _from_header(request: HttpRequest, count: int) -> str | None:
    """The client address the trusted proxies wrote, or None (no header, or not an address)."""
    header = getattr(settings, "TRUSTED_CLIENT_IP_HEADER", "") or "X-Forwarded-For"
    hops = [hop.strip() for hop in request.headers.get(header, "").split(",") if hop.strip()]
    if not hops:
        return None
    # Fewer entries than proxies: the request skipped the outer proxies; the leftmost entry is
    # still one a trusted proxy wrote.
    candidate = hops[-count] if len(hops) >= count else hops[0]
    return _clean(candidate)


def _resolve(request: HttpRequest) -> str:
    count = trusted_proxy_count()
    if count > 0:
        forwarded = _from_header(request, count)
        if forwarded:
            return forwarded
    return _peer(request)


def client_ip(request: HttpRequest) -> str:
    """The visitor's IP address as far as we can trust it; never raises."""
    known = getattr(request, "client_ip", None)
    if isinstance(known, str) and known:  # set by ClientIPMiddleware
        return known
    return _resolve(request)


def current_client_ip() -> str | None:
    """The client address of the request being handled here, if any."""
    return _current_client_ip.get()


class ClientIPMiddleware:
    """Works out the client address once per request and makes it the one everybody sees.

    Sets `request.client_ip`. Behind trusted proxies (TRUSTED_PROXY_COUNT > 0) it also writes the
    client's address into REMOTE_ADDR, so that Django's own logs and every library reading
    REMOTE_ADDR agree with us; the connection's address stays in META["LEERPLATFORM_PEER_ADDR"].
    Without trusted proxies REMOTE_ADDR is left as it is. Put it first in MIDDLEWARE."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        address = _resolve(request)
        if trusted_proxy_count() > 0:
            request.META.setdefault(PEER_ADDR_KEY, request.META.get("REMOTE_ADDR", ""))
            if address != _peer(request):
                request.META["REMOTE_ADDR"] = address
        request.client_ip = address  # type: ignore[attr-defined]
        token = _current_client_ip.set(address)
        try:
            return self.get_response(request)
        finally:
            _current_client_ip.reset(token)


class ClientIPFilter(logging.Filter):
    """Adds `client_ip` to every log record it sees ("-" outside a request), for the format
    `%(client_ip)s`. Put it on the handler, so that it sees the records of every logger
    (django.request, leerplatform.*, libraries). Never drops a record, never raises."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "client_ip", None):
            return True
        address = None
        try:
            request = getattr(record, "request", None)
            if isinstance(request, HttpRequest):  # django.request; django.server passes a socket
                address = client_ip(request)
        except Exception:  # a log line must never fail for want of an address)
            address = None
        record.client_ip = address or current_client_ip() or "-"
        return True
