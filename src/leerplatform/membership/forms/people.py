"""Forms of the people pages: agreements, the directory filters, ending a participation."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from leerplatform.core.widgets import MarkdownTextarea


class AgreementsForm(forms.Form):
    text = forms.CharField(
        label=_("Collaboration agreements"),
        help_text=_(
            "Publishing makes this the new version; participants accept it again at their next "
            "visit."
        ),
        widget=MarkdownTextarea(attrs={"rows": 18}),
        max_length=20000,
        required=False,  # the service says why an empty text cannot be published
    )


class DirectoryFilterForm(forms.Form):
    """The filters of "Who is who", read from the query string (works without JavaScript)."""

    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    institution = forms.TypedChoiceField(
        label=_("Institution"), required=False, coerce=int, empty_value=None
    )
    theme = forms.TypedChoiceField(
        label=_("Theme of expertise"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, data, *, institutions, themes):
        super().__init__(data)
        self.fields["q"].widget.attrs.update({"type": "search", "autocomplete": "off"})
        cast(forms.TypedChoiceField, self.fields["institution"]).choices = [
            ("", _("All institutions")),
            *((i.pk, i.name) for i in institutions),
        ]
        cast(forms.TypedChoiceField, self.fields["theme"]).choices = [
            ("", _("All themes")),
            *((t.pk, t.title) for t in themes),
        ]

    def filters(self) -> dict:
        """The valid filters; an unknown institution or theme is simply ignored."""
        if not self.is_valid():
            data = {
                name: self.cleaned_data.get(name)
                for name in ("q", "institution", "theme")
                if name not in self.errors
            }
        else:
            data = self.cleaned_data
        return {
            "search": data.get("q") or "",
            "institution_id": data.get("institution"),
            "theme_id": data.get("theme"),
        }


class EndParticipationForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        help_text=_("Kept with the record of this decision; not shown to other participants."),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
