"""What waits for a person in an edition ("Dit wacht op je"), and a new member's first steps.

A fixed number of queries whatever the number of participants, groups, applications or
proposals, for every role:

- me: my membership with my profile, the latest agreements and whether I accepted them, the
  consents I am asked for, my place at the next meeting and whether I took part in an open call
  (one query, scalar subqueries);
- my groups: my active groups with, per group, whether I coordinate it, its pending join
  requests, the state of its work plan and whether it reported for the next meeting (one query);
- the calls for proposals of the coming meetings with their undecided proposals (one query);
- for facilitators (and staff) only: the applications to decide and the active groups without a
  report for the next meeting (one query).

The meetings (the next one, today's) come from the overview the dashboard reads anyway, and the
reflections and evaluations to do from the prompts (pages.queries.dashboard).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import (
    CharField,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Subquery,
)
from django.db.models.functions import Concat, Length
from django.utils import timezone

from leerplatform.accounts.models import User
from leerplatform.core.reversing import cached_reverse
from leerplatform.core.shared_reads import personal, shared
from leerplatform.core.statements import Statement
from leerplatform.editions.models import Edition, Membership, Role
from leerplatform.groups.models import (
    GroupMembership,
    GroupStatus,
    JoinRequest,
    JoinRequestStatus,
    LearningGroup,
    ProgressReport,
    WorkPlanVersion,
)
from leerplatform.meetings.models import (
    Meeting,
    MeetingStatus,
    Registration,
    RegistrationStatus,
    is_registration_open,
)
from leerplatform.membership.models import (
    Agreement,
    AgreementAcceptance,
    Application,
    ApplicationStatus,
)
from leerplatform.pages.queries.edition import OverviewMeeting
from leerplatform.proposals.models import Proposal, ProposalCall, ProposalStatus, Support
from leerplatform.showcase.models import Consent, ConsentStatus

LIST_LIMIT = 10
MEETINGS_SHOWN = 3  # meetings to reflect on, and to evaluate: the newest; the rest as one link
# A member is new, and sees their first steps (until done or put away), this long after joining.
ONBOARDING_PERIOD = dt.timedelta(weeks=6)
UNDECIDED_PROPOSALS = [ProposalStatus.SUBMITTED, ProposalStatus.SHORTLISTED]


def _count(queryset) -> Subquery:
    """A scalar subquery counting the rows of `queryset` (no GROUP BY: one number)."""
    return Subquery(
        queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")[:1],
        output_field=IntegerField(),
    )


# --- What the dashboard shows -------------------------------------------------------------------


@dataclass
class Item:
    """One thing that waits: what (already translated by the template), where to do it, how many."""

    kind: str  # the template's key: decide_applications, choose_proposals, ...
    url: str
    count: int = 0
    label: str = ""  # a proper name: a group, a meeting
    when: dt.datetime | None = None


@dataclass
class Step:
    """One step of a new member's first steps."""

    kind: str  # agreements, profile, group, meeting, call
    url: str
    done: bool


@dataclass
class Waiting:
    items: list[Item] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)  # empty: no first steps to show
    # My membership's facts as read for the items (None for someone who is no active member):
    # the dashboard's phase focus reuses them (the consents I am asked for).
    me: Me | None = None

    @property
    def steps_done(self) -> int:
        return sum(step.done for step in self.steps)

    @property
    def items_key(self) -> str:
        """Everything the list of what waits shows (`editions/_waiting.html`, beside the balance
        the dashboard gives it): the key of its shared fragment. The items are this person's,
        decided per request; the HTML for them is the same for whoever has the same items."""
        return "|".join(
            f"{i.kind} {i.url} {i.count} {i.label} {i.when.isoformat() if i.when else ''}"
            for i in self.items
        )

    @property
    def steps_key(self) -> str:
        """Everything the first steps show (`editions/_onboarding.html`): the key of its shared
        fragment, so two people whose steps stand alike share one rendering."""
        return "|".join(f"{step.kind} {step.done} {step.url}" for step in self.steps)


