"""Dutch first: the language is Dutch unless the person chose English with the switch."""

from __future__ import annotations

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

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


class VisitorCacheMiddleware:
    """Answers visitors from the cache of public pages (`core.visitor_cache`), before sessions.

    Placed after WhiteNoise and before SessionMiddleware: a page served from the cache costs one
    cache round trip, no database query and no template.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (visitor_cache.enabled() and visitor_cache.is_visitor_request(request)):
            return self.get_response(request)
        key = visitor_cache.entry_key(request)
        found = visitor_cache.cache.get_many([visitor_cache.VERSION_KEY, key])
        if not visitor_cache.enabled():
            return self.get_response(request)  # the outage began with this very call
        version = visitor_cache.current_version(found.get(visitor_cache.VERSION_KEY))
        entry = found.get(key)
        if entry is not None and entry[0] == version:
            return visitor_cache.rebuilt(entry)
        response = self.get_response(request)
        if visitor_cache.may_store(request, response) and visitor_cache.enabled():
            visitor_cache.cache.set(
                key, visitor_cache.stored(response, version), settings.VISITOR_CACHE_SECONDS
            )
        return response
