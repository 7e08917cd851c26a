"""Forms of the library: adding or changing a document, and the list's filters.

Forms check the input (required fields, lengths, choices from this edition); the services check
the domain rules again (group-only needs a group you are in, authors are members) and speak
through a ValidationError keyed by field, which the view adds to the form.
"""

from __future__ import annotations

from typing import cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from leerplatform.accounts.models import User
from leerplatform.core.visibility import GROUP_TIERS, Visibility
from leerplatform.core.widgets import LongSelect, MarkdownTextarea
from leerplatform.editions.models import Edition, Membership, Role, Theme
from leerplatform.groups.models import GroupMembership, LearningGroup
from leerplatform.library.files import MultipleFileField
from leerplatform.library.models import Document, DocumentKind, Licence
from leerplatform.library.queries.documents import FilterChoices, LibraryFilters, is_offer_open
from leerplatform.meetings.models import Meeting, MeetingStatus

VISIBILITY_CHOICES = [
    (
        Visibility.GROUP,
        _("Learning group only — the active members of the learning group chosen above"),
    ),
    (
        Visibility.CONFIDENTIAL,
        _(
            "Confidential — the active members of the learning group chosen above; never in "
            "the activity stream, emails or reports, and never published"
        ),
    ),
    (Visibility.PLATFORM, _("The edition — every participant and facilitator of this edition")),
    (
        Visibility.PUBLIC,
        _(
            "Public — everyone, also visitors who are not logged in, once every author has agreed "
            "(each author is asked; until all have said yes, the edition sees it)"
        ),
    ),
]


class ThemeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.title


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.title} ({date_format(timezone.localtime(obj.starts_at), 'DATE_FORMAT')})"


def _chosen_visibility(document: Document) -> str:
    return Visibility.PUBLIC if is_offer_open(document) else document.visibility


def group_choices(*, edition: Edition, actor: User, document: Document | None = None):
    """The groups a document may be put in: the actor's own groups in the edition — for a
    facilitator every group of the edition (a group-only document still needs membership, which
    the service checks) — and the document's current group."""
    groups = LearningGroup.objects.filter(edition=edition)
    role = (
        Membership.objects.active()
        .filter(edition=edition, user=actor)
        .values_list("role", flat=True)
        .first()
    )
    if role != Role.FACILITATOR:
        mine = GroupMembership.objects.active().filter(user=actor).values("group_id")
        keep = [document.group_id] if document is not None and document.group_id else []
        groups = groups.filter(pk__in=mine) | groups.filter(pk__in=keep)
    return groups.order_by("name")


def author_choices(*, edition: Edition, document: Document | None = None) -> QuerySet[User]:
    """The edition's active members by name, and the document's current authors."""
    members = Membership.objects.active().filter(edition=edition).values("user_id")
    people = User.objects.filter(pk__in=members)
    if document is not None:
        people = people | User.objects.filter(authored_documents=document)
    return people.distinct().order_by("name", "pk")


class DocumentForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Give the document a title.")},
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Two or three sentences: what is it, for whom?"),
        error_messages={"required": _("Say in two or three sentences what it is and for whom.")},
    )
    kind = forms.ChoiceField(
        label=_("Kind of document"),
        choices=[("", _("— choose a kind —")), *DocumentKind.choices],
        error_messages={"required": _("Choose what kind of document this is.")},
    )
    body = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=50000,
        widget=MarkdownTextarea(attrs={"rows": 8}),
        help_text=_("Optional: an introduction, how to use it, sources."),
    )
    # The metaclass moves declared fields into base_fields, so this never shadows BaseForm.files
    # (the uploads) at runtime; the field's name is the upload input's name in pages and tests.
    files = MultipleFileField(  # type: ignore[assignment]
        label=_("Files"),
        help_text=_(
            "One or more files: office documents, PDF, images, text or CSV. You can add files "
            "and new versions later."
        ),
        error_messages={"required": _("Add at least one file.")},
    )
    themes = ThemeChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The themes of the learning agenda this document is about."),
        error_messages={
            "invalid_choice": _("Choose themes of this edition's learning agenda."),
        },
    )
    group = forms.ModelChoiceField(
        label=_("Learning group"),
        queryset=LearningGroup.objects.none(),
        required=False,
        empty_label=_("— no learning group —"),
        help_text=_("Optional: the learning group that made it."),
        error_messages={"invalid_choice": _("Choose one of your own learning groups.")},
    )
    meeting = MeetingChoiceField(
        label=_("Meeting"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("— no meeting —"),
        help_text=_("Optional: the meeting it was made for or presented at."),
        error_messages={"invalid_choice": _("Choose a meeting of this edition.")},
    )
    authors = PersonChoiceField(
        label=_("Authors"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choice-scroll"}),
        help_text=_("Who made it. Authors can change the document and restore it from the bin."),
        error_messages={
            "required": _("Name at least one author."),
            "invalid_choice": _("Authors must be participants or facilitators of this edition."),
        },
    )
    visibility = forms.ChoiceField(
        label=_("Who may see it"),
        choices=VISIBILITY_CHOICES,
        initial=Visibility.PLATFORM,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who may see this document.")},
    )
    licence = forms.ChoiceField(
        label=_("Licence"),
        choices=Licence.choices,
        initial=Licence.CC_BY,
        help_text=_(
            "Under which terms others may use it. CC BY 4.0: anyone may share and adapt it, "
            "naming the authors."
        ),
        error_messages={"required": _("Choose a licence.")},
    )

    def __init__(
        self,
        *args,
        edition: Edition,
        actor: User,
        document: Document | None = None,
        preselect_group: str | None = None,
        **kwargs,
    ):
        self.document = document
        if document is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": document.title,
                    "summary": document.summary,
                    "kind": document.kind,
                    "body": document.body,
                    "themes": [theme.pk for theme in document.themes.all()],
                    "group": document.group_id,
                    "meeting": document.meeting_id,
                    "authors": [author.pk for author in document.authors.all()],
                    # "public" while public or offered to the field and waiting for consent
                    "visibility": _chosen_visibility(document),
                    "licence": document.licence,
                },
            )
        else:
            kwargs.setdefault("initial", {"authors": [actor.pk]})
        super().__init__(*args, **kwargs)
        if document is not None:
            del self.fields["files"]  # files and their versions have their own pages
        cast(forms.ModelChoiceField, self.fields["themes"]).queryset = Theme.objects.filter(
            edition=edition
        )
        groups = group_choices(edition=edition, actor=actor, document=document)
        cast(forms.ModelChoiceField, self.fields["group"]).queryset = groups
        meetings = Meeting.objects.filter(edition=edition).exclude(status=MeetingStatus.DRAFT)
        if document is not None and document.meeting_id:
            meetings = meetings | Meeting.objects.filter(pk=document.meeting_id)
        cast(forms.ModelChoiceField, self.fields["meeting"]).queryset = meetings.order_by(
            "starts_at"
        )
        cast(forms.ModelChoiceField, self.fields["authors"]).queryset = author_choices(
            edition=edition, document=document
        )
        preselect = str(preselect_group or "")
        if document is None and preselect.isdigit() and groups.filter(pk=int(preselect)).exists():
            self.initial["group"] = int(preselect)
            if GroupMembership.objects.active().filter(group=int(preselect), user=actor).exists():
                self.initial["visibility"] = Visibility.GROUP

    def clean(self):
        data = super().clean() or {}
        if data.get("visibility") in GROUP_TIERS and not data.get("group"):
            self.add_error("group", _("Choose the learning group that may see this document."))
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "summary": data["summary"],
            "kind": data["kind"],
            "body": data["body"],
            "themes": list(data["themes"]),
            "group": data["group"],
            "meeting": data["meeting"],
            "authors": list(data["authors"]),
            "visibility": data["visibility"],
            "licence": data["licence"],
        }


def _int_or_none(value) -> int | None:
    return int(value) if value not in (None, "") else None


class LibraryFilterForm(forms.Form):
    """The list's filters (GET). An unknown value is dropped with a message by the field, never
    an error page; the choices come from `queries.filter_choices`."""

    theme = forms.TypedChoiceField(
        label=_("Theme"), required=False, coerce=int, empty_value=None, widget=LongSelect
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False, widget=LongSelect)
    group = forms.TypedChoiceField(
        label=_("Learning group"), required=False, coerce=int, empty_value=None, widget=LongSelect
    )
    meeting = forms.TypedChoiceField(
        label=_("Meeting"), required=False, coerce=int, empty_value=None, widget=LongSelect
    )

    def __init__(self, *args, choices: FilterChoices, **kwargs):
        super().__init__(*args, **kwargs)
        everything = ("", _("All"))
        cast(forms.ChoiceField, self.fields["theme"]).choices = [everything, *choices.themes]
        cast(forms.ChoiceField, self.fields["kind"]).choices = [everything, *choices.kinds]
        cast(forms.ChoiceField, self.fields["group"]).choices = [everything, *choices.groups]
        cast(forms.ChoiceField, self.fields["meeting"]).choices = [everything, *choices.meetings]

    def filters(self) -> LibraryFilters:
        """The valid filters; an invalid one counts as not chosen."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return LibraryFilters(
            theme_id=_int_or_none(data.get("theme")),
            kind=data.get("kind") or "",
            group_id=_int_or_none(data.get("group")),
            meeting_id=_int_or_none(data.get("meeting")),
        )
