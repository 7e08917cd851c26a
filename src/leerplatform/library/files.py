"""Checking uploads and storing them. (Minimal first version; the files work completes it.)

`check_upload(upload)` says whether an uploaded file may enter the library: size, type by content,
a safe display name; it raises ValidationError with a translated message, or returns what it
found. `storing()` is a context manager for services: files saved inside it are deleted from the
storage again when the block fails, so a failed upload leaves no orphan file.
"""

from __future__ import annotations

import hashlib
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class CheckedUpload:
    name: str  # a safe display name
    content_type: str
    size: int
    sha256: str
    extractable: bool  # PDF, DOCX or plain text: a background task reads its text for search


def check_upload(upload) -> CheckedUpload:
    if upload.size == 0:
        raise ValidationError(_("This file is empty."), code="empty")
    if upload.size > settings.LIBRARY_MAX_UPLOAD_BYTES:
        raise ValidationError(_("This file is too large."), code="too_large")
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedUpload(
        name=upload.name[-150:],
        content_type="application/octet-stream",
        size=upload.size,
        sha256=digest.hexdigest(),
        extractable=False,
    )


class StoredFiles(list):
    """The storage names saved inside a `storing()` block."""


_current: ContextVar[StoredFiles | None] = ContextVar("library_stored_files", default=None)


@contextmanager
def storing():
    """Nested blocks share the outermost list: a failure anywhere removes every file saved."""
    outer = _current.get()
    if outer is not None:
        yield outer
        return
    stored = StoredFiles()
    token = _current.set(stored)
    try:
        yield stored
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise
    finally:
        _current.reset(token)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """One or more files in one field (Django's documented recipe); each one is checked."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            files = [single(d, initial) for d in data if d]
        else:
            files = [single(data, initial)] if data else []
        if self.required and not files:
            raise ValidationError(self.error_messages["required"], code="required")
        errors = []
        for upload in files:
            try:
                upload.checked = check_upload(upload)
            except ValidationError as error:
                errors.extend(
                    ValidationError(f"{upload.name[:80]}: {m}", code=error.code)
                    for m in error.messages
                )
        if errors:
            raise ValidationError(errors)
        return files
