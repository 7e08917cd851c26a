"""The form for logging and editing a learning group's activity: a ModelForm, so the field rules
(and their messages) are the model's (`GroupActivity`); what it adds is how the page asks. The
service checks who may log and who took part, and speaks through ValidationError, which the view
puts on the form."""

from __future__ import annotations

from typing import cast

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

from leerplatform.core.widgets import MarkdownTextarea
from leerplatform.groups.models import (
    CHOOSE_KIND,
    ActivityKind,
    GroupActivity,
)


def bounded_formfield(db_field, **kwargs):
    """A model field's form field, with a number's bounds (the model's validators) as the form's
    and the input's."""
    if isinstance(db_field, models.IntegerField):
        for validator in getattr(db_field, "_validators", ()):
            if isinstance(validator, MinValueValidator):
                kwargs.setdefault("min_value", validator.limit_value)
            elif isinstance(validator, MaxValueValidator):
                kwargs.setdefault("max_value", validator.limit_value)
    return db_field.formfield(**kwargs)


def model_formfield(db_field, **kwargs):
    """A model field's form field with the model's rules: its own message for an empty field is
    also the form's "required" message, and a number's bounds are the form's."""
    field = bounded_formfield(db_field, **kwargs)
    custom = db_field._error_messages or {}
    if field is not None and ("blank" in custom or "null" in custom):
        field.error_messages["required"] = custom.get("blank", custom.get("null"))
    return field


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class ActivityForm(forms.ModelForm):
    # Declared for its first option's words; the choices and the message are the model's.
    kind = forms.ChoiceField(
        label=_("Kind of activity"),
        choices=[("", _("— choose a kind —")), *ActivityKind.choices],
        error_messages={"required": CHOOSE_KIND},
    )

    class Meta:
        model = GroupActivity
        fields = [
            "kind",
            "title",
            "date",
            "status",
            "description",
            "participants",
            "confidential",
            "outcome",
        ]
        formfield_callback = model_formfield
        field_classes = {"participants": MemberChoiceField}
        labels = {
            "title": _("Title"),
            "date": _("Date"),
            "status": _("Status"),
            "description": _("Description"),
            "participants": _("Who took part"),
            "confidential": _("Confidential"),
            "outcome": _("Outcome"),
        }
        help_texts = {
            "description": _("What is the plan, who is it for?"),
            "participants": _("Members of the group who take or took part."),
            "confidential": _(
                "For intervision and the like: only the group's members see it, whoever else "
                "may see the group's activities, and it never shows in the activity stream, "
                "emails or reports."
            ),
            "outcome": _(
                "Once it has taken place: what did it yield, what did you learn? Only for "
                "activities that are done."
            ),
        }
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "status": forms.RadioSelect,
            "description": MarkdownTextarea(attrs={"rows": 5}),
            "participants": forms.CheckboxSelectMultiple,
            "outcome": MarkdownTextarea(attrs={"rows": 5}),
        }
        error_messages = {
            "date": {"invalid": _("Enter a date, for example 2019-11-14.")},
            "participants": {
                "invalid_choice": _(
                    "Only members of the learning group can be listed as taking part."
                )
            },
        }

    def __init__(self, *args, members, activity: GroupActivity | None = None, **kwargs):
        # The activity fills the form (who took part as their ids, as the form posts them); the
        # form checks a new row, so the activity itself is not changed before the service runs.
        if activity is not None:
            initial = model_to_dict(activity, fields=self._meta.fields) | {
                "participants": [person.pk for person in activity.participants.all()]
            }
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        cast(forms.DateField, self.fields["date"]).input_formats = ["%Y-%m-%d", "%d-%m-%Y"]
        cast(MemberChoiceField, self.fields["participants"]).queryset = members

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "title": data["title"],
            "date": data["date"],
            "status": data["status"],
            "description": data["description"],
            "outcome": data["outcome"],
            "confidential": data["confidential"],
            "participants": list(data["participants"]),
        }
