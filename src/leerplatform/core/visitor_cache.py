"""What visitors get, cached: whole public pages for people who are not logged in.

A visitor (no session, no messages waiting) gets the same page as every other visitor who asks
for the same address in the same language on the same day. `VisitorCacheMiddleware` keeps
such pages in the shared cache and answers the next visitor from it before sessions, users,
CSRF and the view are touched. The rules, in the order they are applied:

**Who is served from it, and whose page is stored.** Only a GET with no session cookie, no
messages cookie and no htmx header. A logged-in person has a session cookie, so their requests
never read the cache and never fill it; neither does anyone who logged out but still has a
session. A response is stored only when it is a plain 200, sets no cookie, used no CSRF token
(a page with a form carries a token tied to one visitor's cookie, so it is never shared), says
nothing against caching (`Cache-Control: private/no-store/no-cache`), and varies on nothing but
the cookie or the language (both are in the key, see below).

**The key.** Scheme, host, language (from the language cookie, as `ChosenLanguageMiddleware` chooses
it), today's date in the platform's time zone (pages say "vandaag" and which meeting is next),
and the full path with its query string. Paths longer than `MAX_PATH` are not cached.

**Invalidation: one version for all public content.** Every entry carries the version that was
current when its request began; an entry with another version is a miss. Any committed change to
a row that a public page may show bumps the version (`content_changed`): Django's model signals
for every model except the ones no page shared between people ever shows (`PRIVATE_MODELS`:
sessions, notifications, sent mail, tasks...; the ledger is not one of them, since the members'
activity feed is a shared fragment, `core.fragments`), and an explicit `content_changed()` in the services that
write with `QuerySet.update` or `bulk_create`, which send no signals. The version is bumped at
once and again after the commit: a request that read the old rows while the transaction ran may
have stored its page under the first new version, and the second bump makes that a miss. One version for the whole platform rather than one per edition: writes to
public content are rare next to reads (a few per hour in a learning network), and a global
version cannot miss a page that shows several editions (home, archive, search). Entries expire
after `VISITOR_CACHE_SECONDS` in any case, so a change that depends on the clock alone (a
registration deadline passing at noon) shows within that time.

**When it is on.** Only with a cache all processes share (Redis: `REDIS_URL`), because a
version bumped in one process must reach the others; with a per-process local-memory cache and
several workers, a visitor could get an old page from another worker. Settings:
`VISITOR_CACHE_SECONDS` (300 with Redis, 0 = off without it). During a Redis outage
(`FailOpenRedisCache.redis_available()` is false) the cache is neither read nor filled, for the
same reason. With Redis, each process also knows the version and keeps a copy of what it read
(`core.version_watch`, `VISITOR_CACHE_LOCAL_BYTES`), so most hits cost no round trip at all.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import cc_delim_re

from leerplatform.core import version_watch

VERSION_KEY = version_watch.VERSION_KEY
ENTRY_PREFIX = "visitor-cache:page:"
MAX_PATH = 500
# A response may vary on these request headers: the cookie (only the language cookie can be
# present on a request we serve), the language and htmx's header (htmx requests are not served).
_HARMLESS_VARY = {"cookie", "accept-language", "hx-request", "accept-encoding"}
_NEVER_SHARED = {"private", "no-store", "no-cache"}

# Rows no page a visitor gets ever shows: writing them does not change what visitors see.
PRIVATE_MODELS = {
    "sessions.session",
    "accounts.session",
    "admin.logentry",
    "contenttypes.contenttype",
    "auth.permission",
    "core.sentemail",
    "core.taskworker",
    "notifications.notification",
    "notifications.follow",
    "notifications.preference",
    "notifications.digestdelivery",
    "account.emailaddress",
    "account.emailconfirmation",
    "django_tasks_database.dbtaskresult",
    "meetings.calendarfeed",
    "membership.invitation",
    "membership.agreementacceptance",
    "reflection.journalentry",
    "reflection.evaluationreceipt",
}


enabled = version_watch.cache_on


def is_visitor_request(request: HttpRequest) -> bool:
    """True when the request is anonymous by construction and may be answered from the cache."""
    cookies = request.COOKIES
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in cookies
        and getattr(settings, "MESSAGES_COOKIE_NAME", "messages") not in cookies
        and "HTTP_HX_REQUEST" not in request.META
        and len(request.get_full_path()) <= MAX_PATH
        and not request.path.startswith(settings.STATIC_URL)
    )


def _language(request: HttpRequest) -> str:
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    supported = {code for code, _name in settings.LANGUAGES}
    return chosen if chosen in supported else settings.LANGUAGE_CODE


# (start, end as POSIX seconds, time zone, its date as text) of the day last asked for.
_day: tuple[float, float, Any, str] | None = None


def today() -> str:
    """Today's date in the current time zone, as text: part of every cached entry's key. Worked
    out once per day and time zone in each process (`timezone.localdate()` converts the time
    zone on every call, 3 µs, and a logged-in page asks about ten times). Follows
    `timezone.now()`, so a test that moves the clock moves the day."""
    global _day
    zone = timezone.get_current_timezone()
    now = timezone.now()
    moment = now.timestamp()
    found = _day
    if found is not None and found[2] is zone and found[0] <= moment < found[1]:
        return found[3]
    local = timezone.localtime(now, zone)
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    end = (start + dt.timedelta(days=1)).replace(hour=0)  # wall-clock midnight, DST or not
    found = _day = (start.timestamp(), end.timestamp(), zone, local.date().isoformat())
    return found[3]


def entry_key(request: HttpRequest) -> str:
    parts = "\n".join(
        (
            request.scheme or "",
            request.get_host(),
            _language(request),
            today(),
            request.get_full_path(),
        )
    )
    return ENTRY_PREFIX + hashlib.sha256(parts.encode()).hexdigest()


def may_store(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page holds a CSRF token of this visitor's
    control = {
        part.split("=")[0].strip().lower()
        for part in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if control & _NEVER_SHARED:
        return False
    vary = {
        part.strip().lower() for part in cc_delim_re.split(response.get("Vary", "")) if part.strip()
    }
    return vary <= _HARMLESS_VARY


# The version itself lives below, in core.version_watch, which keeps it in each process.
current_version = version_watch.current_version


_MISSING = version_watch.MISSING


@functools.cache
def release() -> str:
    """A fingerprint of this code (its Python modules, templates and catalogues): part of every
    entry's key, so a process of another release never reads what this one stored (an upgrade
    may change what a read keeps, or a template) while the content version stays one for all.
    Computed once per process (about 40 ms); the same on every host that runs the same code."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".html", ".mo") and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def versioned_get(key: str) -> tuple[str | None, Any]:
    """The current content version and the value stored under `key` for that version;
    `(None, _MISSING)` when the cache is off or Redis is away (also when the outage began with
    this very call), `(version, _MISSING)` when there is nothing current.

    With the local tier (`core.version_watch`) the version is known without asking Redis and
    the value is often in this process's memory: no round trip at all; else one round trip for
    the value. Without it, one round trip for both."""
    if not enabled():
        return None, _MISSING
    key = f"{release()}:{key}"
    local = version_watch.watcher() if version_watch.enabled() else None
    version = local.known_version() if local is not None else None
    if local is not None and version is not None:
        value = local.store.get(key, version)
        if value is not _MISSING:
            return version, value
        entry = cache.get(key)
        if not enabled():
            return None, _MISSING
    else:
        found = cache.get_many([VERSION_KEY, key])
        if not enabled():
            return None, _MISSING
        version = current_version(found.get(VERSION_KEY))
        entry = found.get(key)
    if entry is not None and entry[0] == version:
        if local is not None:
            local.store.put(key, version, entry[1], settings.VISITOR_CACHE_SECONDS)
        return version, entry[1]
    return version, _MISSING


