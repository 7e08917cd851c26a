"""Emails about proposals, sent by django-tasks off the request path.

The decision service enqueues these after its transaction commits. A task receives ids and plain
values, reads the rows again, and writes in the platform's language (Dutch by default).
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from leerplatform.proposals.models import Proposal, ProposalStatus

DECISION_TEMPLATES = {
    ProposalStatus.SELECTED: "proposals/email/proposal_selected",
    ProposalStatus.DECLINED: "proposals/email/proposal_declined",
}


def _send(template: str, context: dict, to: str) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}.txt", context)
    prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "")
    subject = prefix + " ".join(subject.split())
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])


@task()
def send_proposal_decision(proposal_id: int, status: str, base_url: str) -> bool:
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
        "proposal_url": base_url.rstrip("/")
        + reverse("proposals:detail", kwargs={"pk": proposal.pk}),
    }
    _send(DECISION_TEMPLATES[status], context, proposal.proposer.email)
    return True
