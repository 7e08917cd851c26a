"""Forms for registering: members (dietary wishes, remark), guests of the closing meeting, and
the search box of the attendance list."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from leerplatform.meetings.models import Registration


def _max(field: str) -> int | None:
    return Registration._meta.get_field(field).max_length  # type: ignore[union-attr]


class RegistrationForm(forms.ModelForm):
    """What a person writes with their registration; the lengths come from the model. (The
    services register: they check the deadline, the capacity and who may register.)"""

    class Meta:
        model = Registration
        fields = ["dietary_wishes", "remark"]
        labels = {"dietary_wishes": _("Dietary wishes"), "remark": _("Remark")}
        help_texts = {
            "dietary_wishes": _(
                "For example vegetarian, vegan, gluten-free or an allergy. Optional."
            ),
            "remark": _("Anything the facilitators should know, such as accessibility. Optional."),
        }
        widgets = {"remark": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, prefix_id: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if prefix_id:  # unique ids when the form appears beside other forms on the meeting page
            self.auto_id = f"{prefix_id}-%s"


class GuestRegistrationForm(RegistrationForm):
    name = forms.CharField(label=_("Name"), max_length=_max("guest_name"))
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("We send you a link to confirm your registration."),
        max_length=_max("guest_email"),
    )
    organisation = forms.CharField(
        label=_("Organisation or institution"), max_length=_max("guest_organisation")
    )

    field_order = ["name", "email", "organisation", "dietary_wishes", "remark"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"


class AttendanceSearchForm(forms.Form):
    q = forms.CharField(label=_("Search by name"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update(
            {"type": "search", "autocomplete": "off", "placeholder": _("Name or organisation")}
        )

    @property
    def search(self) -> str:
        return self.cleaned_data.get("q", "") if self.is_valid() else ""
