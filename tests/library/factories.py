"""Documents for tests: one made through the service as a person would (`make_document`), many at
once as plain rows for query counts (`bulk_documents`), and the groups they belong to."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from leerplatform.core.visibility import Visibility
from leerplatform.groups.models import GroupMembership, GroupStatus, LearningGroup
from leerplatform.library.models import Attachment, Document, DocumentKind, FileVersion
from leerplatform.library.services.documents import create_document


def text_upload(name: str = "handleiding.txt", text: str = "Een handleiding voor leergroepen."):
    """A plain-text file as a browser sends it."""
    return SimpleUploadedFile(name, text.encode(), content_type="text/plain")


def make_group(edition, *, members=(), coordinators=(), name: str | None = None) -> LearningGroup:
    """An active learning group of `edition` with these active members."""
    group = LearningGroup.objects.create(
        edition=edition,
        name=name or f"Leergroep {LearningGroup.objects.count() + 1}",
        status=GroupStatus.ACTIVE,
    )
    group.themes.set([edition.themes.first()])
    for user in coordinators:
        GroupMembership.objects.create(group=group, user=user, is_coordinator=True)
    for user in members:
        GroupMembership.objects.create(group=group, user=user)
    for user in (*coordinators, *members):
        user.__dict__.pop("_group_roles", None)
    return group


def make_document(edition, actor, *, uploads=(), **fields) -> Document:
    """A document in `edition` by `actor` through `create_document` (fields: title, summary,
    kind, body, themes, group, meeting, authors, visibility, licence)."""
    defaults = {
        "title": "Toolkit intervisie",
        "summary": "Werkvormen voor intervisie in leergroepen.",
        "kind": DocumentKind.TOOLKIT,
    }
    return create_document(edition=edition, actor=actor, uploads=uploads, **(defaults | fields))


def bulk_documents(
    edition,
    count: int,
    *,
    authors=(),
    themes=(),
    group=None,
    visibility: str = Visibility.PLATFORM,
    files: int = 1,
    title: str = "Document",
) -> list[Document]:
    """`count` plain documents (not indexed), each with `files` attachments and every author and
    theme given: enough rows to show that a page's query count does not grow."""
    now = timezone.now()
    documents = Document.objects.bulk_create(
        Document(
            edition=edition,
            title=f"{title} {i}",
            summary=f"Samenvatting {i}",
            kind=DocumentKind.values[i % len(DocumentKind.values)],
            group=group,
            visibility=visibility,
            created_at=now - dt.timedelta(minutes=i),
        )
        for i in range(count)
    )
    if not all(d.pk for d in documents):
        documents = list(Document.objects.filter(edition=edition, title__startswith=title))
    Document.themes.through.objects.bulk_create(
        Document.themes.through(document_id=d.pk, theme_id=t.pk) for d in documents for t in themes
    )
    Document.authors.through.objects.bulk_create(
        Document.authors.through(document_id=d.pk, user_id=a.pk) for d in documents for a in authors
    )
    for document in documents:
        for n in range(files):
            attachment = Attachment.objects.create(document=document)
            attachment.current = FileVersion.objects.create(
                attachment=attachment,
                number=1,
                file=f"library/xx/{document.pk}-{n}",
                original_name=f"bestand-{n}.txt",
                size=10,
                content_type="text/plain",
                sha256="0" * 64,
            )
            attachment.save(update_fields=["current"])
    return documents
