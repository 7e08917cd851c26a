"""What the dashboard puts first in each phase of the edition, and the prompts that follow.

Each phase reads only what it shows, with a fixed number of queries whatever the number of
participants, meetings or ledger rows: orientation 1, start-up 1, connecting and building 3,
consolidation 2 (1 for a member: the consents they are asked for come with what waits for
them), closed 2; the prompts (every phase after start-up, for members) 3. The next and
the closing meeting come from the overview the dashboard reads anyway. `dashboard` puts the page
together: the overview (pages.queries.edition), the member's role, the recent activity they may
see, the phase's first section and the prompts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Concat, Length
from django.utils import timezone

from leerplatform.core import fragments
from leerplatform.core.models import ActivityEntry
from leerplatform.core.shared_reads import personal, shared
from leerplatform.core.statements import Statement, totals
from leerplatform.editions.models import ContinuationInvitation, Edition, Phase, Role
from leerplatform.editions.rules import roles_of
from leerplatform.groups.models import (
    GroupMembership,
    GroupStatus,
    LearningGroup,
    ProgressReport,
    WorkPlanVersion,
)
from leerplatform.meetings.attendance import attended_meetings_q
from leerplatform.meetings.models import Meeting, MeetingStatus, Registration
from leerplatform.membership.models import Agreement, AgreementAcceptance
from leerplatform.pages.queries.activity import recent_activity
from leerplatform.pages.queries.edition import EditionOverview, OverviewMeeting, edition_overview
from leerplatform.pages.queries.waiting import Waiting, waiting_for
from leerplatform.proposals.models import ProposalCall
from leerplatform.reflection.models import EvaluationReceipt, JournalEntry
from leerplatform.reflection.queries.balance import summary
from leerplatform.showcase.models import ClosingReport, Consent, ConsentStatus, Output

PHASES_WITH_PROMPTS = {Phase.CONNECTING, Phase.BUILDING, Phase.CONSOLIDATION, Phase.CLOSED}
LIST_LIMIT = 10


# --- Orientation --------------------------------------------------------------------------------


@dataclass
class OrientationFocus:
    """Apply (non-members), the agreements (accept them), who is who."""

    agreement: Agreement | None = None  # the latest version
    has_accepted: bool = False


def orientation_focus(*, edition: Edition, user) -> OrientationFocus:
    """The latest agreements and whether this person accepted them (one query)."""

    agreement = (
        Agreement.objects.filter(edition=edition)
        .order_by("-version")
        .annotate(
            accepted=Exists(
                AgreementAcceptance.objects.filter(user=user.pk, agreement=OuterRef("pk"))
            )
        )
        .first()
    )
    return OrientationFocus(
        agreement=agreement, has_accepted=bool(agreement is not None and agreement.accepted)
    )


# --- Start-up -----------------------------------------------------------------------------------


@dataclass
class GroupPlan:
    """One of my groups, with the state of its work plan."""

    group: LearningGroup
    version: int | None
    is_agreed: bool
    is_empty: bool

    @property
    def needs_work(self) -> bool:
        return self.is_empty or not self.is_agreed


@dataclass
class StartupFocus:
    """Choose a learning group (if in none), write the work plan (if empty or not agreed)."""

    groups: list[GroupPlan] = field(default_factory=list)


def _my_group_memberships(*, edition: Edition, user):

    return (
        GroupMembership.objects.active()
        .filter(user=user.pk, group__edition=edition)
        .select_related("group")
        .order_by("group__name")
    )


def startup_focus(*, edition: Edition, user) -> StartupFocus:
    """My groups with their current work plan's number, whether it is agreed and whether it says
    anything yet (one query)."""

    latest = WorkPlanVersion.objects.filter(group=OuterRef("group")).order_by("-number")
    text = Concat(*WorkPlanVersion.PARTS, output_field=CharField())
    rows = _my_group_memberships(edition=edition, user=user).annotate(
        plan_number=Subquery(latest.values("number")[:1]),
        plan_agreed_at=Subquery(latest.values("agreed_at")[:1]),
        plan_length=Subquery(latest.annotate(length=Length(text)).values("length")[:1]),
    )
    return StartupFocus(
        groups=[
            GroupPlan(
                group=row.group,
                version=row.plan_number,
                is_agreed=row.plan_agreed_at is not None,
                is_empty=not row.plan_length,
            )
            for row in rows
        ]
    )


# --- Connecting and building --------------------------------------------------------------------


@dataclass
class ReportDue:
    group: LearningGroup
    has_report: bool


@dataclass
class BuildingFocus:
    """The next meeting (and my place), open calls for proposals, my groups' reports due."""

    next_meeting: OverviewMeeting | None = None
    registration: Registration | None = None  # mine, for the next meeting
    report_deadline: dt.datetime | None = None
    reports: list[ReportDue] = field(default_factory=list)
    open_calls: list[ProposalCall] = field(default_factory=list)


