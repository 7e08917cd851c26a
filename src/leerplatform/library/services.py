"""Documents: adding, changing, the bin. (Interface first; the documents work fills it in.)

Keyword-only functions, one transaction each, a ledger row for every change, and the search
index refreshed (`leerplatform.search.index.index`) once a document and its relations are saved.
"""

from __future__ import annotations

from django.db import transaction

from leerplatform.core import activity
from leerplatform.core.models import Verb
from leerplatform.library import files
from leerplatform.library.models import Document
from leerplatform.library.services_files import add_file
from leerplatform.search import index


@transaction.atomic
def create_document(
    *,
    edition,
    actor,
    title: str,
    summary: str,
    kind: str,
    body: str = "",
    themes=(),
    group=None,
    meeting=None,
    authors=(),
    visibility: str = "platform",
    licence: str = "cc-by-4.0",
    uploads=(),
) -> Document:
    """A new document with its files; the actor is an author unless others are named."""
    with files.storing():
        document = Document.objects.create(
            edition=edition,
            title=title,
            summary=summary,
            body=body,
            kind=kind,
            group=group,
            meeting=meeting,
            visibility=visibility,
            licence=licence,
            created_by=actor,
        )
        document.themes.set(themes)
        document.authors.set(authors or [actor])
        activity.record(
            actor=actor,
            verb=Verb.DOCUMENT_ADDED,
            edition=edition,
            target=document,
            visibility=visibility,
        )
        for upload in uploads:
            add_file(document=document, upload=upload, actor=actor)
        index.index(document)
    return document
