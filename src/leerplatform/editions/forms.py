from django import forms
from django.utils.translation import gettext_lazy as _

from leerplatform.editions.models import Edition


class PhaseForm(forms.ModelForm):
    """The facilitator's choice of the edition's next phase; the choices are the model field's."""

    class Meta:
        model = Edition
        fields = ["phase"]
        labels = {"phase": _("New phase")}
        widgets = {"phase": forms.RadioSelect}
