"""Notifications from plenary proposals: their proposer hears that someone supports their
proposal ("proposal_supported"), comments on it ("proposal_commented", with the comment as the
excerpt), and what the facilitators decided ("proposal_chosen": chosen or not, with their note;
at once by email unless the proposer chose otherwise — this notification is the decision's
email). A shortlisting tells nobody yet.

Proposals are read by the members of their edition, so the notifications carry the edition and
the PLATFORM tier: a proposer who left the edition is told nothing more. @mentions in proposals
and comments are `sources/mentions.py`'s.
"""

from __future__ import annotations

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_noop

from leerplatform.core.visibility import Visibility
from leerplatform.notifications.mentions import plain
from leerplatform.notifications.services import notify
from leerplatform.proposals import events
from leerplatform.proposals.models import Comment, Proposal, ProposalStatus

DECISIONS: dict[str, str] = {
    ProposalStatus.SELECTED: gettext_noop("chosen"),
    ProposalStatus.DECLINED: gettext_noop("not chosen"),
}


def _tell_proposer(kind: str, proposal: Proposal, *, actor, anchor: str = "", **fields) -> None:
    notify(
        kind,
        [proposal.proposer_id],
        actor=actor,
        target=proposal,
        edition=proposal.call.meeting.edition,
        visibility=Visibility.PLATFORM,
        url=reverse("proposals:detail", kwargs={"pk": proposal.pk}) + anchor,
        where_label=proposal.call.meeting.title,
        **fields,
    )


@receiver(events.proposal_supported, dispatch_uid="notifications_proposal_supported")
def proposal_supported(sender, proposal: Proposal, supporter, **kwargs) -> None:
    _tell_proposer("proposal_supported", proposal, actor=supporter)


@receiver(events.proposal_commented, dispatch_uid="notifications_proposal_commented")
def proposal_commented(sender, comment: Comment, **kwargs) -> None:
    _tell_proposer(
        "proposal_commented",
        comment.proposal,
        actor=comment.author,
        anchor=f"#comment-{comment.pk}",
        excerpt=plain(comment.text),
    )


@receiver(events.proposal_decided, dispatch_uid="notifications_proposal_decided")
def proposal_decided(sender, proposal: Proposal, decision: str, **kwargs) -> None:
    detail = DECISIONS.get(decision)
    if detail is None:
        return
    _tell_proposer(
        "proposal_chosen",
        proposal,
        actor=proposal.decided_by,
        detail=detail,
        excerpt=proposal.facilitator_note,
    )
