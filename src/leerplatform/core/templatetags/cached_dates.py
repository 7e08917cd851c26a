"""Django's `date` and `time` filters, each answer kept per process.

A builtin (TEMPLATES OPTIONS "builtins"), registered after Django's default filters, so
`{{ value|date:"DATE_FORMAT" }}` and `{{ value|time:"TIME_FORMAT" }}` in every template are
these. Django formats the value anew on every use: it finds the language's format and walks the
format string, about 20 µs here, and a meeting page shows the same few dates and times on every
request. The answer depends only on the filter, the value (as the template engine gives it: in
the active time zone, `expects_localtime`), its time zone, the format asked for and the active
language, so it is kept under those (at most `KEPT`, then cleared); a change of the settings (a
test) forgets them. Anything that cannot be a key (an unhashable value) is Django's filter as
it is.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import defaultfilters
from django.utils.translation import get_language

KEPT = 8192

register = template.Library()

_kept: dict[tuple, Any] = {}


def _kept_answer(filter_, value, arg):
    try:
        key = (filter_, type(value), value, getattr(value, "tzinfo", None), arg, get_language())
        found = _kept.get(key)
    except TypeError:  # unhashable: Django's, every time
        return filter_(value, arg)
    if found is None:
        found = filter_(value, arg)
        if len(_kept) >= KEPT:
            _kept.clear()
        _kept[key] = found
    return found


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    """Django's `date` filter (`django.template.defaultfilters.date`), kept per process."""
    return _kept_answer(defaultfilters.date, value, arg)


@register.filter(expects_localtime=True, is_safe=False)
def time(value, arg=None):
    """Django's `time` filter (`django.template.defaultfilters.time`), kept per process."""
    return _kept_answer(defaultfilters.time, value, arg)


@receiver(setting_changed)
def _forget(**_kwargs: Any) -> None:
    _kept.clear()