# --- The reads ----------------------------------------------------------------------------------


@dataclass
class Me:
    """My membership of the edition with the scalar facts the items and the first steps need."""

    user: User
    joined_at: dt.datetime
    onboarding_dismissed_at: dt.datetime | None
    agreement_pk: int | None
    agreement_accepted: bool
    has_expertise: bool
    consents_asked: int
    registered_next: bool
    took_part_in_call: bool


NO_MEETING = 0  # an id no meeting has: "no next meeting" without changing the query's shape


def _me_query(user_id: int, edition_id: int, next_meeting_id: int):
    latest = Agreement.objects.filter(edition_id=edition_id).order_by("-version")
    # The latest deadline of a call I took part in (proposed, or supported a proposal): whether
    # that call is still open is decided at the request, so the row can be kept.
    calls = ProposalCall.objects.filter(
        meeting__edition_id=edition_id, meeting__status=MeetingStatus.PUBLISHED
    )
    proposed = Proposal.objects.filter(call__in=calls, proposer_id=user_id).order_by(
        "-call__deadline"
    )
    supported = Support.objects.filter(proposal__call__in=calls, user_id=user_id).order_by(
        "-proposal__call__deadline"
    )
    return (
        Membership.objects.active()
        .filter(edition_id=edition_id, user_id=user_id)
        .annotate(
            agreement_pk=Subquery(latest.values("pk")[:1]),
            agreement_accepted=Exists(
                AgreementAcceptance.objects.filter(
                    user_id=user_id, agreement=Subquery(latest.values("pk")[:1])
                )
            ),
            has_expertise=Exists(User.expertise.through.objects.filter(user_id=user_id)),
            consents_asked=_count(
                Consent.objects.filter(
                    author_id=user_id, status=ConsentStatus.ASKED, output__edition_id=edition_id
                )
            ),
            registered_next=Exists(
                Registration.objects.filter(meeting_id=next_meeting_id, user_id=user_id).exclude(
                    status=RegistrationStatus.CANCELLED
                )
            ),
            proposed_until=Subquery(proposed.values("call__deadline")[:1]),
            supported_until=Subquery(supported.values("proposal__call__deadline")[:1]),
        )
        .values_list(
            "joined_at",
            "onboarding_dismissed_at",
            "agreement_pk",
            "agreement_accepted",
            "has_expertise",
            "consents_asked",
            "registered_next",
            "proposed_until",
            "supported_until",
        )[:1]
    )


# Building these two queries' SQL cost more than the rest of "Dit wacht op je": built once per
# process (core.statements), run with the person's, the edition's and the meeting's ids.
_ME = Statement(_me_query)


def _me(*, edition: Edition, user, next_meeting: OverviewMeeting | None) -> Me | None:
    """My membership of the edition with the scalar facts the items and the first steps need,
    or None when I am no active member (one query; kept for me under the content version and my
    own version, `core.shared_reads.personal`: an acceptance is a private row)."""
    meeting_id = next_meeting.pk if next_meeting is not None else NO_MEETING
    row = personal(
        f"me:{edition.pk}:{meeting_id}",
        user,
        lambda: _ME.row(user.pk, edition.pk, meeting_id),
    )
    if row is None:
        return None
    joined, dismissed, agreement, accepted, expertise, consents, registered, *until = row
    now = timezone.now()
    took_part = any(deadline is not None and deadline > now for deadline in until)
    return Me(
        user=user,
        joined_at=joined,
        onboarding_dismissed_at=dismissed,
        agreement_pk=agreement,
        agreement_accepted=bool(accepted),
        has_expertise=bool(expertise),
        consents_asked=consents or 0,
        registered_next=bool(registered),
        took_part_in_call=bool(took_part),
    )


