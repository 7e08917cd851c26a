"""Emails about proposals, sent by django-tasks off the request path, and the receiver that queues
them after the services' events (`proposals.events`).

The receiver queues the task once the decision's transaction commits. A task receives ids and
plain values, reads the rows again, and writes in the recipient's language (`core.email`).
"""

from __future__ import annotations

from django.dispatch import receiver
from django_tasks import task

from leerplatform.core.email import send_email
from leerplatform.core.links import absolute_reverse
from leerplatform.core.queue import enqueue_on_commit
from leerplatform.proposals import events
from leerplatform.proposals.models import Proposal, ProposalStatus

DECISION_TEMPLATES: dict[str, str] = {
    ProposalStatus.SELECTED: "proposals/email/proposal_selected",
    ProposalStatus.DECLINED: "proposals/email/proposal_declined",
}


@task()
def send_proposal_decision(proposal_id: int, status: str) -> bool:
    """Tell the proposer that their proposal was selected or declined (with the note)."""
    proposal = (
        Proposal.objects.select_related("proposer", "call__meeting__edition")
        .filter(pk=proposal_id)
        .first()
    )
    # A decision changed again before the task ran: tell only what still holds.
    if proposal is None or status not in DECISION_TEMPLATES or proposal.status != status:
        return False
    meeting = proposal.call.meeting
    context = {
        "proposal": proposal,
        "meeting": meeting,
        "edition": meeting.edition,
        "note": proposal.facilitator_note,
        "proposal_url": absolute_reverse("proposals:detail", pk=proposal.pk),
    }
    send_email(DECISION_TEMPLATES[status], context, proposal.proposer)
    return True


@receiver(events.proposal_decided)
def queue_decision_email(sender, proposal: Proposal, decision: str, **kwargs) -> None:
    enqueue_on_commit(send_proposal_decision, proposal.pk, decision)
