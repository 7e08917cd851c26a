"""Reads for the file pages: a document's list of files, one file's history, the objects behind a
download. Each costs a fixed number of queries, whatever the number of files and versions.

The objects come with their document, its edition and group loaded: the library's rules read them
(`library.view_document`, `library.download`, `library.change_document`)."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from leerplatform.library.files import type_label
from leerplatform.library.models import Attachment, Document, FileVersion

_DOCUMENT = ("document__edition", "document__group")


def _labelled(versions):
    for version in versions:
        version.type_label = type_label(version.content_type)
    return versions


def document_for_files(*, pk: int) -> Document | None:
    """A document (alive or in the bin: the rules decide) with its edition and group (one query)."""
    return Document.objects.select_related("edition", "group").filter(pk=pk).first()


def load_document_for_files(*, pk: int) -> Document:
    """The loader of `permission_required` for a document's file pages: the document, or a 404."""
    document = document_for_files(pk=pk)
    if document is None:
        raise Http404(_("This document does not exist."))
    return document


def files_of(document: Document) -> list[Attachment]:
    """The document's files in the order they were added, each with its current version and who
    uploaded it (one query)."""
    attachments = list(
        Attachment.objects.filter(document=document, current__isnull=False)
        .select_related("current__uploaded_by")
        .order_by("created_at", "pk")
    )
    _labelled([a.current for a in attachments])
    return attachments


def attachment_for(*, pk: int) -> Attachment | None:
    """A file with its current version and its document, edition and group (one query)."""
    return Attachment.objects.select_related("current", *_DOCUMENT).filter(pk=pk).first()


def version_for(*, pk: int) -> FileVersion | None:
    """A version with its file's document, edition and group (one query)."""
    return (
        FileVersion.objects.select_related(*(f"attachment__{r}" for r in _DOCUMENT))
        .filter(pk=pk)
        .first()
    )


def history(*, attachment: Attachment) -> list[FileVersion]:
    """Every version of a file, newest first, with who uploaded it and the version a restore came
    from (one query)."""
    return _labelled(
        list(
            FileVersion.objects.filter(attachment=attachment)
            .select_related("uploaded_by", "restored_from")
            .order_by("-number")
        )
    )
