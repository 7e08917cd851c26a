"""Forms for reflection: the edition's questions, an entry (answers, note, sharing), a free note,
and a group's joint reflection. The services check the domain rules; these check the input."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext_lazy as _

from leerplatform.core.widgets import MarkdownTextarea
from leerplatform.reflection.models import MAX_ANSWER, MAX_TEXT, GroupReflection

PRIVATE = ""


class QuestionsForm(forms.Form):
    questions = forms.CharField(
        label=_("Reflection questions"),
        help_text=_(
            "One question per line, in the order participants see them. Entries written earlier "
            "keep the questions as they were asked."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args, questions: Sequence[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questions"].initial = "\n".join(questions)

    def texts(self) -> list[str]:
        return self.cleaned_data["questions"].splitlines()


def _share_choices(groups, current) -> list[tuple[str, object]]:
    choices: list[tuple[str, object]] = [(PRIVATE, _("Only me (private)"))]
    shown = list(groups)
    if current is not None and all(group.pk != current.pk for group in shown):
        shown.append(current)  # shared earlier with a group one has left since: still a choice
    for group in shown:
        choices.append(
            (
                str(group.pk),
                _("Me, my learning group “%(group)s” and the facilitators") % {"group": group.name},
            )
        )
    return choices


class _ShareMixin(forms.Form):
    def _add_share(self, *, groups, current) -> None:
        self._groups = {str(group.pk): group for group in groups}
        if current is not None:
            self._groups.setdefault(str(current.pk), current)
        if len(self._groups) > 0:
            self.fields["share_with"] = forms.ChoiceField(
                label=_("Who may read this entry?"),
                choices=_share_choices(groups, current),
                required=False,
                initial=str(current.pk) if current is not None else PRIVATE,
                widget=forms.RadioSelect,
            )

    def share_with(self):
        value = self.cleaned_data.get("share_with") or PRIVATE
        return self._groups.get(value)


class EntryForm(_ShareMixin, forms.Form):
    """The answers to the questions (as they were asked), a note, and with whom it is shared."""

    note = forms.CharField(
        label=_("Note"),
        help_text=_("Anything else you want to remember."),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, questions: list[str], groups=(), entry=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        answers = [pair.get("answer", "") for pair in entry.answers] if entry is not None else []
        note = self.fields.pop("note")
        for index, question in enumerate(self.questions):
            self.fields[f"answer_{index}"] = forms.CharField(
                label=question,
                required=False,
                max_length=MAX_ANSWER,
                initial=answers[index] if index < len(answers) else "",
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        self.fields["note"] = note
        if entry is not None:
            note.initial = entry.note
        self._add_share(groups=groups, current=entry.shared_with if entry is not None else None)

    def answers(self) -> list[str]:
        return [self.cleaned_data.get(f"answer_{i}", "") for i in range(len(self.questions))]


class NoteForm(_ShareMixin, forms.Form):
    """A free note in one's journal."""

    note = forms.CharField(
        label=_("A note in your journal"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._add_share(groups=groups, current=None)


class GroupReflectionForm(forms.ModelForm):
    """The group's joint reflection; its length is the model's rule."""

    class Meta:
        model = GroupReflection
        fields = ["text"]
        labels = {"text": _("Our reflection on this meeting")}
        help_texts = {
            "text": _(
                "What did we as a group bring and take, what did we learn about the theme and "
                "about how we learn together, and what do we do next?"
            )
        }
        widgets = {"text": MarkdownTextarea(attrs={"rows": 8})}

    def __init__(self, *args, reflection=None, **kwargs):
        # The current text as the starting point; the service saves (the form changes no row).
        if reflection is not None:
            kwargs.setdefault("initial", {"text": reflection.text})
        super().__init__(*args, **kwargs)
