"""Forms of the invitation pages: invite one person, upload a CSV file, accept an invitation."""

from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from leerplatform.accounts.models import User
from leerplatform.membership import csv_import
from leerplatform.membership.queries.invitations import institutions_for_choice


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), max_length=254)
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    institution = forms.ModelChoiceField(
        label=_("Institution"),
        queryset=institutions_for_choice(),
        required=False,
        empty_label=_("(not known)"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "off"
        self.fields["name"].help_text = _("Used to greet them in the email; they can change it.")


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".csv,text/csv"
        self.fields["file"].help_text = _(
            "Columns %(columns)s, the first line naming them; separated by commas or semicolons; "
            "UTF-8. At most %(rows)s people and %(size)s."
        ) % {
            "columns": csv_import.expected_columns_text(),
            "rows": f"{csv_import.max_rows():,}".replace(",", "."),
            "size": filesizeformat(csv_import.max_bytes()),
        }
        self.rows: list[csv_import.CsvRow] = []

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.rows = csv_import.parse_invitation_csv(upload)
        except csv_import.CsvFileError as error:
            raise forms.ValidationError(error.message, code="csv") from None
        return upload


class AcceptInvitationForm(forms.Form):
    """A new account for the invited email address: a name and a password, twice."""

    name = forms.CharField(label=_("Your name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields[
            "password1"
        ].help_text = password_validation.password_validators_help_text_html()

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords are not the same."))
        elif password1:
            # The validators compare the password with the person's name and address.
            user = User(email=self.email, name=cleaned.get("name", ""))
            try:
                password_validation.validate_password(password1, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned
