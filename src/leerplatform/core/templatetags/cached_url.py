"""Django's `{% url %}` tag, with each URL reversed once per process (`core.reversing`).

A template builtin (TEMPLATES OPTIONS "builtins"): it replaces Django's own `url` tag in every
template, with the same syntax and the same answers (`tests/core/test_reversing.py`). What the
key needs beyond the name and the arguments (the URLconf, the script prefix, the current app)
is read once per template render, not per tag (each is a read of a context-local: a few µs), and
the escaped URL is kept beside the URL.
"""

from __future__ import annotations

from django import template
from django.template import defaulttags
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape

from leerplatform.core import reversing

register = template.Library()

_ENVIRONMENT = "leerplatform.cached_url.environment"  # its key in the render context
_KEPT = 4 * reversing.KEPT


def _current_app(context) -> str | None:
    # As Django's URLNode.render finds it.
    try:
        return context.request.current_app
    except AttributeError:
        try:
            return context.request.resolver_match.namespace
        except AttributeError:
            return None


class CachedURLNode(defaulttags.URLNode):
    def render(self, context):
        # As Django's URLNode.render, with a kept URL in the place of reverse.
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        environment = context.render_context.get(_ENVIRONMENT)
        if environment is None:
            environment = reversing.environment(_current_app(context))
            context.render_context[_ENVIRONMENT] = environment
        key = reversing.key(view_name, args, kwargs, environment)
        if key is not None and self.asvar is None:
            escaped = reversing.escaped.get((key, context.autoescape))
            if escaped is not None:
                return escaped
        url = ""
        try:
            if key is None:
                url = reversing.cached_reverse(
                    view_name, args=args, kwargs=kwargs, current_app=_current_app(context)
                )
            else:
                url = reversing.reverse_key(key)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        escaped = conditional_escape(url) if context.autoescape else url
        if key is not None:
            if len(reversing.escaped) >= _KEPT:
                reversing.escaped.clear()
            reversing.escaped[(key, context.autoescape)] = escaped
        return escaped


@register.tag
def url(parser, token):
    node = defaulttags.url(parser, token)
    return CachedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
