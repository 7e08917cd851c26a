"""Django's `{% url %}` tag, with each URL reversed once per process (`core.reversing`).

A template builtin (TEMPLATES OPTIONS "builtins"): it replaces Django's own `url` tag in every
template, with the same syntax and the same answers (`tests/core/test_reversing.py`).
"""

from __future__ import annotations

from django import template
from django.template import defaulttags
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape

from leerplatform.core.reversing import cached_reverse

register = template.Library()


class CachedURLNode(defaulttags.URLNode):
    def render(self, context):
        # As Django's URLNode.render, with cached_reverse in the place of reverse.
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            url = cached_reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = defaulttags.url(parser, token)
    return CachedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