def building_focus(
    *, edition: Edition, user, next_meeting: OverviewMeeting | None
) -> BuildingFocus:
    """Three queries at most: my registration, my active groups with their report for the next
    meeting (when there is one), and the open calls for proposals."""

    focus = BuildingFocus(next_meeting=next_meeting)
    meeting_pk = next_meeting.pk if next_meeting is not None else None
    focus.registration = (
        Registration.objects.filter(meeting=meeting_pk, user=user.pk)
        .exclude(status="cancelled")
        .first()
    )
    if next_meeting is not None:
        focus.report_deadline = next_meeting.report_deadline or next_meeting.starts_at
    if next_meeting is not None:
        rows = (
            _my_group_memberships(edition=edition, user=user)
            .filter(group__status=GroupStatus.ACTIVE)
            .annotate(
                has_report=Exists(
                    ProgressReport.objects.filter(group=OuterRef("group"), meeting=meeting_pk)
                )
            )
        )
        focus.reports = [ReportDue(group=row.group, has_report=row.has_report) for row in rows]
    focus.open_calls = list(
        ProposalCall.objects.filter(
            meeting__edition=edition,
            meeting__status=MeetingStatus.PUBLISHED,
            deadline__gt=timezone.now(),
        )
        .select_related("meeting")
        .order_by("deadline")[:LIST_LIMIT]
    )
    return focus


# --- Consolidation ------------------------------------------------------------------------------


@dataclass
class OutputRow:
    output_id: int
    title: str
    asked: int  # consents still asked


@dataclass
class ConsolidationFocus:
    """Outputs still to finish, consents I am asked for, the closing meeting."""

    outputs: list[OutputRow] = field(default_factory=list)
    consents_asked: int = 0
    closing_meeting: OverviewMeeting | None = None


def _unpublished_outputs(outputs):
    """Id, the document's title or the report's group and meeting, and the consents still
    asked of the first unpublished outputs, oldest offer first."""
    return (
        outputs.filter(published_at__isnull=True)
        .annotate(asked=Count("consents", filter=Q(consents__status=ConsentStatus.ASKED)))
        .order_by("proposed_at", "pk")
        .values_list("pk", "document__title", "report__group__name", "report__meeting__title")
        .annotate(asked=F("asked"))[:LIST_LIMIT]
    )


# The dashboard of every member in the consolidation phase: SQL built once (core.statements).
_ALL_OUTPUTS = Statement(
    lambda edition_id: _unpublished_outputs(Output.objects.filter(edition_id=edition_id))
)
_MY_OUTPUTS = Statement(
    lambda edition_id, user_id: _unpublished_outputs(
        Output.objects.filter(edition_id=edition_id).filter(
            Q(group__in=GroupMembership.objects.active().filter(user_id=user_id).values("group_id"))
            | Q(proposed_by_id=user_id)
        )
    )
)
_CONSENTS_ASKED = Statement(
    lambda edition_id, user_id: totals(
        Consent.objects.filter(
            author_id=user_id, status=ConsentStatus.ASKED, output__edition_id=edition_id
        ),
        n=Count("pk"),
    )
)


