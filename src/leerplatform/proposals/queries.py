"""Reads for the proposal pages. Each costs a fixed number of queries, whatever the number of
proposals, supports and comments."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, QuerySet, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from leerplatform.meetings.models import Meeting
from leerplatform.proposals.models import Comment, Proposal, ProposalCall, ProposalStatus, Support

SORT_SUPPORT, SORT_NEWEST = "support", "newest"
SORTS = (SORT_SUPPORT, SORT_NEWEST)


def meeting_for_proposals(*, pk: int) -> Meeting | None:
    """A meeting with its edition, plenary theme and call (one query)."""
    return Meeting.objects.select_related("edition", "theme", "proposal_call").filter(pk=pk).first()


def load_meeting(meeting_pk: int) -> Meeting:
    """The loader of `permission_required`: the meeting of the proposal pages, or a 404."""
    meeting = meeting_for_proposals(pk=meeting_pk)
    if meeting is None:
        raise Http404(_("This meeting does not exist."))
    return meeting


def call_of(meeting: Meeting) -> ProposalCall | None:
    """The meeting's call, if one was opened (no query when loaded by `meeting_for_proposals`)."""
    try:
        return meeting.proposal_call
    except ProposalCall.DoesNotExist:
        return None


def _with_counts(queryset: QuerySet[Proposal], *, user) -> QuerySet[Proposal]:
    # Subqueries rather than joins: two Counts over joined tables would multiply each other.
    supports = (
        Support.objects.filter(proposal=OuterRef("pk"))
        .order_by()
        .values("proposal")
        .annotate(n=Count("pk"))
        .values("n")
    )
    comments = (
        Comment.objects.filter(proposal=OuterRef("pk"))
        .order_by()
        .values("proposal")
        .annotate(n=Count("pk"))
        .values("n")
    )
    queryset = queryset.annotate(
        support_count=Coalesce(supports, Value(0)), comment_count=Coalesce(comments, Value(0))
    )
    if user.is_authenticated:
        mine = Support.objects.filter(proposal=OuterRef("pk"), user=user)
        return queryset.annotate(is_supported_by_me=Exists(mine))
    return queryset.annotate(is_supported_by_me=Value(False))


@dataclass
class ProposalList:
    meeting: Meeting
    call: ProposalCall | None
    proposals: list[Proposal] = field(default_factory=list)
    sort: str = SORT_SUPPORT
    status: str = ""
    # For facilitators: (value, label, count) of every status, and the total.
    status_counts: list[tuple[str, str, int]] = field(default_factory=list)
    total: int = 0
    selected: Proposal | None = None


def proposal_list(
    *, meeting: Meeting, user, sort: str = SORT_SUPPORT, status: str = "", with_status_counts: bool
) -> ProposalList:
    """The call's proposals with support and comment counts, sorted; withdrawn ones only when a
    facilitator filters on them. Two queries, three with the facilitators' status counts."""
    call = call_of(meeting)
    sort = sort if sort in SORTS else SORT_SUPPORT
    status = status if with_status_counts and status in ProposalStatus.values else ""
    result = ProposalList(meeting=meeting, call=call, sort=sort, status=status)
    if call is None:
        return result
    queryset = Proposal.objects.filter(call=call)
    if with_status_counts:
        counts = dict(
            queryset.order_by()
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
        result.status_counts = [
            (value, str(label), counts.get(value, 0)) for value, label in ProposalStatus.choices
        ]
        result.total = sum(n for value, n in counts.items() if value != ProposalStatus.WITHDRAWN)
    queryset = (
        queryset.filter(status=status)
        if status
        else queryset.exclude(status=ProposalStatus.WITHDRAWN)
    )
    queryset = _with_counts(queryset.select_related("proposer", "theme"), user=user)
    order = ["-created_at", "-id"]
    if sort == SORT_SUPPORT:
        order = ["-support_count", *order]
    result.proposals = list(queryset.order_by(*order))
    for proposal in result.proposals:
        proposal.call = call  # the rules read call.meeting: no query per row
        if proposal.status == ProposalStatus.SELECTED:
            result.selected = proposal
    return result


def proposal_for_page(*, pk: int, user) -> Proposal | None:
    """One proposal with its call, meeting, edition, proposer, theme, counts (one query)."""
    queryset = Proposal.objects.select_related(
        "call__meeting__edition", "call__meeting__theme", "proposer", "theme", "decided_by"
    ).filter(pk=pk)
    return _with_counts(queryset, user=user).first()


def comments_of(*, proposal: Proposal) -> list[Comment]:
    """The proposal's comments, oldest first, with their authors (one query)."""
    return list(
        Comment.objects.filter(proposal=proposal)
        .select_related("author")
        .order_by("created_at", "id")
    )


def support_state(*, proposal: Proposal, user) -> Proposal:
    """The proposal again with fresh support counts, for the support button (one query)."""
    fresh = _with_counts(Proposal.objects.filter(pk=proposal.pk), user=user).values(
        "support_count",  # type: ignore[misc]  # annotated by _with_counts
        "is_supported_by_me",
    )[0]
    proposal.support_count = fresh["support_count"]  # type: ignore[attr-defined]
    proposal.is_supported_by_me = fresh["is_supported_by_me"]  # type: ignore[attr-defined]
    return proposal
