"""The boxes other apps add to a meeting's page: the call for plenary proposals (proposals), the
groups' progress reports on the meeting (groups), and the closing meeting's outputs, report and
contact persons (showcase, editions). The meeting's own parts (programme,
registration, attendees) are read in meetings.queries."""

from __future__ import annotations

from dataclasses import dataclass, field

import rules
from django.utils import timezone

from leerplatform.core.shared_reads import shared
from leerplatform.core.statements import InstanceStatement
from leerplatform.editions.models import EditionContact
from leerplatform.groups.models import ProgressReport
from leerplatform.meetings.models import Meeting, MeetingStatus
from leerplatform.pages.queries.public import public_extras
from leerplatform.proposals.models import Proposal, ProposalCall, ProposalStatus
from leerplatform.showcase.models import ClosingReport

# --- The proposals box --------------------------------------------------------------------------


@dataclass
class ProposalsBox:
    """What the proposals box on a meeting page needs: the call, how many proposals, the chosen
    one."""

    meeting: Meeting
    call: ProposalCall | None = None
    count: int = 0
    selected: Proposal | None = None
    can_view: bool = False
    can_propose: bool = False
    can_manage: bool = False


# On every meeting page: SQL built once per process (core.statements).
_CALL_OF_MEETING = InstanceStatement(
    ProposalCall,
    lambda meeting_id: ProposalCall.objects.filter(meeting_id=meeting_id).order_by("pk"),
)


def meeting_proposals_context(*, meeting: Meeting, user) -> dict[str, ProposalsBox]:
    """`{"proposals_box": ProposalsBox}` for `proposals/_meeting_box.html`; the box shows only to
    those who may read the proposals (members of the edition and staff). At most three queries."""
    box = ProposalsBox(
        meeting=meeting,
        can_view=rules.has_perm("proposals.view_proposals", user, meeting),
        # Opening or changing a call makes sense only before the meeting starts.
        can_manage=meeting.starts_at > timezone.now()
        and rules.has_perm("proposals.manage_call", user, meeting),
    )
    if not box.can_view:
        return {"proposals_box": box}
    # The same for everyone who may see the box: kept under the content version.
    box.call = shared(f"proposal-call:{meeting.pk}", lambda: _CALL_OF_MEETING.instance(meeting.pk))
    if box.call is not None:
        proposals = Proposal.objects.filter(call=box.call)
        box.count = proposals.exclude(status=ProposalStatus.WITHDRAWN).count()
        box.selected = (
            proposals.filter(status=ProposalStatus.SELECTED).select_related("proposer").first()
        )
        box.can_propose = (
            box.call.is_open
            and meeting.status == MeetingStatus.PUBLISHED
            and rules.has_perm("proposals.propose", user, meeting)
        )
    return {"proposals_box": box}


# --- The groups' progress reports ---------------------------------------------------------------


@dataclass
class MeetingReports:
    """The groups' progress reports on a meeting page, under the plenary presentations: for the
    members of the meeting's edition and staff only. The counts are on the facilitators' overview
    (groups:meeting_reports)."""

    meeting: Meeting
    can_view: bool = False
    can_manage: bool = False
    reports: list[ProgressReport] = field(default_factory=list)


def _meeting_reports(meeting: Meeting) -> list[ProgressReport]:
    return list(
        ProgressReport.objects.filter(meeting=meeting)
        .select_related("group")
        .order_by("group__name", "group_id")
    )


def meeting_reports_context(*, meeting: Meeting, user) -> dict[str, MeetingReports]:
    """`{"meeting_reports": MeetingReports}` for `groups/_meeting_reports.html`: every report for
    this meeting, by group name, with its group (one query, whatever the number of groups; none
    for visitors and outsiders); facilitators and staff get a link to the overview."""
    box = MeetingReports(
        meeting=meeting, can_view=rules.has_perm("groups.view_meeting_reports", user, meeting)
    )
    if not box.can_view:
        return {"meeting_reports": box}
    # The same for everyone who may read them: read once per content version.
    box.reports = shared(f"meeting-reports:{meeting.pk}", lambda: _meeting_reports(meeting))
    for report in box.reports:
        report.meeting = meeting
    box.can_manage = rules.has_perm("groups.manage_reports", user, meeting)
    return {"meeting_reports": box}


# --- The meeting's public side ------------------------------------------------------------------


@dataclass
class MeetingPublic:
    """What the closing meeting's page shows visitors besides the programme: where the outputs
    are, the published closing reports and the contact persons ("Meer weten?"); and whether the
    registration card has anything to say."""

    show_registration: bool = True
    is_closing: bool = False
    reports: list[ClosingReport] = field(default_factory=list)
    contacts: list[EditionContact] = field(default_factory=list)


def meeting_public_context(*, meeting: Meeting, user, registration_box) -> dict[str, MeetingPublic]:
    """`{"meeting_public": MeetingPublic}`. After the day the registration card shows only to
    someone who had a place or who keeps the lists (an empty card otherwise). A closing meeting
    reads its edition's published reports and contacts (two queries); other meetings none."""
    public = MeetingPublic(is_closing=meeting.is_closing)
    if meeting.is_past:
        public.show_registration = (
            registration_box.mine is not None
            or rules.has_perm("meetings.take_attendance", user, meeting)
            or rules.has_perm("meetings.export_registrations", user, meeting)
        )
    if meeting.is_closing:
        extras = public_extras(edition=meeting.edition)
        public.reports, public.contacts = extras.reports, extras.contacts
    return {"meeting_public": public}
