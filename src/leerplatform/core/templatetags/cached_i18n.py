"""Django's `i18n` template library, with `{% translate %}` of a fixed text kept per process.

Loaded in the place of Django's own (`{% load i18n %}`, TEMPLATES OPTIONS "libraries"): every
tag and filter is Django's, except `translate` (and its old name `trans`). A logged-in page holds
30 to 50 of them (the menu, headings, buttons), and each one looks the text up in the catalogue
of the active language, escapes it and restores its percent signs: about 9 µs here, a tenth of
a page's template time. A `{% translate %}` of a literal text without filters now keeps what it
rendered under the active language, the message context, `noop` and autoescaping (at most
`KEPT` answers, then it is cleared); any other form (a variable, a filter) is Django's node as
it is. The answers are Django's own, made on the first use: the catalogues do not change while
the process runs, and a change of the language settings (a test) forgets them.
"""

from __future__ import annotations

from typing import Any

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.base import render_value_in_context
from django.templatetags import i18n
from django.utils import translation
from django.utils.safestring import SafeData, mark_safe

KEPT = 8192

register = i18n.register.__class__()
register.tags.update(i18n.register.tags)
register.filters.update(i18n.register.filters)

_kept: dict[tuple, Any] = {}


def _literal(expression) -> str | None:
    """The text of a filter expression that is a quoted literal without filters, else None."""
    if expression is None or expression.filters:
        return None
    if isinstance(expression.var, str):  # a constant the parser already resolved
        return str(expression.var)
    literal = getattr(expression.var, "literal", None)
    return literal if isinstance(literal, str) else None


class KeptTranslateNode(i18n.TranslateNode):
    def __init__(self, node: i18n.TranslateNode) -> None:
        super().__init__(node.filter_expression, node.noop, node.asvar, node.message_context)
        text = _literal(self.filter_expression)
        fixed_context = self.message_context is None or _literal(self.message_context) is not None
        self.kept = None
        if text is not None and fixed_context:
            context = _literal(self.message_context) if self.message_context else None
            self.kept = (text, context, self.noop)

    def render(self, context):
        if self.kept is None:
            return super().render(context)
        key = (translation.get_language(), context.autoescape, *self.kept)
        value = _kept.get(key)
        if value is None:
            value = self._translated(context)
            if len(_kept) >= KEPT:
                _kept.clear()
            _kept[key] = value
        if self.asvar:
            context[self.asvar] = value
            return ""
        return value

    def _translated(self, context):
        """What Django's `TranslateNode.render` renders, before it is put in `asvar` (the node
        itself is shared by every thread: nothing of it changes here but what Django's own
        render sets to the same values each time)."""
        self.filter_expression.var.translate = not self.noop
        if self.message_context:
            self.filter_expression.var.message_context = self.message_context.resolve(context)
        value = render_value_in_context(self.filter_expression.resolve(context), context)
        # Percent signs in template text are doubled; Django restores them.
        is_safe = isinstance(value, SafeData)
        value = value.replace("%%", "%")
        return mark_safe(value) if is_safe else value  # noqa: S308 - safe as Django found it


@register.tag("translate")
@register.tag("trans")
def do_translate(parser, token):
    node = i18n.do_translate(parser, token)
    return KeptTranslateNode(node) if type(node) is i18n.TranslateNode else node


@receiver(setting_changed)
def _forget(*, setting: str, **kwargs) -> None:
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS"}:
        _kept.clear()


def clear() -> None:
    _kept.clear()
