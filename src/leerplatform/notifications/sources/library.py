"""Notifications from the library's events.

- `document_added`: the followers of the document's group hear of it ("document_added", in the
  group); the followers of each of its themes who were not told through the group hear of it in
  that theme. The document's visibility, edition and group decide who may be told: a group-only
  or confidential document reaches only the group's active members (and a confidential one's
  notification has no title).
- `version_stored`: a new version of a file, uploaded or restored, tells the document's followers
  ("document_version"), with the same rule. The versions stored while a document is being made
  tell nobody: its authors only start to follow it once it is added.
"""

from __future__ import annotations

from django.dispatch import receiver
from django.urls import reverse

from leerplatform.library import events
from leerplatform.library.models import Document, FileVersion
from leerplatform.notifications.services import followers, notify


def _told(document: Document, kind: str, people, *, actor, where: str = "", url: str = ""):
    return notify(
        kind,
        people,
        actor=actor,
        target=document,
        edition=document.edition,
        group=document.group,
        visibility=document.visibility,
        url=url or reverse("library:document", kwargs={"pk": document.pk}),
        where_label=where or None,
        excerpt=document.summary,
    )


@receiver(events.document_added, dispatch_uid="notifications_document_added")
def document_added(sender, document: Document, actor=None, **kwargs) -> None:
    if document.deleted_at is not None:
        return
    told: set[int] = set()
    if document.group is not None:
        made = _told(
            document,
            "document_added",
            followers(document.group),
            actor=actor,
            where=str(document.group),
        )
        told |= {row.recipient_id for row in made}
    for theme in document.themes.order_by("position"):
        people = set(followers(theme)) - told
        if not people:
            continue
        made = _told(document, "document_added", people, actor=actor, where=str(theme))
        told |= {row.recipient_id for row in made}


@receiver(events.version_stored, dispatch_uid="notifications_version_stored")
def version_stored(sender, version: FileVersion, **kwargs) -> None:
    document = (
        Document.objects.select_related("edition", "group")
        .filter(pk=version.attachment.document_id, deleted_at__isnull=True)
        .first()
    )
    if document is None:
        return
    people = followers(document)
    if not people:
        return
    url = reverse("library:history", kwargs={"attachment_pk": version.attachment_id})
    _told(document, "document_version", people, actor=version.uploaded_by, url=url)