@dataclass
class MyGroup:
    """One of my active groups with what waits in it."""

    group_id: int
    name: str
    status: str
    is_coordinator: bool
    pending_requests: int
    plan_agreed_at: dt.datetime | None
    plan_length: int | None
    has_report: bool


def _my_groups_query(user_id: int, edition_id: int, next_meeting_id: int):
    latest = WorkPlanVersion.objects.filter(group=OuterRef("group")).order_by("-number")
    text = Concat(*WorkPlanVersion.PARTS, output_field=CharField())
    return (
        GroupMembership.objects.active()
        .filter(user_id=user_id, group__edition_id=edition_id)
        .annotate(
            pending_requests=_count(
                JoinRequest.objects.filter(
                    group=OuterRef("group"), status=JoinRequestStatus.PENDING
                )
            ),
            plan_agreed_at=Subquery(latest.values("agreed_at")[:1]),
            plan_length=Subquery(latest.annotate(length=Length(text)).values("length")[:1]),
            has_report=Exists(
                ProgressReport.objects.filter(group=OuterRef("group"), meeting_id=next_meeting_id)
            ),
        )
        .order_by("group__name", "group__pk")
        .values_list(
            "group_id",
            "group__name",
            "group__status",
            "is_coordinator",
            "pending_requests",
            "plan_agreed_at",
            "plan_length",
            "has_report",
        )
    )


_MY_GROUPS = Statement(_my_groups_query)


def _my_groups(*, edition: Edition, user, next_meeting: OverviewMeeting | None) -> list[MyGroup]:
    """My active groups of the edition, with what waits in each (one query; kept for me under
    the content version, `core.shared_reads.personal`)."""
    meeting_id = next_meeting.pk if next_meeting is not None else NO_MEETING
    rows = personal(
        f"my-groups:{edition.pk}:{meeting_id}",
        user,
        lambda: _MY_GROUPS.rows(user.pk, edition.pk, meeting_id),
    )
    return [
        MyGroup(
            group_id=group_id,
            name=name,
            status=status,
            is_coordinator=bool(coordinator),
            pending_requests=pending or 0,
            plan_agreed_at=agreed_at,
            plan_length=length,
            has_report=bool(reported),
        )
        for group_id, name, status, coordinator, pending, agreed_at, length, reported in rows
    ]


@dataclass(frozen=True)
class OpenCall:
    """A call for proposals of a coming published meeting, with its undecided proposals."""

    meeting_id: int
    meeting_title: str
    deadline: dt.datetime
    undecided: int


def _calls_query(edition_id: int):
    return (
        ProposalCall.objects.filter(
            meeting__edition_id=edition_id, meeting__status=MeetingStatus.PUBLISHED
        )
        .annotate(
            undecided=_count(
                Proposal.objects.filter(call=OuterRef("pk"), status__in=UNDECIDED_PROPOSALS)
            )
        )
        .order_by("deadline", "pk")
        .values_list("meeting_id", "meeting__title", "deadline", "undecided", "meeting__ends_at")
    )


def _edition_counts_query(edition_id: int, meeting_id: int):
    reported = ProgressReport.objects.filter(group=OuterRef("pk"), meeting_id=meeting_id)
    return (
        Edition.objects.filter(pk=edition_id)
        .annotate(
            to_decide=_count(
                Application.objects.filter(
                    edition=OuterRef("pk"),
                    status=ApplicationStatus.SUBMITTED,
                    email_verified_at__isnull=False,
                    user__isnull=False,
                )
            ),
            unreported=_count(
                LearningGroup.objects.filter(
                    edition=OuterRef("pk"), status=GroupStatus.ACTIVE
                ).exclude(Exists(reported))
            ),
        )
        .values_list("to_decide", "unreported")
    )


_CALLS = Statement(_calls_query)
_EDITION_COUNTS = Statement(_edition_counts_query)


