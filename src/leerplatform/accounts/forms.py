from __future__ import annotations

from typing import cast

from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.conf import settings
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db.models import QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from leerplatform.accounts.models import MAX_YEARS_OF_EXPERIENCE, ProfileField, User
from leerplatform.accounts.validators import reencoded_profile_photo

# What a person fills in about themselves, on the profile page and in the admin's "Profile" part.
PROFILE_FIELDS = (
    "name",
    "institution",
    "job_title",
    "years_of_experience",
    "work_level",
    "expertise",
    "bio",
    "photo",
    "language",
    "visible_fields",
)


class LoginForm(AllauthLoginForm):
    """allauth's login form, with its error tied to the fields it is about: "the email address
    and/or password are not correct" is a non-field error, so a screen reader would not hear it
    on either field. Both fields are marked invalid and described by it (the error summary gives
    each non-field error the id `login-error-<n>`)."""

    non_field_error_id = "login-error"
    TIED_FIELDS = ("login", "password")

    def full_clean(self) -> None:
        super().full_clean()
        count = len(self.non_field_errors())
        if not count:
            return
        described_by = " ".join(f"{self.non_field_error_id}-{n}" for n in range(1, count + 1))
        for name in self.TIED_FIELDS:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = described_by


class PhotoFormMixin:
    """A photo field checked and re-encoded the same way on the profile page and in the admin."""

    cleaned_data: dict

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and hasattr(photo, "content_type"):  # a new upload, not the stored file
            # Only the picture is stored (no EXIF, nothing after it), under a generated name with
            # the extension of the real format.
            photo = reencoded_profile_photo(photo)
        return photo


class ThemesField(forms.ModelMultipleChoiceField):
    """Themes by their title only (the edition is known from the page)."""

    def label_from_instance(self, obj) -> str:
        return obj.title


class ProfileForm(PhotoFormMixin, forms.ModelForm):
    """The person's own profile, and which parts other participants see."""

    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    # (A declared field, not BaseForm.visible_fields(): the form's metaclass takes it off the class.)
    visible_fields = forms.MultipleChoiceField(  # type: ignore[assignment]
        label=_("Other participants may see"),
        choices=ProfileField.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Your name is always shown to the participants of your editions. "
            "Facilitators see your whole profile."
        ),
    )

    class Meta:
        model = User
        fields = PROFILE_FIELDS
        field_classes = {"expertise": ThemesField}
        widgets = {
            "expertise": forms.CheckboxSelectMultiple,
            "bio": forms.Textarea(attrs={"rows": 5}),
            "years_of_experience": forms.NumberInput(
                attrs={"min": 0, "max": MAX_YEARS_OF_EXPERIENCE}
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Themes of the editions this person takes part in; all themes for people in none.
        # (The field's own queryset: every theme; `accounts` does not import `editions`.)
        expertise = cast(forms.ModelMultipleChoiceField, self.fields["expertise"])
        themes = cast(QuerySet, expertise.queryset).select_related("edition")
        user_themes = themes.filter(edition__memberships__user=self.instance)
        expertise.queryset = user_themes if user_themes.exists() else themes
        self.fields["photo"].help_text = _("JPEG, PNG or WebP, at most %(limit)s.") % {
            "limit": filesizeformat(settings.PROFILE_PHOTO_MAX_BYTES)
        }
        cast(forms.ModelChoiceField, self.fields["institution"]).empty_label = _(
            "— choose your institution —"
        )
        language = cast(forms.TypedChoiceField, self.fields["language"])
        language.choices = [("", _("The platform's language")), *settings.LANGUAGES]
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["job_title"].widget.attrs["autocomplete"] = "organization-title"


class AdminUserAddForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "name"]


class AdminUserEditForm(PhotoFormMixin, UserChangeForm):
    """The admin's user form checks photos exactly like the profile page does."""

    class Meta:
        model = User
        fields = "__all__"
