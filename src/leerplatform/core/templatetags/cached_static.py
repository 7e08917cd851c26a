"""Django's `static` template library, with each `{% static %}` URL made once per process.

Loaded in the place of Django's own (`{% load static %}`, TEMPLATES OPTIONS "libraries"). Django
asks the static files storage for the URL on every use; with the hashed file names of
production (the manifest) that costs about 20 µs, and every page holds five or more (the
bundle, the icons). The URL of a path is the same for as long as the process runs (the manifest
is read once, when the storage is made), so it is kept per path (at most `KEPT`, then cleared);
a change of the static files settings (a test) forgets them. A path the storage does not know
still raises, every time.
"""

from __future__ import annotations

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags import static

KEPT = 1024

register = static.register.__class__()
register.tags.update(static.register.tags)
register.filters.update(static.register.filters)

_kept: dict[str, str] = {}


class KeptStaticNode(static.StaticNode):
    @classmethod
    def handle_simple(cls, path):
        url = _kept.get(path) if isinstance(path, str) else None
        if url is None:
            url = super().handle_simple(path)
            if isinstance(path, str):
                if len(_kept) >= KEPT:
                    _kept.clear()
                _kept[path] = url
        return url


@register.tag("static")
def do_static(parser, token):
    return KeptStaticNode.handle_token(parser, token)


@receiver(setting_changed)
def _forget(*, setting: str, **kwargs) -> None:
    if setting in {"STATIC_URL", "STORAGES", "STATIC_ROOT", "INSTALLED_APPS"}:
        _kept.clear()


def clear() -> None:
    _kept.clear()
