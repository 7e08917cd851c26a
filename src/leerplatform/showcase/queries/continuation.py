"""Reads for continuing an edition; each costs a fixed number of queries whatever the data size."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypedDict, cast

from django.db.models import Count, Q, QuerySet

from leerplatform.editions.models import ContinuationInvitation, ContinuationStatus, Edition
from leerplatform.groups.models import GroupMembership, GroupStatus, LearningGroup

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


def continuable_groups(*, edition: Edition) -> QuerySet[LearningGroup]:
    """The edition's learning groups with their number of active members, by name (one query
    when evaluated; the form's choices)."""
    return (
        LearningGroup.objects.filter(edition=edition)
        .annotate(active_members=Count("memberships", filter=Q(memberships__left_at__isnull=True)))
        .order_by("name")
    )


@dataclass
class ContinuationRow:
    edition: Edition
    asked: int = 0
    continues: int = 0
    stops: int = 0


class _Answers(TypedDict):
    asked: int
    continues: int
    stops: int


def continuations_of(*, edition: Edition) -> list[ContinuationRow]:
    """The editions that continue `edition`, newest first, with how the invited people answered
    (one query)."""
    # One count per status, named after it (ContinuationStatus: asked, continues, stops).
    rows = cast(
        "QuerySet[WithAnnotations[Edition, _Answers]]",
        Edition.objects.filter(continued_from=edition).annotate(
            **{
                status: Count(
                    "continuation_invitations",
                    filter=Q(continuation_invitations__status=status),
                )
                for status in ContinuationStatus.values
            }
        ),
    )
    return [
        ContinuationRow(edition=e, asked=e.asked, continues=e.continues, stops=e.stops)
        for e in rows.order_by("-starts_on", "-pk")
    ]


def invitation_for(*, slug: str, user) -> ContinuationInvitation | None:
    """`user`'s invitation to continue in the edition `slug`, with the new and the old edition
    (one query); None for anyone not invited."""
    if user is None or not user.is_authenticated:
        return None
    return (
        ContinuationInvitation.objects.filter(edition__slug=slug, user=user)
        .select_related("edition", "edition__continued_from")
        .first()
    )


def choosable_groups(*, invitation: ContinuationInvitation) -> QuerySet[LearningGroup]:
    """The carried-over groups this person may join: those of the new edition that continue a
    group they were an active member of at the close."""
    return (
        LearningGroup.objects.filter(
            edition=invitation.edition_id,
            # active(): also still a member of the old edition (ex-members keep no group).
            continued_from__in=GroupMembership.objects.active()
            .filter(user=invitation.user_id)
            .values("group_id"),
        )
        .exclude(status=GroupStatus.CLOSED)
        .order_by("name")
    )


@dataclass
class AnswerPage:
    invitation: ContinuationInvitation
    choosable: list[LearningGroup]
    chosen: set[int] = field(default_factory=set)
    old_groups: list[LearningGroup] = field(default_factory=list)


def answer_page(*, invitation: ContinuationInvitation) -> AnswerPage:
    """The carried-over groups the person may join (with the old group each continues), those
    they chose, and their groups in the old edition (three queries)."""
    old = invitation.edition.continued_from
    return AnswerPage(
        invitation=invitation,
        choosable=list(choosable_groups(invitation=invitation).select_related("continued_from")),
        chosen=set(invitation.groups.values_list("pk", flat=True)),
        old_groups=[
            m.group
            for m in GroupMembership.objects.active()
            .filter(user=invitation.user_id, group__edition=old)
            .select_related("group")
            .order_by("group__name")
        ]
        if old is not None
        else [],
    )
