from django import forms
from django.utils.translation import gettext_lazy as _

from leerplatform.editions.models import Edition, EditionContact


class PhaseForm(forms.ModelForm):
    """The facilitator's choice of the edition's next phase; the choices are the model field's."""

    class Meta:
        model = Edition
        fields = ["phase"]
        labels = {"phase": _("New phase")}
        widgets = {"phase": forms.RadioSelect}


class ContactForm(forms.ModelForm):
    """A contact person of the edition; the field rules are the model's."""

    class Meta:
        model = EditionContact
        fields = ["name", "role", "email", "phone", "position"]
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Empty: after the others (the service places a new contact last).
        self.fields["position"].required = False
        if self.instance.pk is None:
            self.fields["position"].initial = None
        self.fields["position"].help_text = _("Lower numbers come first; empty: last.")
