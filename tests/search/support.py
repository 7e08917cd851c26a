"""Rows the search tests share: documents through the library's own service, learning groups,
proposals, and a helper that searches as a person would."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from leerplatform.groups.models import GroupMembership, GroupStatus, LearningGroup
from leerplatform.library.models import Document, DocumentKind
from leerplatform.library.services.documents import create_document
from leerplatform.proposals.models import Proposal, ProposalCall, ProposalKind
from leerplatform.search.engine import Filters, search
from tests import factories


def make_document(edition, actor, title: str, **fields) -> Document:
    """A document made as a member makes one (`create_document` indexes it)."""
    fields.setdefault("summary", "Een korte samenvatting.")
    fields.setdefault("kind", DocumentKind.TOOLKIT)
    return create_document(edition=edition, actor=actor, title=title, **fields)


def dated(document: Document, days_ago: int) -> Document:
    """The document as if added `days_ago` days ago (the index copies the date)."""
    from leerplatform.search import index

    Document.objects.filter(pk=document.pk).update(
        created_at=timezone.now() - dt.timedelta(days=days_ago)
    )
    document.refresh_from_db()
    index.index(document)
    return document


def make_group(edition, name: str, *, members=(), description: str = "") -> LearningGroup:
    group = LearningGroup.objects.create(
        edition=edition, name=name, description=description, status=GroupStatus.ACTIVE
    )
    for user in members:
        join(group, user)
    return group


def join(group: LearningGroup, user) -> None:
    GroupMembership.objects.update_or_create(group=group, user=user, defaults={"left_at": None})
    user.__dict__.pop("_group_roles", None)


def make_proposal(meeting, proposer, title: str, **fields) -> Proposal:
    call, _ = ProposalCall.objects.get_or_create(
        meeting=meeting, defaults={"deadline": meeting.starts_at}
    )
    return Proposal.objects.create(
        call=call,
        proposer=proposer,
        kind=fields.pop("kind", ProposalKind.TOPIC),
        title=title,
        description=fields.pop("description", "Een voorstel voor de plenaire sessie."),
        gains=fields.pop("gains", "Inzicht"),
        duration_minutes=fields.pop("duration_minutes", 45),
        **fields,
    )


def find(user, query: str, **filters) -> list[str]:
    """The titles `user` finds for `query`, best first (tags of highlighting removed)."""
    results = search(user, query, filters=Filters(**filters), limit=100)
    return [h.entry.title for h in results.hits]


def member(edition, **fields):
    return factories.make_member(edition, **fields)
