"""Forms of the group pages. Input checks live here; the services check the domain rules (a unique
name, room in the group, the per-person cap) and speak through ValidationError, which the views
put on the form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from leerplatform.editions.models import Edition, Membership
from leerplatform.groups.models import GROUP_OR_EDITION, GroupStatus, JoinPolicy
from leerplatform.groups.services.groups import MAX_MESSAGE, MIN_SIZE


class ThemesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.title


class GroupForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the group"),
        max_length=150,
        error_messages={"required": _("Give the group a name.")},
    )
    description = forms.CharField(
        label=_("What the group is about"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "The question or ambition that brings you together. Markdown: **bold**, *italic*, "
            "lists with “-”. At most 5000 characters."
        ),
    )
    themes = ThemesField(
        label=_("Themes of the learning agenda"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("One or more related themes."),
        error_messages={"required": _("Choose at least one theme of the learning agenda.")},
    )
    join_policy = forms.ChoiceField(
        label=_("How people join"),
        choices=JoinPolicy.choices,
        initial=JoinPolicy.OPEN,
        widget=forms.RadioSelect,
    )
    max_size = forms.IntegerField(
        label=_("Maximum number of members"),
        required=False,
        min_value=MIN_SIZE,
        max_value=500,
        help_text=_("At least 2. Leave empty for no limit."),
        error_messages={
            "min_value": _("A group has room for at least 2 members; leave empty for no limit."),
            "invalid": _("Enter a whole number, or leave empty for no limit."),
        },
    )
    workplan_visibility = forms.ChoiceField(
        label=_("Who sees the work plan"), choices=GROUP_OR_EDITION, widget=forms.RadioSelect
    )
    activities_visibility = forms.ChoiceField(
        label=_("Who sees the activities"), choices=GROUP_OR_EDITION, widget=forms.RadioSelect
    )

    def __init__(self, *args, edition: Edition, with_status: bool = False, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "join_policy": JoinPolicy.OPEN,
                "workplan_visibility": GROUP_OR_EDITION[0][0],
                "activities_visibility": GROUP_OR_EDITION[0][0],
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = edition.themes.order_by("position", "id")
        if with_status:
            self.fields["status"] = forms.ChoiceField(
                label=_("Status"),
                choices=GroupStatus.choices,
                widget=forms.RadioSelect,
                help_text=_("A closed group keeps its page and work, but nobody can join it."),
            )


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the coordinators (optional)"),
        required=False,
        max_length=MAX_MESSAGE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you would like to bring and learn. At most 1000 characters."),
    )


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
        field = self.fields["person"]
        ids = [membership.pk for membership in candidates]
        field.queryset = Membership.objects.filter(pk__in=ids)
        # The choices come from the list already read (with the group counts): no extra query.
        field.choices = [("", field.empty_label)] + [
            (membership.pk, field.label_from_instance(membership)) for membership in candidates
        ]
