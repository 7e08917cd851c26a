"""Input of the outputs pages: an author's decision, a facilitator's reminder."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ConsentForm(forms.Form):
    GIVE = "give"
    WITHDRAW = "withdraw"

    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=[(GIVE, _("I consent")), (WITHDRAW, _("I do not consent"))],
    )


class RemindForm(forms.Form):
    """Remind the authors of one output (`output`), or of every output still waiting (empty)."""

    output = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
