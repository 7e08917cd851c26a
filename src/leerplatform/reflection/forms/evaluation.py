"""The evaluation form: a radio group 1–5 per programme item (each may be skipped), open remarks,
and whether to sign it with one's name (unticked: anonymous)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from leerplatform.meetings.models import ProgrammeItem
from leerplatform.reflection.models import MAX_REMARKS

RATING_CHOICES = [
    ("", _("No rating")),
    (1, _("1 – poor")),
    (2, _("2 – meagre")),
    (3, _("3 – reasonable")),
    (4, _("4 – good")),
    (5, _("5 – excellent")),
]


class EvaluationForm(forms.Form):
    remarks = forms.CharField(
        label=_("What would you like to tell the facilitators?"),
        required=False,
        max_length=MAX_REMARKS,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "What worked well, what could be better, what you missed. "
            "Please do not name others who were there."
        ),
    )
    signed = forms.BooleanField(
        label=_("Sign with my name"),
        required=False,
        initial=False,
        widget=forms.CheckboxInput(attrs={"aria-describedby": "id_signed_helptext"}),
        help_text=_(
            "Unticked, your evaluation is anonymous: the facilitators see your answers but not "
            "that they are yours. Ticked, they see your name with your answers."
        ),
    )

    def __init__(self, *args, items: list[ProgrammeItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        rating_fields = {}
        for item in items:
            rating_fields[self.field_name(item)] = forms.TypedChoiceField(
                label=item.title,
                choices=RATING_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                initial="",
                widget=forms.RadioSelect,
            )
        # The ratings come first, in programme order.
        self.fields = {**rating_fields, **self.fields}

    @staticmethod
    def field_name(item: ProgrammeItem) -> str:
        return f"item_{item.pk}"

    def rating_fields(self):
        """(item, bound field) per programme item, for the template's fieldsets."""
        return [(item, self[self.field_name(item)]) for item in self.items]

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if self.errors:
            return cleaned
        if not self.ratings() and not (cleaned.get("remarks") or "").strip():
            raise forms.ValidationError(
                _("Rate at least one part of the programme, or write a remark."),
                code="empty",
            )
        return cleaned

    def ratings(self) -> dict[int, int]:
        return {
            item.pk: self.cleaned_data[self.field_name(item)]
            for item in self.items
            if self.cleaned_data.get(self.field_name(item)) is not None
        }

    def add_service_error(self, error) -> None:
        """Errors of the service: its "remarks" next to that field, the rest above the form."""
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                self.add_error("remarks" if name == "remarks" else None, errors)
        else:
            self.add_error(None, error)
