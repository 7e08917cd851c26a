"""The demo's proposals: closed calls with Dutch proposals, supports, comments and one choice."""

from __future__ import annotations

import pytest
from django.db.models import F

from leerplatform.core.models import ActivityEntry, Verb
from leerplatform.demo.edition import load_demo
from leerplatform.demo.proposals import load_proposal_examples
from leerplatform.meetings.models import ProgrammeItem, ProgrammeItemKind
from leerplatform.proposals.models import Comment, Proposal, ProposalStatus, Support

pytestmark = pytest.mark.django_db


def test_every_demo_meeting_gets_a_closed_call_with_one_chosen_proposal():
    edition = load_demo()
    load_proposal_examples(edition)
    meetings = list(edition.meetings.all())
    assert meetings
    for meeting in meetings:
        call = meeting.proposal_call
        assert not call.is_open
        assert call.deadline < meeting.starts_at
        proposals = list(call.proposals.all())
        assert len(proposals) >= 2
        assert all(p.created_at < call.deadline for p in proposals)
        [chosen] = [p for p in proposals if p.status == ProposalStatus.SELECTED]
        item = ProgrammeItem.objects.get(meeting=meeting, kind=ProgrammeItemKind.PLENARY_WORKSHOP)
        assert item.proposal == chosen
    assert Support.objects.exists() and Comment.objects.exists()
    # Nobody supports their own proposal.
    assert not Support.objects.filter(user_id=F("proposal__proposer_id")).exists()
    assert ActivityEntry.objects.filter(verb=Verb.PROPOSAL_SELECTED).count() == len(meetings)


def test_loading_twice_changes_nothing():
    edition = load_demo()
    load_proposal_examples(edition)
    counts = (Proposal.objects.count(), Support.objects.count(), Comment.objects.count())
    load_proposal_examples(edition)
    assert (Proposal.objects.count(), Support.objects.count(), Comment.objects.count()) == counts
