from django import forms
from django.utils.translation import gettext_lazy as _

from leerplatform.editions.models import Phase


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(label=_("New phase"), choices=Phase.choices, widget=forms.RadioSelect)
