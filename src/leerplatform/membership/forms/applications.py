"""Forms of the application pages: applying, and the facilitators' decisions."""

from __future__ import annotations

from typing import cast

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from leerplatform.accounts.models import (
    MAX_YEARS_OF_EXPERIENCE,
    YEARS_OF_EXPERIENCE_MESSAGE,
    Institution,
    WorkLevel,
)
from leerplatform.editions.models import Edition
from leerplatform.membership.models import (
    ACCEPT,
    DECLINE,
    WAITLIST,
    Application,
    ApplicationStatus,
)
from leerplatform.membership.queries.applications import confirmed_applications
from leerplatform.membership.services.applications import (
    CONFIRM_AFTER_CLOSE,
    admission_after_close_message,
)

OTHER = "other"


class ThemeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.title


class ApplicationForm(forms.ModelForm):
    """The public application form. The field rules are the model's; the service checks the
    domain rules (the edition takes applications, its themes)."""

    email = forms.EmailField(
        label=_("Email address"),
        max_length=Application._meta.get_field("email").max_length,
        help_text=_("We send a confirmation link to this address."),
    )
    institution = forms.ChoiceField(label=_("Institution"))
    work_level = forms.ChoiceField(
        label=_("Level at which you work"),
        choices=WorkLevel.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Operational: carrying out. Tactical: policy, change management, HRD projects. "
            "Strategic: setting the direction of the organisation."
        ),
    )
    themes = ThemeChoiceField(
        label=_("Themes you would like to work on"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one theme.")},
    )
    consent = forms.BooleanField(
        error_messages={
            "required": _("We can only handle your application with your consent."),
        },
    )

    class Meta:
        model = Application
        fields = [
            "name",
            "email",
            "institution",
            "institution_other",
            "job_title",
            "years_of_experience",
            "work_level",
            "motivation",
            "themes",
        ]
        labels = {
            "name": _("Name"),
            "institution_other": _("Name of your institution"),
            "job_title": _("Job title"),
            "years_of_experience": _("Years of experience in the field"),
            "motivation": _("Motivation"),
        }
        help_texts = {
            "institution_other": _("Only when you chose “Another institution”."),
            "motivation": _(
                "Why do you want to take part, and what do you bring? At most 2000 characters."
            ),
        }
        error_messages = {
            "years_of_experience": {
                "invalid": _("Enter a whole number of years, for example 7."),
                "min_value": YEARS_OF_EXPERIENCE_MESSAGE,
                "max_value": YEARS_OF_EXPERIENCE_MESSAGE,
            },
        }
        widgets = {
            "years_of_experience": forms.NumberInput(
                attrs={"min": 0, "max": MAX_YEARS_OF_EXPERIENCE, "inputmode": "numeric"}
            ),
            "motivation": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, edition: Edition, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        cast(forms.ChoiceField, self.fields["institution"]).choices = [
            ("", _("— choose your institution —")),
            *((str(pk), name) for pk, name in Institution.objects.values_list("pk", "name")),
            (OTHER, _("Another institution")),
        ]
        cast(ThemeChoiceField, self.fields["themes"]).queryset = edition.themes.all()
        self.fields["consent"].label = format_html(
            gettext(
                "I agree that my application is handled as described in the "
                '<a href="{url}" target="_blank" rel="noopener">privacy statement</a> '
                "(opens in a new tab)."
            ),
            url=reverse("privacy:statement"),
        )
        autocomplete = {
            "name": "name",
            "email": "email",
            "institution_other": "organization",
            "job_title": "organization-title",
        }
        for name, value in autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = value
        if user is not None and user.is_authenticated:
            # People with an account apply for themselves, with the address they log in with.
            self.fields["email"].disabled = True
            self.fields["email"].help_text = _("The address of your account.")
            self.initial.setdefault("email", user.email)
            self.initial.setdefault("name", user.name)
            if user.institution_id:
                self.initial.setdefault("institution", str(user.institution_id))
            self.initial.setdefault("job_title", user.job_title)
            if user.years_of_experience is not None:
                self.initial.setdefault("years_of_experience", user.years_of_experience)
            if user.work_level:
                self.initial.setdefault("work_level", user.work_level)

    def clean_institution(self) -> Institution | None:
        value = self.cleaned_data["institution"]
        if value == OTHER:
            return None
        return Institution.objects.get(pk=int(value))  # a valid choice, checked above

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if (
            "institution" in cleaned
            and cleaned["institution"] is None
            and not (cleaned.get("institution_other") or "").strip()
        ):
            self.add_error("institution_other", _("Enter the name of your institution."))
        return cleaned

    def service_arguments(self) -> dict:
        """The cleaned values, named as `submit_application` wants them."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "email": data["email"],
            "institution": data["institution"],
            "institution_other": data.get("institution_other", ""),
            "job_title": data["job_title"],
            "years_of_experience": data["years_of_experience"],
            "work_level": data["work_level"],
            "motivation": data["motivation"],
            "themes": data["themes"],
        }


DECISIONS = [
    (ACCEPT, _("Accept")),
    (WAITLIST, _("Put on the waiting list")),
    (DECLINE, _("Decline")),
]


class DecisionForm(forms.Form):
    """A facilitator's decision on one application."""

    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=Application._meta.get_field("decision_reason").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when you decline. The applicant receives it in the email."),
    )

    def __init__(
        self, *args, status: str | None = None, closed_edition: Edition | None = None, **kwargs
    ):
        """`closed_edition`: the edition, when its calendar has closed applications; accepting
        then asks for the "Admit anyway" box."""
        super().__init__(*args, **kwargs)
        self.closed_edition = closed_edition
        if status == ApplicationStatus.WAITLISTED:
            # From the waiting list an application is accepted (promoted) or declined.
            choices = [c for c in DECISIONS if c[0] != WAITLIST]
            cast(forms.ChoiceField, self.fields["decision"]).choices = choices
        if closed_edition is not None:
            self.fields[CONFIRM_AFTER_CLOSE] = admit_anyway_field()

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("decision") == DECLINE and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Give a reason: the applicant receives it."))
        if (
            self.closed_edition is not None
            and cleaned.get("decision") == ACCEPT
            and not cleaned.get(CONFIRM_AFTER_CLOSE)
        ):
            self.add_error(CONFIRM_AFTER_CLOSE, admission_after_close_message(self.closed_edition))
        return cleaned

    def add_service_error(self, error) -> None:
        """A service's ValidationError beside the field it names (if the form shows it)."""
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        else:
            self.add_error(None, error)


def admit_anyway_field() -> forms.BooleanField:
    return forms.BooleanField(
        label=_("Admit anyway"),
        required=False,
        help_text=_(
            "Applications for this edition have closed. Tick this to admit people all the same."
        ),
    )


class BulkDecisionForm(DecisionForm):
    """The same decision on several applications of one edition."""

    applications = forms.ModelMultipleChoiceField(
        label=_("Applications"),
        queryset=Application.objects.none(),
        error_messages={"required": _("Select at least one application.")},
    )

    def __init__(self, *args, edition: Edition, **kwargs):
        if edition.applications_have_closed():
            kwargs.setdefault("closed_edition", edition)
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelMultipleChoiceField, self.fields["applications"]
        ).queryset = confirmed_applications().filter(edition=edition)
