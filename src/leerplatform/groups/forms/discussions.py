"""Forms of the discussion pages. Input checks live here; the services check who may write and
speak through ValidationError, which the views put on the form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from leerplatform.core.visibility import Visibility
from leerplatform.groups.services.discussions import MAX_TEXT, MAX_TITLE

MARKDOWN_HELP = _(
    "Markdown: **bold**, *italic*, lists with “-”, links as [text](https://…). "
    "At most 10,000 characters."
)
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
    return forms.CharField(
        label=label,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=MARKDOWN_HELP,
        error_messages={"required": _("Write a message."), "max_length": TOO_LONG},
    )


class ThreadForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=MAX_TITLE,
        error_messages={"required": _("Give the discussion a title.")},
    )
    text = _text_field(_("Your message"), rows=8)
    visibility = forms.ChoiceField(
        label=_("Who can read it?"),
        choices=VISIBILITY_CHOICES,
        initial=Visibility.GROUP,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who can read this discussion.")},
    )


class ReplyForm(forms.Form):
    text = _text_field(_("Your reply"), rows=4)


class EditPostForm(forms.Form):
    text = _text_field(_("Your message"), rows=8)
