"""Forms for continuing an edition: the facilitator's new edition, and a participant's answer."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class DateInput(forms.DateInput):
    input_type = "date"


class _CountedGroupsField(forms.ModelMultipleChoiceField):
    """Groups by name, with their number of active members when the queryset counts them."""

    def label_from_instance(self, obj) -> str:
        count = getattr(obj, "active_members", None)
        if count is None:
            return obj.name
        return f"{obj.name} ({count})"


class _GroupsField(forms.ModelMultipleChoiceField):
    """Groups by name."""

    def label_from_instance(self, obj) -> str:
        return obj.name


class ContinueEditionForm(forms.Form):
    name = forms.CharField(label=_("Name of the new edition"), max_length=200)
    slug = forms.SlugField(
        label=_("Short name in web addresses"),
        max_length=80,
        help_text=_("Letters, digits and hyphens, for instance hrd-leerplatform-2021."),
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput)
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput)
    groups = _CountedGroupsField(
        label=_("Learning groups that continue"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Each group you tick continues as a new group without members; its members choose "
            "whether they continue in it."
        ),
    )

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        choice = cast(forms.ModelMultipleChoiceField, self.fields["groups"])
        choice.queryset = groups

    def clean(self):
        cleaned = super().clean() or {}
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The new edition cannot end before it starts."))
        return cleaned


class AnswerForm(forms.Form):
    continues = forms.TypedChoiceField(
        label=_("Will you continue in the new edition?"),
        choices=[("yes", _("Yes, I continue")), ("no", _("No, I do not continue"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    groups = _GroupsField(
        label=_("Continue in these learning groups"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, groups, max_groups: int, **kwargs):
        super().__init__(*args, **kwargs)
        choice = cast(forms.ModelMultipleChoiceField, self.fields["groups"])
        choice.queryset = groups
        self.fields["groups"].help_text = ngettext(
            "Only if you continue. You can take part in %(cap)s learning group.",
            "Only if you continue. You can take part in %(cap)s learning groups.",
            max_groups,
        ) % {"cap": max_groups}
