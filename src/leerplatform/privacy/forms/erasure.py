"""The one choice on "Erase my account": also delete the documents one alone wrote."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class EraseForm(forms.Form):
    delete_documents = forms.BooleanField(
        label=_("Also delete the documents I alone wrote"),
        required=False,
        help_text=_(
            "What you tick leaves the library now and is deleted for good with your account. "
            "Documents you wrote with others stay."
        ),
    )