def _calls(*, edition: Edition, now: dt.datetime) -> list[OpenCall]:
    """The calls for proposals of the coming published meetings, with their undecided proposals
    (one query, its SQL built once). The calls of every published meeting of the edition (a
    handful) are kept for everyone under the content version (`core.shared_reads.shared`); which
    meetings are still to come is decided now."""
    rows = shared(f"proposal-calls:{edition.pk}", lambda: _CALLS.rows(edition.pk))
    return [OpenCall(*row[:4]) for row in rows if row[4] >= now][:LIST_LIMIT]


def _edition_counts(*, edition: Edition, next_meeting: OverviewMeeting | None) -> dict[str, int]:
    """For facilitators: the confirmed applications to decide, and the active groups without a
    report for the next meeting (one query, its SQL built once; the same for every facilitator,
    kept under the content version)."""
    meeting_id = next_meeting.pk if next_meeting is not None else NO_MEETING
    row = shared(
        f"facilitator-counts:{edition.pk}:{meeting_id}",
        lambda: _EDITION_COUNTS.row(edition.pk, meeting_id),
    )
    to_decide, unreported = row if row is not None else (0, 0)
    return {"to_decide": to_decide or 0, "unreported": unreported or 0}


# --- Putting it together ------------------------------------------------------------------------


