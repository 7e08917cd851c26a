"""The proposals app's domain events: signals its services send, received in `tasks.py`."""

from __future__ import annotations

from django.dispatch import Signal

# The facilitators selected or declined a proposal (not sent for a shortlisting, nor when only
# the note changed): its proposer is told by email once the transaction commits.
# kwargs: proposal (Proposal), decision (ProposalStatus.SELECTED or DECLINED)
proposal_decided = Signal()
