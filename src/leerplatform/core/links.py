"""Absolute links, from `SITE_URL`: for emails, feeds, calendars and exports.

Work that runs outside a request (tasks, commands) has no request to ask for the host, so every
absolute link is made here from the one setting, never from a `base_url` handed down the calls.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse


def absolute_url(path: str) -> str:
    """`path` (starting with /) on the site's address."""
    return settings.SITE_URL.rstrip("/") + path


def absolute_reverse(viewname: str, *args, **kwargs) -> str:
    """`reverse(viewname, args=..., kwargs=...)` on the site's address."""
    return absolute_url(reverse(viewname, args=args or None, kwargs=kwargs or None))
