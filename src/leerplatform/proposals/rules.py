"""Who may do what with plenary proposals.

The object of a permission is a Meeting (the list, the call, proposing) or a Proposal (reading it,
editing, supporting, commenting, deciding). A Proposal must come with `call__meeting` loaded
(the queries module does that), so that no predicate costs a query; the roles come from
`editions.rules.roles_of`, read once per request.

Proposals are for the members of the edition (participants and facilitators) and for staff:
visitors and other editions' people see none of them. Participants see the proposals of published
meetings only; a meeting in draft is still the facilitators' business.
"""

from __future__ import annotations

import rules

from leerplatform.accounts.rules import is_staff
from leerplatform.editions.models import Role
from leerplatform.editions.rules import roles_of
from leerplatform.meetings.models import Meeting, MeetingStatus


def meeting_of(obj) -> Meeting | None:
    """The meeting a Meeting, ProposalCall or Proposal belongs to."""
    if obj is None or isinstance(obj, Meeting):
        return obj
    call = getattr(obj, "call", obj)
    return call.meeting


@rules.predicate
def is_edition_member(user, obj) -> bool:
    meeting = meeting_of(obj)
    return meeting is not None and meeting.edition_id in roles_of(user)


@rules.predicate
def facilitates(user, obj) -> bool:
    meeting = meeting_of(obj)
    return meeting is not None and roles_of(user).get(meeting.edition_id) == Role.FACILITATOR


@rules.predicate
def meeting_is_not_draft(user, obj) -> bool:
    meeting = meeting_of(obj)
    return meeting is not None and meeting.status != MeetingStatus.DRAFT


@rules.predicate
def is_proposer(user, proposal) -> bool:
    return proposal is not None and user.is_authenticated and proposal.proposer_id == user.pk


# Who: these permissions say who may do something at all. When (the call's deadline, whether a
# proposal is still open) is the services' business, so that a person who may act but is too
# late gets a clear explanation instead of a bare "no access".
can_read = (is_edition_member & meeting_is_not_draft) | facilitates | is_staff

# On a Meeting
rules.add_perm("proposals.view_proposals", can_read)
rules.add_perm("proposals.manage_call", facilitates | is_staff)
rules.add_perm("proposals.propose", is_edition_member & meeting_is_not_draft)
# On a Proposal
rules.add_perm("proposals.view_proposal", can_read)
rules.add_perm("proposals.change_proposal", is_proposer & is_edition_member)
rules.add_perm(
    "proposals.support_proposal", is_edition_member & meeting_is_not_draft & ~is_proposer
)
rules.add_perm("proposals.comment_on_proposal", is_edition_member & meeting_is_not_draft)
rules.add_perm("proposals.decide_on_proposal", facilitates | is_staff)
