"""Dutch first: the language is Dutch unless the person chose English with the switch; visitors
from the cache; the Content-Security-Policy built once."""

from __future__ import annotations

import http.client
from typing import Any

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.middleware.locale import LocaleMiddleware
from django.utils import timezone, translation

from leerplatform.core import visitor_cache


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Like Django's LocaleMiddleware, but the browser's Accept-Language is not consulted.

    Our users are Dutch professionals whose browsers often say English; the platform speaks
    Dutch to them until they press "English" (stored in the language cookie).
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        # The site's own time zone, made the active one: unchanged times, but Django then finds
        # it at once for each date a template shows, where it otherwise misses (an exception
        # caught inside asgiref's Local) before it falls back to the default: 3.5 µs against
        # 1.4 µs, some hundreds of times on a page of activities and messages.
        timezone.activate(timezone.get_default_timezone())


class VisitorCacheMiddleware:
    """Answers visitors from the cache of public pages (`core.visitor_cache`), before sessions.

    The outermost middleware: a page served from the cache costs at most one cache round trip (none
    from this process's local tier, `core.version_watch`) and no
    other middleware, query or template. What it stores has passed through all the others on
    the way out (security headers, CSP, X-Frame-Options), so a hit answers with the same headers.
    The scheme is part of the key (a plain-HTTP request misses and is redirected by
    SecurityMiddleware), and static files never reach the cache (`is_visitor_request`).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (settings.VISITOR_CACHE_SECONDS and visitor_cache.is_visitor_request(request)):
            return self.get_response(request)
        key = visitor_cache.entry_key(request)
        version, entry = visitor_cache.versioned_get(key)
        if visitor_cache.found(entry):
            return visitor_cache.rebuilt(entry)
        response = self.get_response(request)
        if visitor_cache.may_store(request, response):
            visitor_cache.versioned_set(key, version, visitor_cache.stored(response))
        return response


# What a view or decorator sets on a response to change its policy (django-csp's `csp_update`,
# `csp_replace`, `csp`, `csp_exempt` and their report-only twins; `SurfconextMiddleware`).
_RESPONSE_CHANGES = tuple(
    f"_csp_{part}{twin}"
    for part in ("config", "update", "replace", "exempt")
    for twin in ("", "_ro")
)
_DEBUG_EXEMPT = (http.client.INTERNAL_SERVER_ERROR, http.client.NOT_FOUND)
_built: tuple[str, str] | None = None


@receiver(setting_changed)
def _forget_policy(**_kwargs: Any) -> None:
    global _built
    _built = None


def _excluded(request, setting: str) -> bool:
    prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
    return request.path_info.startswith(tuple(prefixes))


class CSPMiddleware(DjangoCSPMiddleware):
    """django-csp's middleware, with the two headers of a plain response built once per process.

    django-csp builds the policy text anew for every response (two dataclass copies and two
    builds: about 50 µs of every page that is not served from the visitor cache). That text
    depends on the settings alone, unless the response carries a change of its own (a view's
    `csp_update` and kin, `csp_exempt`, `SurfconextMiddleware`'s form target) or the page used a
    nonce: such a response is django-csp's to answer, unchanged. For the others this sets the
    same headers under the same conditions, from text built once (and again after a setting
    changes). `tests/core/test_csp.py` compares both on each kind of response."""

    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(
            hasattr(response, name) for name in _RESPONSE_CHANGES
        ):
            return super().process_response(request, response)
        if response.status_code in _DEBUG_EXEMPT and settings.DEBUG:
            return response
        global _built
        if _built is None:
            _built = (build_policy(), build_policy(report_only=True))
        policy, report_only = _built
        if policy and HEADER not in response and not _excluded(request, "CONTENT_SECURITY_POLICY"):
            response[HEADER] = policy
        if (
            report_only
            and HEADER_REPORT_ONLY not in response
            and not _excluded(request, "CONTENT_SECURITY_POLICY_REPORT_ONLY")
        ):
            response[HEADER_REPORT_ONLY] = report_only
        # As django-csp: a nonce asked for after the header is written is an error, not a
        # nonce the header does not hold.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