def waiting_for(
    *,
    edition: Edition,
    user,
    role: str | None,
    next_meeting: OverviewMeeting | None,
    meetings: Sequence[OverviewMeeting],
    reflections: Sequence[Meeting] = (),
    evaluations: Sequence[Meeting] = (),
) -> Waiting:
    """What waits for `user` in `edition`, in the order of urgency, and their first steps if they
    are a participant who has not done them all nor put them away. At most four queries."""
    waiting = Waiting()
    items = waiting.items
    is_facilitator = role == Role.FACILITATOR or (role is None and user.is_staff)
    now = timezone.now()
    today = timezone.localdate(now)

    calls = _calls(edition=edition, now=now)

    # Facilitators: decide, choose, check in, chase reports.
    if is_facilitator:
        counts = _edition_counts(edition=edition, next_meeting=next_meeting)
        if counts["to_decide"]:
            items.append(
                Item(
                    "decide_applications",
                    cached_reverse("membership:review", args=[edition.slug]) + "?status=submitted",
                    count=counts["to_decide"],
                )
            )
        for call in calls:
            if call.undecided:
                items.append(
                    Item(
                        "choose_proposals",
                        cached_reverse("proposals:list", args=[call.meeting_id]),
                        count=call.undecided,
                        label=call.meeting_title,
                        when=call.deadline,
                    )
                )
        for planned in meetings:
            if timezone.localdate(planned.starts_at) == today:
                items.append(
                    Item(
                        "check_in",
                        cached_reverse("meetings:attendance", args=[planned.pk]),
                        label=planned.title,
                        when=planned.starts_at,
                    )
                )
        if next_meeting is not None and counts["unreported"]:
            items.append(
                Item(
                    "missing_reports",
                    cached_reverse("groups:meeting_reports", args=[next_meeting.pk]),
                    count=counts["unreported"],
                    label=next_meeting.title,
                    when=next_meeting.report_deadline or next_meeting.starts_at,
                )
            )

    if role is None:
        return waiting

    me = waiting.me = _me(edition=edition, user=user, next_meeting=next_meeting)
    if me is None:
        return waiting
    groups = _my_groups(edition=edition, user=user, next_meeting=next_meeting)

    # Coordinators: join requests, the work plan to agree.
    for row in groups:
        if row.is_coordinator and row.pending_requests:
            items.append(
                Item(
                    "join_requests",
                    cached_reverse("groups:members", args=[row.group_id]),
                    count=row.pending_requests,
                    label=row.name,
                )
            )
    for row in groups:
        if row.is_coordinator and row.plan_length and row.plan_agreed_at is None:
            items.append(
                Item(
                    "agree_workplan",
                    cached_reverse("groups:workplan", args=[row.group_id]),
                    label=row.name,
                )
            )

    # Members.
    if role == Role.PARTICIPANT and me.agreement_pk is not None and not me.agreement_accepted:
        items.append(
            Item("accept_agreements", cached_reverse("membership:agreements", args=[edition.slug]))
        )
    if me.consents_asked:
        items.append(
            Item(
                "consents",
                cached_reverse("showcase:consents", args=[edition.slug]),
                count=me.consents_asked,
            )
        )
    if role == Role.PARTICIPANT and next_meeting is not None:
        for row in groups:
            if row.status == GroupStatus.ACTIVE and not row.has_report:
                items.append(
                    Item(
                        "report_due",
                        cached_reverse("groups:report", args=[row.group_id, next_meeting.pk]),
                        label=row.name,
                        when=next_meeting.report_deadline or next_meeting.starts_at,
                    )
                )
    for meeting in reflections[:MEETINGS_SHOWN]:
        items.append(
            Item(
                "reflect",
                cached_reverse("reflection:reflect", args=[meeting.pk]),
                label=meeting.title,
                when=meeting.starts_at,
            )
        )
    for meeting in evaluations[:MEETINGS_SHOWN]:
        items.append(
            Item(
                "evaluate",
                cached_reverse("reflection:evaluate", args=[meeting.pk]),
                label=meeting.title,
                when=meeting.starts_at,
            )
        )
    more = max(len(reflections) - MEETINGS_SHOWN, 0) + max(len(evaluations) - MEETINGS_SHOWN, 0)
    if more:
        items.append(
            Item(
                "more_meetings",
                cached_reverse("reflection:journal", args=[edition.slug]),
                count=more,
            )
        )
    if (
        role == Role.PARTICIPANT
        and next_meeting is not None
        and not me.registered_next
        and is_registration_open(next_meeting, now=now)
    ):
        items.append(
            Item(
                "register",
                cached_reverse("meetings:detail", args=[next_meeting.pk]),
                label=next_meeting.title,
                when=next_meeting.starts_at,
            )
        )
    if role == Role.PARTICIPANT:
        for call in calls:
            if call.deadline > now:
                items.append(
                    Item(
                        "open_call",
                        cached_reverse("proposals:list", args=[call.meeting_id]),
                        label=call.meeting_title,
                        when=call.deadline,
                    )
                )

    if (
        role == Role.PARTICIPANT
        and me.onboarding_dismissed_at is None
        and me.joined_at > now - ONBOARDING_PERIOD
    ):
        waiting.steps = first_steps(
            edition=edition,
            me=me,
            in_group=bool(groups),
            next_meeting=next_meeting,
            open_call=next((c for c in calls if c.deadline > now), None),
        )
    return waiting


def first_steps(*, edition: Edition, me: Me, in_group: bool, next_meeting, open_call) -> list[Step]:
    """A new member's checklist, or [] once every step is done (no query)."""
    person = me.user
    steps = [
        Step(
            "agreements",
            cached_reverse("membership:agreements", args=[edition.slug]),
            done=me.agreement_pk is None or me.agreement_accepted,
        ),
        Step(
            "profile",
            cached_reverse("accounts:profile"),
            done=bool(person.photo) and bool(person.bio.strip()) and me.has_expertise,
        ),
        Step("group", cached_reverse("groups:list", args=[edition.slug]), done=in_group),
    ]
    if next_meeting is not None:
        steps.append(
            Step(
                "meeting",
                cached_reverse("meetings:detail", args=[next_meeting.pk]),
                done=me.registered_next,
            )
        )
    if open_call is not None:
        steps.append(
            Step(
                "call",
                cached_reverse("proposals:list", args=[open_call.meeting_id]),
                done=me.took_part_in_call,
            )
        )
    if all(step.done for step in steps):
        return []
    return steps
