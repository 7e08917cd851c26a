"""Forms of the proposal pages. The call and the proposal are ModelForms: the models' field rules
(lengths, kinds, minutes) reach them from the model; the services check the rules that span rows
(deadlines, the edition's themes, who may do what) and speak through ValidationError, which the
views put on the form."""

from __future__ import annotations

import copy
from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leerplatform.core.widgets import MarkdownTextarea
from leerplatform.editions.models import Edition
from leerplatform.proposals.models import (
    MAX_COMMENT,
    MAX_MINUTES,
    MIN_MINUTES,
    Proposal,
    ProposalCall,
    ProposalKind,
    ProposalStatus,
)

MINUTES_MESSAGE = _("Enter a time between 5 and 240 minutes.")
LOCAL_INPUT = "%Y-%m-%dT%H:%M"


class CallForm(forms.ModelForm):
    deadline = forms.DateTimeField(
        label=_("Deadline for proposals"),
        input_formats=[LOCAL_INPUT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT),
        help_text=_("In Dutch time; before the meeting starts."),
        error_messages={"invalid": _("Enter a date and time, for example 2019-09-26 17:00.")},
    )
    description = forms.CharField(
        label=_("What we are looking for"),
        required=False,
        max_length=5000,
        widget=MarkdownTextarea(attrs={"rows": 5}),
        help_text=_("Optional."),
    )

    class Meta:
        model = ProposalCall
        fields = ["deadline", "description"]

    def __init__(self, *args, call=None, **kwargs):
        if call is not None:
            kwargs.setdefault(
                "initial",
                {"deadline": timezone.localtime(call.deadline), "description": call.description},
            )
            # A copy: validating fills the instance in, and the page still shows the saved call.
            kwargs["instance"] = copy.copy(call)
        super().__init__(*args, **kwargs)


class ThemeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.title


class ProposalForm(forms.ModelForm):
    kind = forms.ChoiceField(
        label=_("What do you propose?"),
        choices=ProposalKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what kind of proposal this is.")},
    )
    theme = ThemeChoiceField(
        label=_("Theme"),
        queryset=None,
        empty_label=_("— choose a theme —"),
        error_messages={"required": _("Choose the theme of the learning agenda it fits.")},
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Give your proposal a title.")},
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        widget=MarkdownTextarea(attrs={"rows": 8}),
        help_text=_("Who or what, and how it would go. At most 5000 characters."),
        error_messages={"required": _("Describe your proposal.")},
    )
    gains = forms.CharField(
        label=_("What participants will gain"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What will they take home? At most 2000 characters."),
        error_messages={"required": _("Say what participants will gain.")},
    )
    duration_minutes = forms.IntegerField(
        label=_("Time needed (minutes)"),
        min_value=MIN_MINUTES,
        max_value=MAX_MINUTES,
        widget=forms.NumberInput(
            attrs={"min": MIN_MINUTES, "max": MAX_MINUTES, "step": 5, "inputmode": "numeric"}
        ),
        help_text=_("Between 5 and 240 minutes."),
        error_messages={
            "required": MINUTES_MESSAGE,
            "invalid": _("Enter a whole number of minutes, for example 90."),
            "min_value": MINUTES_MESSAGE,
            "max_value": MINUTES_MESSAGE,
        },
    )

    class Meta:
        model = Proposal
        fields = ["kind", "theme", "title", "description", "gains", "duration_minutes"]

    def __init__(self, *args, edition: Edition, proposal: Proposal | None = None, **kwargs):
        if proposal is not None:
            # A copy: validating fills the instance in, and the page still shows the saved one.
            kwargs["instance"] = copy.copy(proposal)
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["theme"]).queryset = edition.themes.all()

    def _get_validation_exclusions(self):
        # The theme is checked by the form's own choices (this edition's themes): no second query.
        exclusions = super()._get_validation_exclusions()  # type: ignore[misc]
        return exclusions | {"theme"}


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"),
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Plain text, at most 2000 characters."),
        error_messages={"required": _("Write a comment.")},
    )


DECISION_CHOICES = [
    (ProposalStatus.SHORTLISTED, _("Shortlist")),
    (ProposalStatus.SELECTED, _("Select for the plenary workshop")),
    (ProposalStatus.DECLINED, _("Decline")),
]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=DECISION_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a decision.")},
    )
    note = forms.CharField(
        label=_("Note to the proposer"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you decline. Sent by email with a selection or a refusal."),
    )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("decision") == ProposalStatus.DECLINED and not data.get("note", "").strip():
            self.add_error("note", _("Tell the proposer why: a note is required to decline."))
        return data
