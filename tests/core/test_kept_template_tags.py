"""`{% translate %}` of a fixed text and `{% static %}` are made once per process
(core/templatetags/cached_i18n.py, cached_static.py), with Django's own answers: per language,
message context, noop and autoescaping; a variable still goes through Django each time; a change
of the settings forgets what was kept."""

from __future__ import annotations

import pytest
from django.template import Context, Engine, Template
from django.templatetags.static import static
from django.test import override_settings
from django.utils import translation

from leerplatform.core.templatetags import cached_i18n, cached_static

# Django's own libraries (i18n, static), for the answers to compare with.
DJANGO = Engine(
    libraries={"i18n": "django.templatetags.i18n", "static": "django.templatetags.static"}
)

FORMS = [
    '{% translate "Members" %}',
    '{% trans "Search…" %}',
    '{% translate "closed" context "edition status" %}',
    '{% translate "Members" noop %}',
    '{% translate "Members" as heading %}[{{ heading }}]',
    '{% translate "<b>Members</b> & 100%" %}',
    '{% autoescape off %}{% translate "<b>Members</b> & 100%" %}{% endautoescape %}',
    '{% translate "No such text in the catalogue" %}',
]


def _ours(source: str, **values) -> str:
    return Template("{% load i18n %}" + source).render(Context(values))


def _djangos(source: str, **values) -> str:
    return DJANGO.from_string("{% load i18n %}" + source).render(Context(values))


def test_load_i18n_and_static_give_the_kept_tags():
    nodes = Template("{% load i18n static %}{% translate 'Members' %}{% static 'x.css' %}").nodelist
    assert isinstance(nodes[1], cached_i18n.KeptTranslateNode)
    assert isinstance(nodes[2], cached_static.KeptStaticNode)


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("source", FORMS)
def test_a_kept_translation_is_djangos_answer_in_each_language(language, source):
    cached_i18n.clear()
    with translation.override(language):
        expected = _djangos(source)
        assert _ours(source) == expected  # made
        assert _ours(source) == expected  # kept
    assert cached_i18n._kept


def test_the_same_template_speaks_the_active_language():
    template = Template('{% load i18n %}{% translate "Members" %}')
    for language, text in [("nl", "Leden"), ("en", "Members"), ("nl", "Leden")]:
        with translation.override(language):
            assert template.render(Context()) == text


def test_a_variable_is_translated_each_time_and_not_kept():
    cached_i18n.clear()
    with translation.override("nl"):
        assert _ours("{% translate word %}", word="Members") == "Leden"
        assert _ours("{% translate word %}", word="Nowhere translated") == "Nowhere translated"
    assert not cached_i18n._kept


def test_a_change_of_the_language_settings_forgets_the_kept_translations():
    with translation.override("nl"):
        _ours('{% translate "Members" %}')
        assert cached_i18n._kept
        with override_settings(LANGUAGE_CODE="nl"):
            assert not cached_i18n._kept


def test_a_kept_static_url_is_djangos_and_is_forgotten_when_the_settings_change():
    cached_static.clear()
    source = "{% load static %}{% static 'leerplatform/css/bundle.css' %}|{% static path %}"
    values = {"path": "leerplatform/img/favicon.svg"}
    expected = DJANGO.from_string(source).render(Context(values))
    assert Template(source).render(Context(values)) == expected
    assert Template(source).render(Context(values)) == expected
    assert set(cached_static._kept) == {"leerplatform/css/bundle.css", values["path"]}
    with override_settings(STATIC_URL="/elders/"):
        assert not cached_static._kept
        assert (
            Template(source)
            .render(Context(values))
            .startswith(static("leerplatform/css/bundle.css"))
        )
        assert "/elders/" in Template(source).render(Context(values))


def test_the_system_check_passes_the_two_replacements_and_still_warns_about_any_other_clash():
    from django.template import engines

    from leerplatform.core.template_backend import Templates

    assert engines["django"].check() == []
    clashing = Templates(
        {
            "NAME": "clash",
            "DIRS": [],
            "APP_DIRS": False,
            "OPTIONS": {
                "libraries": {
                    "i18n": "leerplatform.core.templatetags.cached_i18n",
                    "leerplatform": "leerplatform.core.templatetags.cached_static",
                }
            },
        }
    )
    warnings = clashing.check()
    assert [w.id for w in warnings] == ["templates.W003"]
    assert "'leerplatform' is used for multiple template tag modules" in warnings[0].msg
