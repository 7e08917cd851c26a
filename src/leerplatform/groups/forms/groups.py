"""Forms of the group pages. The group and a request to join are ModelForms: their field rules
(and messages) are the models' (`LearningGroup`, `JoinRequest`); what the forms add is how the
pages ask. The services check the rules across rows (a unique name, room in the group, the
per-person cap) and speak through ValidationError, which the views put on the form."""

from __future__ import annotations

from typing import cast

from django import forms
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from leerplatform.core.widgets import MarkdownTextarea
from leerplatform.editions.models import Edition, Membership
from leerplatform.groups.forms.activities import bounded_formfield
from leerplatform.groups.models import (
    GIVE_A_NAME,
    GroupStatus,
    JoinRequest,
    LearningGroup,
)


class ThemesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.title


class GroupForm(forms.ModelForm):
    class Meta:
        model = LearningGroup
        fields = [
            "name",
            "description",
            "themes",
            "join_policy",
            "max_size",
            "workplan_visibility",
            "activities_visibility",
        ]
        formfield_callback = bounded_formfield
        field_classes = {"themes": ThemesField}
        labels = {
            "name": _("Name of the group"),
            "description": _("What the group is about"),
            "themes": _("Themes of the learning agenda"),
            "join_policy": _("How people join"),
            "max_size": _("Maximum number of members"),
            "workplan_visibility": _("Who sees the work plan"),
            "activities_visibility": _("Who sees the activities"),
        }
        help_texts = {
            "description": _(
                "The question or ambition that brings you together. At most 5000 characters."
            ),
            "themes": _("One or more related themes."),
            "max_size": _("At least 2. Leave empty for no limit."),
        }
        widgets = {
            "description": MarkdownTextarea(attrs={"rows": 6}),
            "themes": forms.CheckboxSelectMultiple,
            "join_policy": forms.RadioSelect,
            "workplan_visibility": forms.RadioSelect,
            "activities_visibility": forms.RadioSelect,
        }
        error_messages = {
            "name": {"required": GIVE_A_NAME},
            "themes": {"required": _("Choose at least one theme of the learning agenda.")},
            "max_size": {
                "min_value": _(
                    "A group has room for at least 2 members; leave empty for no limit."
                ),
                "invalid": _("Enter a whole number, or leave empty for no limit."),
            },
        }

    def __init__(
        self,
        *args,
        edition: Edition,
        group: LearningGroup | None = None,
        with_status: bool = False,
        **kwargs,
    ):
        # The group fills the form; the form checks a new row (the services check the group).
        if group is not None:
            initial = model_to_dict(group, fields=[*(self._meta.fields or []), "status"])
            initial["themes"] = list(group.themes.values_list("pk", flat=True))
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        themes = cast(ThemesField, self.fields["themes"])
        themes.queryset = edition.themes.order_by("position", "id")
        if with_status:
            self.fields["status"] = forms.ChoiceField(
                label=_("Status"),
                choices=GroupStatus.choices,
                widget=forms.RadioSelect,
                help_text=_("A closed group keeps its page and work, but nobody can join it."),
            )


class JoinRequestForm(forms.ModelForm):
    class Meta:
        model = JoinRequest
        fields = ["message"]
        labels = {"message": _("Message to the coordinators (optional)")}
        help_texts = {
            "message": _("What you would like to bring and learn. At most 1000 characters.")
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 3})}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("decline", _("Decline"))])


class CoordinatorForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput)
    coordinator = forms.TypedChoiceField(
        choices=[("1", _("Make coordinator")), ("0", _("No longer coordinator"))],
        coerce=lambda value: value == "1",
    )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        membership = obj
        count = getattr(membership, "group_count", 0)
        if count:
            return ngettext(
                "%(name)s (already in %(count)s group)",
                "%(name)s (already in %(count)s groups)",
                count,
            ) % {"name": membership.user.name, "count": count}
        return membership.user.name


class AssignForm(forms.Form):
    person = PersonChoiceField(
        label=_("Participant"),
        queryset=None,
        empty_label=_("— choose a participant —"),
        error_messages={"required": _("Choose a participant.")},
    )

    def __init__(self, *args, candidates: list, **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(PersonChoiceField, self.fields["person"])
        ids = [membership.pk for membership in candidates]
        field.queryset = Membership.objects.filter(pk__in=ids)
        # The choices come from the list already read (with the group counts): no extra query.
        field.choices = [("", field.empty_label)] + [
            (membership.pk, field.label_from_instance(membership)) for membership in candidates
        ]


class RemoveMemberForm(forms.Form):
    """A facilitator's reason for taking someone out of a group: the person reads it."""

    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1000,
        help_text=_("The person gets it in an email. At most 1000 characters."),
        error_messages={
            "required": _("Give the reason: the person reads it in the email they get.")
        },
    )
