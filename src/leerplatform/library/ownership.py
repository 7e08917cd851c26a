"""Whose document is whose: taking one's own work is not taking (core.models.VERB_RULES).

A document is a person's own when they are one of its authors, added it, or uploaded a version of
one of its files. `is_own` answers for one document when the ledger is written (a read of one's
own document records nothing, a download of it is recorded as neutral); `owned_entries_q` says
the same of ledger rows when they are counted (core.counting), so that rows written before the
library knew count right too.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, OuterRef, Q, QuerySet
from django.db.models.functions import Cast

from leerplatform.library.models import Document, FileVersion


def is_own(*, document: Document, user) -> bool:
    """Whether `document` is `user`'s own. Uses the authors a page query loaded (`_author_ids`)
    when it did: then one query at most."""
    author_ids = getattr(document, "_author_ids", None)
    if author_ids is None:
        author_ids = set(document.authors.values_list("pk", flat=True))
    if user.pk in author_ids or document.created_by_id == user.pk:
        return True
    return FileVersion.objects.filter(attachment__document=document, uploaded_by=user).exists()


def owned_entries_q(*, actor_id: int | None = None) -> Q:
    """For ActivityEntry querysets: rows about a document whose author or creator is the row's
    actor. (Uploaders are in the ledger already: FILE_UPLOADED makes a document one's own.)

    Two sets, the documents the actor wrote and those they added, each found through its own
    index (the authors' person, the creator): one condition with "author or creator" across the
    authors' join could use neither, and read every document of the library for every counted
    row (0.8 s for one person's dashboard over a ledger of 100,000 rows). Where every row has
    the same actor (one person's count), `actor_id` names them: the sets are then read once for
    the whole count, not again for every row."""

    def keys(documents) -> QuerySet:
        return documents.annotate(key=Cast("pk", output_field=CharField())).values("key")

    actor: Any = OuterRef("actor_id") if actor_id is None else actor_id
    return Q(target_type_id=ContentType.objects.get_for_model(Document).pk) & (
        Q(target_id__in=keys(Document.objects.filter(authors=actor)))
        | Q(target_id__in=keys(Document.objects.filter(created_by=actor)))
    )
