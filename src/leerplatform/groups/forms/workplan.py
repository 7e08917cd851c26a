"""Forms of the work plan: its seven parts (a ModelForm: the parts' rules are the model's,
`WorkPlanVersion`), and picking two versions to compare."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from leerplatform.core.widgets import MarkdownTextarea
from leerplatform.groups.models import WorkPlanVersion
from leerplatform.groups.queries.workplan import MAX_NUMBER

HELP_TEXTS = {
    "ambition": _("What does the group want to achieve together, and why does it matter?"),
    "desired_result": _("What is there when you are done: a product, an insight, a change?"),
    "approach": _("How will you work: which steps, which working methods?"),
    "time_investment": _("How much time does each member give, and how often do you meet?"),
    "communication": _("How do you keep each other informed, and where do you share your work?"),
    "other_agreements": _("Roles, confidentiality, what happens when someone cannot take part."),
    "planned_activities": _("What you plan to do and when, for example one activity a line."),
}


def _part_field(db_field, **kwargs):
    # The service normalises; stripping here would hide a change.
    return db_field.formfield(strip=False, **kwargs)


class WorkPlanForm(forms.ModelForm):
    """The seven parts (Markdown, each optional) and the version the editor started from."""

    base = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=MAX_NUMBER)
    field_order = ["base", *WorkPlanVersion.PARTS]

    class Meta:
        model = WorkPlanVersion
        fields = WorkPlanVersion.PARTS
        formfield_callback = _part_field
        help_texts = HELP_TEXTS
        widgets = {name: MarkdownTextarea(attrs={"rows": 6}) for name in WorkPlanVersion.PARTS}

    @property
    def part_fields(self):
        return [self[name] for name in WorkPlanVersion.PARTS]

    def parts(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name) or "" for name in WorkPlanVersion.PARTS}


class CompareForm(forms.Form):
    """Two version numbers, offered as the group's own numbers. Numbers that are not whole
    numbers fail here; whether they exist is the page's question (it answers 404)."""

    a = forms.IntegerField(
        label=_("Compare version"), min_value=1, max_value=MAX_NUMBER, widget=forms.Select
    )
    b = forms.IntegerField(
        label=_("with version"), min_value=1, max_value=MAX_NUMBER, widget=forms.Select
    )

    def __init__(self, *args, numbers: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(n, _("Version %(number)s") % {"number": n}) for n in numbers]
        self.fields["a"].widget.choices = choices
        self.fields["b"].widget.choices = choices

    def clean(self):
        data = super().clean() or {}
        if data.get("a") is not None and data.get("a") == data.get("b"):
            raise forms.ValidationError(_("Choose two different versions."))
        return data
