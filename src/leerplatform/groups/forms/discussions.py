"""Forms of the discussion pages: ModelForms, so the field rules (and their messages) are the
models' (`Thread`, `Post`); what they add is how the pages ask. The services check who may write
and speak through ValidationError, which the views put on the form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from leerplatform.core.visibility import Visibility
from leerplatform.core.widgets import MarkdownTextarea
from leerplatform.groups.forms.activities import model_formfield
from leerplatform.groups.models import CHOOSE_READERS, Post, Thread

TEXT_HELP = _("At most 10,000 characters.")
TOO_LONG = _("Keep your message to 10,000 characters.")

VISIBILITY_CHOICES = [
    (Visibility.GROUP, _("The group only")),
    (Visibility.PLATFORM, _("Everyone in the edition (only group members can reply)")),
    (
        Visibility.CONFIDENTIAL,
        _(
            "Confidential — the group only, for intervision and the like: never in the activity "
            "stream, and emails say only that there is a new post"
        ),
    ),
]


def _text_field(label, rows: int = 6) -> forms.CharField:
    """A post's text as the model has it, with the page's label, size and help."""
    field = model_formfield(
        Post._meta.get_field("text"),
        label=label,
        widget=MarkdownTextarea(attrs={"rows": rows}),
        help_text=TEXT_HELP,
    )
    field.error_messages["max_length"] = TOO_LONG
    return field


class ThreadForm(forms.ModelForm):
    """A thread and its first post: the thread's fields, and the post's text."""

    text = _text_field(_("Your message"), rows=8)
    # Declared for the page's words about each choice; the choices and message are the model's.
    visibility = forms.ChoiceField(
        label=_("Who can read it?"),
        choices=VISIBILITY_CHOICES,
        initial=Visibility.GROUP,
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE_READERS},
    )

    class Meta:
        model = Thread
        fields = ["title", "text", "visibility"]
        formfield_callback = model_formfield
        labels = {"title": _("Title")}


class _PostForm(forms.ModelForm):
    class Meta:
        model = Post
        fields = ["text"]


class ReplyForm(_PostForm):
    text = _text_field(_("Your reply"), rows=4)


class EditPostForm(_PostForm):
    text = _text_field(_("Your message"), rows=8)
