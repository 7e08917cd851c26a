"""What the proposals box on a meeting page needs: the call, how many proposals, the chosen one."""

from __future__ import annotations

from dataclasses import dataclass

import rules
from django.utils import timezone

from leerplatform.meetings.models import Meeting, MeetingStatus
from leerplatform.proposals.models import Proposal, ProposalCall, ProposalStatus


@dataclass
class ProposalsBox:
    meeting: Meeting
    call: ProposalCall | None = None
    count: int = 0
    selected: Proposal | None = None
    can_view: bool = False
    can_propose: bool = False
    can_manage: bool = False


def meeting_proposals_context(*, meeting, user) -> dict:
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
    box.call = ProposalCall.objects.filter(meeting=meeting).first()
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
