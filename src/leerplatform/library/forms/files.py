"""The forms for adding a file to a document and for uploading a new version of a file. The upload
is checked here (size, type by content, a safe name: `files.check_upload`); the result travels on
the upload as `upload.checked` so the service need not read the file again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from leerplatform.library import files


def _help_text() -> str:
    return _(
        "PDF, Word, Excel, PowerPoint, OpenDocument, an image (PNG, JPEG, GIF, WebP), text, "
        "Markdown or CSV; at most %(limit)s MB."
    ) % {"limit": files.limit_in_mb()}


class FileForm(forms.Form):
    """One file and a note: a new file of a document, or (`version=True`) a new version."""

    file = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(attrs={"accept": files.ACCEPT}),
        error_messages={
            "required": _("Choose a file to upload."),
            "empty": _("This file is empty."),
        },
    )
    note = forms.CharField(
        label=pgettext_lazy("file", "Note (optional)"),
        required=False,
        max_length=500,
        widget=forms.TextInput(),
        error_messages={"max_length": _("Keep the note to %(limit_value)d characters.")},
    )

    def __init__(self, *args, version: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _help_text()
        if version:
            self.fields["file"].label = _("New version")
            self.fields["note"].label = _("What changed? (optional)")
            self.fields["note"].help_text = _("For example: “figures for 2019 added”.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        upload.checked = files.check_upload(upload)
        return upload
