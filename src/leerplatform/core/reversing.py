"""`reverse()` once per process for each URL a template asks for.

Django's `reverse` resolves a namespaced name, fills the pattern and checks the result against
the pattern's regular expression on every call: 20–80 µs each here, and a logged-in page asks
for 30 to 50 URLs (the menu, a member list, the boxes): a tenth of the group page's time.
`cached_reverse` keeps the answer per process under the name, the arguments, the URLconf, the
script prefix and the current app (at most 4,096 URLs, least recently used first out). Only
arguments that are whole numbers or texts are kept; anything else (an object, a lazy text) goes
to Django's `reverse` every time. A name that does not match still raises `NoReverseMatch`,
every time (nothing is kept for it).

The language is not part of the key: no URL pattern of ours is translated or has a language
prefix, so a URL is the same in every language (`tests/core/test_reversing.py` checks the
patterns). Reading the active language costs a quarter of what the kept URL saves.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

KEPT = 4096


@lru_cache(maxsize=KEPT)
def _reverse(
    view_name: str,
    args: tuple,
    kwargs: tuple,
    current_app: str | None,
    urlconf: str,
    prefix: str,
) -> str:
    return reverse(
        view_name, urlconf=urlconf, args=args, kwargs=dict(kwargs), current_app=current_app
    )


def _plain(value: Any) -> bool:
    # A text from a template is a SafeString (a str); a bool is an int but not a whole number.
    return type(value) is int or isinstance(value, str)


Environment = tuple[str | None, str, str] | None  # (current app, URLconf, script prefix)


def environment(current_app: str | None) -> Environment:
    """What a kept URL's key holds beyond the name and the arguments, read now; None when the
    URLconf is a module object (not a fixed key) or the current app is not a text."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    if not isinstance(urlconf, str) or not (current_app is None or isinstance(current_app, str)):
        return None
    return (current_app, urlconf, get_script_prefix())


def key(view_name: Any, args: list | tuple, kwargs: dict[str, Any], env: Environment):
    """The key of a kept URL, or None when it cannot be kept (an argument that is not a whole
    number or a text, a name that is not a text)."""
    if (
        env is None
        or not isinstance(view_name, str)
        or not all(_plain(a) for a in args)
        or not all(_plain(v) for v in kwargs.values())
    ):
        return None
    return (view_name, tuple(args), tuple(sorted(kwargs.items())), *env)


def reverse_key(key: tuple) -> str:
    """The URL of a `key()`, reversed once per process."""
    return _reverse(*key)


# The `{% url %}` tag's escaped URLs (core.templatetags.cached_url), under (key, autoescape).
escaped: dict[tuple, str] = {}


def cached_reverse(
    view_name: str,
    args: list | tuple = (),
    kwargs: dict[str, Any] | None = None,
    current_app: str | None = None,
) -> str:
    """`reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)`, kept."""
    kwargs = kwargs or {}
    kept = key(view_name, args, kwargs, environment(current_app))
    if kept is not None:
        return _reverse(*kept)
    return reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)


def clear() -> None:
    """Forget every kept URL (a test that swaps the URLconf under the same name)."""
    _reverse.cache_clear()
    escaped.clear()
