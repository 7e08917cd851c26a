"""Rows the proposal tests share: an upcoming meeting, its open call, proposals."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from leerplatform.meetings.models import MeetingStatus
from leerplatform.proposals import services
from leerplatform.proposals.models import Proposal, ProposalCall, ProposalKind
from tests import factories


def upcoming_meeting(edition, *, days: int = 30, status=MeetingStatus.PUBLISHED, **fields):
    day = timezone.localdate() + dt.timedelta(days=days)
    return factories.make_meeting(edition, day=day, status=status, **fields)


def open_call(meeting, *, actor, days: int = 10, description: str = "") -> ProposalCall:
    return services.open_call(
        meeting=meeting,
        deadline=timezone.now() + dt.timedelta(days=days),
        description=description,
        actor=actor,
    )


def proposal_fields(edition, **overrides) -> dict:
    fields = {
        "kind": ProposalKind.SPEAKER,
        "theme": edition.themes.first(),
        "title": "Een gastspreker over werkgeluk",
        "description": "Een lector vertelt over **werkgeluk** in het hbo.",
        "gains": "Inzicht in wat werkgeluk bevordert.",
        "duration_minutes": 90,
    }
    return fields | overrides


def propose(call, proposer, **overrides) -> Proposal:
    return services.submit_proposal(
        call=call, proposer=proposer, **proposal_fields(call.meeting.edition, **overrides)
    )


def form_data(edition, **overrides) -> dict:
    """POST data for the proposal form."""
    data = proposal_fields(edition)
    data["theme"] = data["theme"].pk
    return {k: v for k, v in (data | overrides).items() if v is not None}


def close(call) -> None:
    """Move a call's deadline into the past (past deadlines cannot be set through the service)."""
    ProposalCall.objects.filter(pk=call.pk).update(
        deadline=timezone.now() - dt.timedelta(minutes=1)
    )
    call.refresh_from_db()
