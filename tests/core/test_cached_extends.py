"""`{% extends %}` finds its root template's blocks once (core/templatetags/cached_extends.py):
the same pages as Django's own tag, a chain of three templates and `block.super` included."""

from __future__ import annotations

from django.template import Context, Engine, engines
from django.template.loader_tags import ExtendsNode

from leerplatform.core.templatetags import cached_extends

TEMPLATES = {
    "root.html": "<title>{% block title %}Leerplatform{% endblock %}</title>"
    "<main>{% block main %}<p>leeg</p>{% endblock %}</main>{% block foot %}{% endblock %}",
    "middle.html": "{% extends 'root.html' %}{% block main %}<nav>{{ nav }}</nav>"
    "{% block content %}{% endblock %}{% endblock %}",
    "page.html": "{% extends 'middle.html' %}{% block title %}{{ title }} | "
    "{{ block.super }}{% endblock %}{% block content %}<h1>{{ title }}</h1>{% endblock %}",
}


def _engine(builtins: list[str]) -> Engine:
    return Engine(
        loaders=[
            (
                "django.template.loaders.cached.Loader",
                [("django.template.loaders.locmem.Loader", TEMPLATES)],
            )
        ],
        builtins=builtins,
    )


def test_pages_are_the_same_as_with_djangos_tag():
    ours = _engine(["leerplatform.core.templatetags.cached_extends"])
    django = _engine([])
    for values in ({"title": "Leergroep", "nav": "menu"}, {"title": "Agenda", "nav": ""}):
        expected = django.get_template("page.html").render(Context(values))
        # Twice: the second render uses the blocks kept on the root template.
        assert ours.get_template("page.html").render(Context(values)) == expected
        assert ours.get_template("page.html").render(Context(values)) == expected
    assert "<title>Agenda | Leerplatform</title>" in expected


def test_the_root_templates_blocks_are_kept_on_it_and_only_there():
    engine = _engine(["leerplatform.core.templatetags.cached_extends"])
    engine.get_template("page.html").render(Context({"title": "x", "nav": "y"}))
    root = engine.get_template("root.html")
    assert set(root.__dict__[cached_extends._BLOCKS]) == {"title", "main", "foot"}
    # A template that extends another keeps None: its own blocks are its ExtendsNode's.
    assert engine.get_template("middle.html").__dict__[cached_extends._BLOCKS] is None


def test_the_sites_templates_use_it():
    template = engines["django"].get_template("editions/dashboard.html").template
    extends = [n for n in template.nodelist if isinstance(n, ExtendsNode)]
    assert extends and all(isinstance(n, cached_extends.CachedExtendsNode) for n in extends)
