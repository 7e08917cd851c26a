"""The proposals app's domain events: signals its services send inside their transaction, after
the write. `notifications` listens: the proposer hears of supports, comments and decisions, and
the people a proposal or comment mentions are told."""

from __future__ import annotations

from django.dispatch import Signal

# The facilitators selected or declined a proposal (not sent for a shortlisting, nor when only
# the note changed): its proposer is told (a notification, by email at once by default).
# kwargs: proposal (Proposal), decision (ProposalStatus.SELECTED or DECLINED)
proposal_decided = Signal()

# A member made a proposal. kwargs: proposal (Proposal, with call__meeting__edition loaded).
proposal_made = Signal()

# A member supported a proposal for the first time (not sent when supporting again changes
# nothing). kwargs: proposal (Proposal), supporter (User).
proposal_supported = Signal()

# A member commented on a proposal. kwargs: comment (Comment, its proposal with
# call__meeting__edition loaded).
proposal_commented = Signal()