def consolidation_focus(
    *,
    edition: Edition,
    user,
    role: str | None,
    meetings: Sequence[OverviewMeeting],
    consents_asked: int | None = None,
) -> ConsolidationFocus:
    """Unpublished outputs (a facilitator: all of the edition; a participant: those of their
    groups or that they offered) and how many consents I still have to give (two queries, their
    SQL built once per process; one when the caller read `consents_asked` already)."""
    # Kept under the content version: outputs, consents and group memberships all bump it;
    # a facilitator's list is the same for every facilitator.
    rows = (
        shared(f"unpublished-outputs:{edition.pk}", lambda: _ALL_OUTPUTS.rows(edition.pk))
        if role == Role.FACILITATOR
        else personal(
            f"unpublished-outputs:{edition.pk}", user, lambda: _MY_OUTPUTS.rows(edition.pk, user.pk)
        )
    )
    if consents_asked is None:
        asked = personal(
            f"consents-asked:{edition.pk}", user, lambda: _CONSENTS_ASKED.row(edition.pk, user.pk)
        )
        consents_asked = asked[0] if asked else 0
    closing = [m for m in meetings if m.kind == "closing"]
    return ConsolidationFocus(
        outputs=[
            # As str(output): the document's title, else the report's "group – meeting".
            OutputRow(output_id=pk, title=document or f"{group} – {meeting}", asked=n)
            for pk, document, group, meeting, n in rows
        ],
        consents_asked=consents_asked,
        closing_meeting=closing[-1] if closing else None,
    )


# --- Closed -------------------------------------------------------------------------------------


@dataclass
class ClosedFocus:
    """The archive, the outputs page, the published closing report, and where it continues."""

    closing_report: ClosingReport | None = None
    continuations: Sequence[Edition] = field(default_factory=list)


def closed_focus(*, edition: Edition, user) -> ClosedFocus:
    """The newest published closing report, and the editions that continue this one with my
    invitation's answer, if I was invited (two queries)."""

    report = (
        ClosingReport.objects.filter(edition=edition, published_at__isnull=False)
        .order_by("-published_at")
        .first()
    )
    invitation = ContinuationInvitation.objects.filter(edition=OuterRef("pk"), user=user.pk)
    continuations = list(
        Edition.objects.filter(continued_from=edition)
        .annotate(my_answer=Subquery(invitation.values("status")[:1]))
        .order_by("-starts_on")
    )
    return ClosedFocus(closing_report=report, continuations=continuations)


# --- Prompts after start-up ---------------------------------------------------------------------


@dataclass
class Balance:
    brought: int
    taken: int


@dataclass
class Prompts:
    """Meetings I should still reflect on or evaluate, and my give-and-take so far."""

    reflections: list[Meeting] = field(default_factory=list)
    evaluations: list[Meeting] = field(default_factory=list)
    balance: Balance | None = None

    @property
    def any(self) -> bool:
        return bool(self.reflections or self.evaluations)


_MEETING_FIELDS = [f.attname for f in Meeting._meta.concrete_fields]


def _attended_query(edition_id: int, user_id: int):
    return (
        Meeting.objects.filter(edition_id=edition_id, status=MeetingStatus.PUBLISHED)
        .filter(attended_meetings_q(user_id))
        .annotate(
            reflected=Exists(JournalEntry.objects.filter(user_id=user_id, meeting=OuterRef("pk"))),
            evaluated=Exists(
                EvaluationReceipt.objects.filter(meeting=OuterRef("pk"), user_id=user_id)
            ),
        )
        .order_by(F("starts_at").desc(), "-pk")
        .values_list(*_MEETING_FIELDS, "reflected", "evaluated")
    )


# SQL built once per process and per content-type id of Meeting (the ledger's side of
# attended_meetings_q holds it as a constant).
_ATTENDED = Statement(_attended_query, key=lambda: ContentType.objects.get_for_model(Meeting).pk)


def _attended_ended(*, edition: Edition, user) -> list[Meeting]:
    """The published meetings of the edition that have ended and that I attended, newest first,
    each marked `reflected` (I wrote about it in my journal) and `evaluated` (one query over the
    few meetings of an edition, for both of the dashboard's prompts; its SQL built once).

    The rows of every published meeting I attended are kept for me (`core.shared_reads.
    personal`: the ledger and the meetings bump the content version, my journal entries and
    evaluation receipts my own version); which have ended is decided now."""
    width = len(_MEETING_FIELDS)
    now = timezone.now()
    rows = personal(f"attended:{edition.pk}", user, lambda: _ATTENDED.rows(edition.pk, user.pk))
    meetings = []
    for row in rows:
        meeting = Meeting.from_db("default", _MEETING_FIELDS, row[:width])
        if meeting.ends_at > now:
            continue
        meeting.reflected, meeting.evaluated = row[width:]  # type: ignore[attr-defined]
        meetings.append(meeting)
    return meetings