def versioned_set(key: str, version: str | None, value: Any) -> None:
    """Store `value` under `key` for `version` (the one current when the read began)."""
    if version is not None and enabled():
        key = f"{release()}:{key}"
        cache.set(key, (version, value), settings.VISITOR_CACHE_SECONDS)
        if version_watch.enabled():
            version_watch.watcher().store.put(key, version, value, settings.VISITOR_CACHE_SECONDS)


def found(value: Any) -> bool:
    return value is not _MISSING


def content_changed(**_kwargs: Any) -> None:
    """Public content changed in this transaction: every cached page is old.

    The version is bumped at once and again after the commit. The second bump is the one that
    counts for other requests: one that read the old rows while this transaction ran may have
    stored its page under the first new version. The first makes the change show at once inside
    the transaction that made it (and in tests, whose transactions never commit). The bump after
    the commit is queued once per transaction.
    """
    if not settings.VISITOR_CACHE_SECONDS:
        return
    _bump()
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(entry[1] is _bump for entry in connection.run_on_commit):
        return
    transaction.on_commit(_bump, robust=True)


def _bump() -> None:
    version = version_watch.new_version()
    cache.set(VERSION_KEY, version, timeout=None)
    version_watch.publish(version)


def model_changed(sender: type[models.Model], **kwargs: Any) -> None:
    """Receiver of post_save, post_delete and m2m_changed for every model."""
    if kwargs.get("raw"):
        return  # loading fixtures
    action = kwargs.get("action")
    if action is not None and not action.startswith("post_"):
        return  # m2m_changed sends pre_ and post_ actions; count each change once
    if sender._meta.label_lower in PRIVATE_MODELS:
        return
    update_fields = kwargs.get("update_fields")
    if update_fields and set(update_fields) <= {"last_login"}:
        return  # a login is not public content
    content_changed()


def stored(response: HttpResponse) -> tuple:
    return (response.status_code, list(response.items()), response.content)


def rebuilt(entry: tuple) -> HttpResponse:
    status, headers, content = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response
