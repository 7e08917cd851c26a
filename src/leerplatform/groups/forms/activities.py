"""The form for logging and editing a learning group's activity. Input checks live here; the
service checks the domain rules (members only, an outcome only for what happened) again and
speaks through ValidationError, which the view puts on the form."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leerplatform.groups.models import ActivityKind, ActivityStatus, GroupActivity
from leerplatform.groups.services.activities import MAX_TEXT


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of activity"),
        choices=[("", _("— choose a kind —")), *ActivityKind.choices],
        error_messages={"required": _("Choose what kind of activity this is.")},
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Give the activity a title.")},
    )
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        error_messages={
            "required": _("Enter the date of the activity."),
            "invalid": _("Enter a date, for example 2019-11-14."),
        },
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=ActivityStatus.choices,
        initial=ActivityStatus.PLANNED,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether the activity is planned or done.")},
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "What is the plan, who is it for? Markdown: **bold**, *italic*, lists with “-”."
        ),
    )
    participants = MemberChoiceField(
        label=_("Who took part"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members of the group who take or took part."),
        error_messages={
            "invalid_choice": _("Only members of the learning group can be listed as taking part.")
        },
    )
    confidential = forms.BooleanField(
        label=_("Confidential"),
        required=False,
        help_text=_(
            "For intervision and the like: only the group's members see it, whoever else may see "
            "the group's activities, and it never shows in the activity stream, emails or "
            "reports."
        ),
    )
    outcome = forms.CharField(
        label=_("Outcome"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Once it has taken place: what did it yield, what did you learn? Only for activities "
            "that are done. Markdown."
        ),
    )

    def __init__(self, *args, members, activity: GroupActivity | None = None, **kwargs):
        if activity is not None:
            kwargs.setdefault(
                "initial",
                {
                    "kind": activity.kind,
                    "title": activity.title,
                    "date": activity.date,
                    "status": activity.status,
                    "description": activity.description,
                    "outcome": activity.outcome,
                    "confidential": activity.confidential,
                    "participants": [person.pk for person in activity.participants.all()],
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = members

    def clean(self):
        data = super().clean()
        status, date = data.get("status"), data.get("date")
        if status == ActivityStatus.DONE and date and date > timezone.localdate():
            self.add_error(
                "status",
                _("An activity on a date in the future cannot be done yet: keep it planned."),
            )
        if status == ActivityStatus.PLANNED and (data.get("outcome") or "").strip():
            self.add_error(
                "outcome",
                _(
                    "Describe the outcome once the activity has taken place: set it to done, or "
                    "leave the outcome empty for now."
                ),
            )
        return data

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
