"""`{% url %}` reversed once per process (core/reversing.py, core/templatetags/cached_url.py):
the same answers as Django's `reverse`, for every URLconf and script prefix."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import (
    LocalePrefixPattern,
    NoReverseMatch,
    URLPattern,
    URLResolver,
    get_resolver,
    reverse,
    set_script_prefix,
)
from django.utils.functional import Promise

from leerplatform.core import reversing
from leerplatform.core.templatetags.cached_url import CachedURLNode


def _render(text: str, **context) -> str:
    return Template(text).render(Context(context))


def test_every_template_url_tag_is_ours_and_answers_as_django():
    assert isinstance(Template("{% url 'accounts:person' 5 %}").nodelist[0], CachedURLNode)
    reversing.clear()
    for _ in range(2):  # reversed, then kept
        assert _render("{% url 'accounts:person' 5 %}") == reverse("accounts:person", args=[5])
        assert _render("{% url 'accounts:person' pk=pk %}", pk=7) == "/people/7/"
        assert _render("{% url 'groups:list' slug %}", slug="e-2019") == reverse(
            "groups:list", args=["e-2019"]
        )
    # Reversed once each; the second time the tag's escaped URL was kept.
    info = reversing._reverse.cache_info()
    assert (info.misses, info.hits) == (3, 0)
    assert len(reversing.escaped) == 3
    # Another argument is another URL, not the kept one.
    assert _render("{% url 'accounts:person' pk %}", pk=8) == "/people/8/"


def test_a_name_that_does_not_match_still_fails_or_gives_nothing_with_as():
    with pytest.raises(NoReverseMatch):
        _render("{% url 'accounts:no-such-page' %}")
    with pytest.raises(NoReverseMatch):
        _render("{% url 'accounts:person' 'not-a-number' %}")
    assert _render("{% url 'accounts:no-such-page' as x %}[{{ x }}]") == "[]"
    assert _render("{% url 'accounts:person' 3 as x %}[{{ x }}]") == "[/people/3/]"


def test_the_script_prefix_and_the_urlconf_are_part_of_the_key():
    reversing.clear()
    assert _render("{% url 'accounts:person' 5 %}") == "/people/5/"
    set_script_prefix("/leerplatform/")
    try:
        assert _render("{% url 'accounts:person' 5 %}") == "/leerplatform/people/5/"
    finally:
        set_script_prefix("/")
    with override_settings(ROOT_URLCONF="tests.core.reversing_urls"):
        assert _render("{% url 'accounts:person' 5 %}") == "/elsewhere/p/5/"
    assert _render("{% url 'accounts:person' 5 %}") == "/people/5/"


def test_an_argument_that_is_not_a_plain_value_is_reversed_each_time():
    class Id:
        def __str__(self) -> str:
            return "9"

    reversing.clear()
    assert reversing.cached_reverse("accounts:person", args=[Id()]) == "/people/9/"
    assert reversing._reverse.cache_info().currsize == 0


def _patterns(resolver: URLResolver):
    for entry in resolver.url_patterns:
        yield entry
        if isinstance(entry, URLResolver):
            yield from _patterns(entry)


def test_no_url_is_translated_so_the_language_is_not_part_of_the_key():
    """A translated route or a language prefix would make a URL differ per language, and the
    kept URL would be the first language's."""
    for entry in _patterns(get_resolver()):
        assert isinstance(entry, URLPattern | URLResolver)
        pattern = entry.pattern
        assert not isinstance(pattern, LocalePrefixPattern), entry
        text = getattr(pattern, "_route", None) or getattr(pattern, "_regex", "")
        assert not isinstance(text, Promise), f"{entry} is translated"
