"""What the page "Erase my account" reads: what goes, what stays, and the documents one may take.

`alone_authored` is also the rule the erasure service applies to the person's choice: documents
in the library (not in the bin) whose only author is the person and that were never offered to
the field as an output (an output is the authors' joint decision; withdrawing consent is the way
to take one back).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from leerplatform.accounts.models import User
from leerplatform.groups.models import Post
from leerplatform.library.models import Document
from leerplatform.reflection.models import JournalEntry

# The titles the page lists; the rest is counted.
DOCUMENTS_LISTED = 20


def alone_authored(user: User) -> QuerySet[Document]:
    """Documents in the library whose one author is `user`, not offered as an output."""
    with_others = Document.authors.through.objects.exclude(user_id=user.pk).values("document_id")
    return (
        Document.objects.filter(authors=user, deleted_at__isnull=True, output__isnull=True)
        .exclude(pk__in=with_others)
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class ErasePage:
    due_on: dt.date  # the day the account would be erased if asked now
    grace_days: int
    documents: list[Document]  # the first DOCUMENTS_LISTED of those alone authored
    documents_count: int
    shared_documents_count: int  # documents written with others (or offered as an output): stay
    posts_count: int
    journal_count: int


def erase_page(*, user: User, now: dt.datetime | None = None) -> ErasePage:
    """The facts of the page (five queries, however many documents)."""
    now = now or timezone.now()
    grace_days = settings.ERASURE_GRACE_DAYS
    alone = alone_authored(user)
    documents = list(alone.only("pk", "title", "created_at")[:DOCUMENTS_LISTED])
    documents_count = alone.count()
    authored = Document.objects.filter(authors=user, deleted_at__isnull=True).count()
    return ErasePage(
        due_on=timezone.localdate(now + dt.timedelta(days=grace_days)),
        grace_days=grace_days,
        documents=documents,
        documents_count=documents_count,
        shared_documents_count=authored - documents_count,
        posts_count=Post.objects.filter(author=user, deleted_at__isnull=True).count(),
        journal_count=JournalEntry.objects.filter(user=user).count(),
    )
