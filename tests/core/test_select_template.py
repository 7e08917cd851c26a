"""The site's select template (`core/forms/select.html`, through `core.forms.FormRenderer`)
draws Django's own markup, byte for byte, for every kind of select list."""

from __future__ import annotations

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from leerplatform.core.forms import FormRenderer

CHOICES = [
    ("", "—"),
    (1, "Eén & <twee>"),
    ("Groepen", [(2, "Leergroep 'A'"), (3, 'Leergroep "B"')]),
    (4, "Vier"),
]


class _Disabling(forms.Select):
    """An option with attributes of its own (disabled), as widgets add them."""

    def create_option(self, *args, **kwargs):
        option = super().create_option(*args, **kwargs)
        if option["value"] == 4:
            option["attrs"]["disabled"] = True
        return option


class _OwnOption(forms.Select):
    option_template_name = "django/forms/widgets/input_option.html"


@pytest.mark.parametrize(
    ("widget", "value"),
    [
        (forms.Select(choices=CHOICES), None),
        (forms.Select(choices=CHOICES, attrs={"id": "id_x", "aria-describedby": "x"}), 2),
        (forms.SelectMultiple(choices=CHOICES), [1, 3]),
        (forms.NullBooleanSelect(), True),
        (_Disabling(choices=CHOICES), 4),
        (_OwnOption(choices=CHOICES), 1),
    ],
    ids=["plain", "attrs-and-chosen-in-a-group", "multiple", "null-boolean", "disabled", "own"],
)
def test_a_select_is_djangos_own_markup(widget, value):
    ours = widget.render("x", value, renderer=FormRenderer())
    django = widget.render("x", value, renderer=DjangoTemplates())
    assert ours == django
    assert ours.startswith("<select")


def test_the_site_renderer_uses_its_own_select_template():
    renderer = FormRenderer()
    template = renderer.get_template("django/forms/widgets/select.html")
    assert template.origin.template_name == "core/forms/select.html"