def prompts(*, edition: Edition, user) -> Prompts:
    """The meetings I attended and still reflect on (as `reflection.queries.journal.
    open_reflections` finds them) and evaluate, read in one query, and my balance of bringing and
    taking (reflection.queries.balance): two queries."""

    brought, taken = summary(user, edition)
    ended = _attended_ended(edition=edition, user=user)
    return Prompts(
        reflections=[m for m in ended if not m.reflected][:LIST_LIMIT],  # type: ignore[attr-defined]
        evaluations=[m for m in ended if not m.evaluated][:LIST_LIMIT],  # type: ignore[attr-defined]
        balance=Balance(brought=brought, taken=taken),
    )


# --- The first section --------------------------------------------------------------------------


PARTIALS: dict[str, str] = {
    Phase.ORIENTATION: "editions/_phase_orientation.html",
    Phase.STARTUP: "editions/_phase_startup.html",
    Phase.CONNECTING: "editions/_phase_building.html",
    Phase.BUILDING: "editions/_phase_building.html",
    Phase.CONSOLIDATION: "editions/_phase_consolidation.html",
    Phase.CLOSED: "editions/_phase_closed.html",
}


Focus = OrientationFocus | StartupFocus | BuildingFocus | ConsolidationFocus | ClosedFocus


def phase_focus(
    *,
    edition: Edition,
    user,
    role: str | None,
    overview: EditionOverview,
    waiting: Waiting | None = None,
) -> Focus:
    """What the dashboard puts first in the edition's current phase. `waiting`: what waits for
    this person, read before (its facts about their membership are not read again)."""
    phase = edition.phase
    if phase == Phase.ORIENTATION:
        return orientation_focus(edition=edition, user=user)
    if phase == Phase.STARTUP:
        return startup_focus(edition=edition, user=user)
    if phase in (Phase.CONNECTING, Phase.BUILDING):
        return building_focus(edition=edition, user=user, next_meeting=overview.next_meeting)
    if phase == Phase.CONSOLIDATION:
        me = waiting.me if waiting is not None else None
        return consolidation_focus(
            edition=edition,
            user=user,
            role=role,
            meetings=overview.meetings,
            consents_asked=me.consents_asked if me is not None else None,
        )
    return closed_focus(edition=edition, user=user)


# --- The page -----------------------------------------------------------------------------------


@dataclass
class Dashboard:
    overview: EditionOverview
    role: str | None
    activity: list[ActivityEntry]
    # What the phase asks for first (phase_focus), and its partial template.
    focus: Focus | None = None
    focus_template: str = ""
    prompts: Prompts | None = None  # in the phases after start-up
    # What waits for this person ("Dit wacht op je") and a new member's first steps.
    waiting: Waiting = field(default_factory=Waiting)


def dashboard(*, edition: Edition, user) -> Dashboard:
    """The member's dashboard: first what waits for them (with the prompts to reflect and
    evaluate, pages.queries.waiting), then what the edition's phase asks for, the overview,
    their role and the recent activity they may see."""
    overview = edition_overview(edition=edition)
    role = roles_of(user).get(edition.pk)
    asked = (
        prompts(edition=edition, user=user)
        if role is not None and edition.phase in PHASES_WITH_PROMPTS
        else None
    )
    waiting = waiting_for(
        edition=edition,
        user=user,
        role=role,
        next_meeting=overview.next_meeting,
        meetings=overview.meetings,
        reflections=asked.reflections if asked else [],
        evaluations=asked.evaluations if asked else [],
    )
    return Dashboard(
        overview=overview,
        role=role,
        # Read only when its shared fragment (core.fragments) is not in the cache.
        activity=fragments.lazy(lambda: recent_activity(edition=edition, user=user)),
        focus=phase_focus(
            edition=edition, user=user, role=role, overview=overview, waiting=waiting
        ),
        focus_template=PARTIALS[edition.phase],
        prompts=asked,
        waiting=waiting,
    )
