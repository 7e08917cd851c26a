"""core.widgets.LongSelect: the same select as Django's, written without one template per option."""

from __future__ import annotations

from django import forms

from leerplatform.core.widgets import LongSelect


class Choose(forms.Form):
    group = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Alle"), (1, "Leergroep <één>"), (2, "Leergroep twee")],
        widget=LongSelect,
    )


def _options(html: str) -> list[str]:
    return [part.split(">", 1)[0] for part in html.split("<option ")[1:]]


def test_it_lists_every_choice_escaped_with_the_chosen_one_selected():
    html = str(Choose({"group": "2"})["group"])
    assert html.startswith('<select name="group" id="id_group">')
    assert _options(html) == ['value=""', 'value="1"', 'value="2" selected']
    assert "Leergroep &lt;één&gt;" in html
    assert html.count("</option>") == 3


def test_it_gives_the_same_options_as_djangos_select():
    ours = str(Choose({"group": "1"})["group"])
    django_form = Choose({"group": "1"})
    django_form.fields["group"].widget = forms.Select(choices=django_form.fields["group"].choices)
    theirs = str(django_form["group"])
    assert _options(ours) == [
        o.replace('selected=""', "selected").strip() for o in _options(theirs)
    ]
