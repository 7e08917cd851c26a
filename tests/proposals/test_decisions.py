"""The facilitators shortlist, select or decline; the chosen one becomes the plenary workshop."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from leerplatform.core.models import ActivityEntry, Direction, Verb
from leerplatform.meetings.models import ProgrammeItem, ProgrammeItemKind
from leerplatform.notifications.models import Notification
from leerplatform.proposals import services
from leerplatform.proposals.models import ProposalStatus
from tests.proposals.helpers import propose

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(call, participant):
    return propose(call, participant, duration_minutes=90)


def decide(client, proposal, decision, note=""):
    return client.post(
        reverse("proposals:decide", kwargs={"pk": proposal.pk}),
        {"decision": decision, "note": note},
    )


def test_several_proposals_may_be_shortlisted(as_user, facilitator, participant, other, call):
    first, second = propose(call, participant), propose(call, other)
    client = as_user(facilitator)
    for proposal in (first, second):
        response = decide(client, proposal, "shortlisted")
        assert response.status_code == 302
        proposal.refresh_from_db()
        assert proposal.status == ProposalStatus.SHORTLISTED
        assert proposal.decided_by == facilitator
    assert not mail.outbox  # a shortlist is no news to mail yet
    assert not ProgrammeItem.objects.exists()


def test_selecting_creates_the_plenary_workshop_and_tells_the_proposer(
    as_user, facilitator, participant, proposal, django_capture_on_commit_callbacks
):
    meeting = proposal.call.meeting
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(as_user(facilitator), proposal, "selected", "Graag!")
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SELECTED
    item = ProgrammeItem.objects.get(meeting=meeting)
    assert item.kind == ProgrammeItemKind.PLENARY_WORKSHOP
    assert (item.title, item.description, item.proposal) == (
        proposal.title,
        proposal.description,
        proposal,
    )
    # At the meeting's start (09:30 Dutch time), lasting the 90 minutes the proposal needs.
    assert (item.starts_at, item.ends_at) == (dt.time(9, 30), dt.time(11, 0))
    [message] = mail.outbox
    assert message.to == [participant.email]
    assert proposal.title in message.subject
    assert "Graag!" in message.body
    assert reverse("proposals:detail", kwargs={"pk": proposal.pk}) in message.body
    entry = ActivityEntry.objects.get(verb=Verb.PROPOSAL_SELECTED)
    # The proposer brought it, whoever clicked.
    assert (entry.actor, entry.direction, entry.target_id) == (
        participant,
        Direction.BRING,
        str(proposal.pk),
    )


def test_selecting_updates_an_existing_plenary_workshop(facilitator, proposal):
    meeting = proposal.call.meeting
    item = ProgrammeItem.objects.create(
        meeting=meeting,
        kind=ProgrammeItemKind.PLENARY_WORKSHOP,
        starts_at=dt.time(10, 0),
        ends_at=dt.time(12, 0),
        title="Plenaire werkplaats",
    )
    ProgrammeItem.objects.create(
        meeting=meeting,
        kind=ProgrammeItemKind.GROUPS_AT_WORK,
        starts_at=dt.time(13, 0),
        ends_at=dt.time(15, 0),
        title="Leergroepen aan het werk",
    )
    services.decide_proposal(proposal=proposal, decision="selected", actor=facilitator)
    item.refresh_from_db()
    assert (item.title, item.proposal, item.starts_at, item.ends_at) == (
        proposal.title,
        proposal,
        dt.time(10, 0),
        dt.time(12, 0),
    )
    assert ProgrammeItem.objects.filter(kind=ProgrammeItemKind.PLENARY_WORKSHOP).count() == 1


def test_selecting_another_moves_the_first_back_to_the_shortlist(
    facilitator, participant, other, call
):
    first, second = propose(call, participant, title="Eerste"), propose(call, other, title="Tweede")
    services.decide_proposal(proposal=first, decision="selected", actor=facilitator)
    services.decide_proposal(proposal=second, decision="selected", actor=facilitator)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (ProposalStatus.SHORTLISTED, ProposalStatus.SELECTED)
    item = ProgrammeItem.objects.get(kind=ProgrammeItemKind.PLENARY_WORKSHOP)
    assert (item.proposal, item.title) == (second, "Tweede")
    assert call.proposals.filter(status=ProposalStatus.SELECTED).count() == 1


def test_selecting_gives_a_meeting_without_a_theme_the_proposals_theme(facilitator, proposal):
    meeting = proposal.call.meeting
    assert meeting.theme is None
    services.decide_proposal(proposal=proposal, decision="selected", actor=facilitator)
    meeting.refresh_from_db()
    assert meeting.theme == proposal.theme


def test_a_meeting_keeps_the_theme_it_has(facilitator, participant, call):
    meeting = call.meeting
    themes = list(meeting.edition.themes.all())
    meeting.theme = themes[3]
    meeting.save()
    proposal = propose(call, participant, theme=themes[0])
    services.decide_proposal(proposal=proposal, decision="selected", actor=facilitator)
    meeting.refresh_from_db()
    assert meeting.theme == themes[3]


def test_declining_needs_a_note(as_user, facilitator, proposal):
    response = decide(as_user(facilitator), proposal, "declined", "  ")
    assert response.status_code == 200
    assert "note" in response.context["decision_form"].errors
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    with pytest.raises(ValidationError) as error:
        services.decide_proposal(proposal=proposal, decision="declined", actor=facilitator)
    assert "note" in error.value.message_dict
    assert not mail.outbox


def test_declining_tells_the_proposer_with_the_note(
    as_user, facilitator, participant, proposal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        decide(as_user(facilitator), proposal, "declined", "Dit thema kwam al aan bod.")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DECLINED
    assert proposal.facilitator_note == "Dit thema kwam al aan bod."
    [message] = mail.outbox
    assert message.to == [participant.email]
    assert "Dit thema kwam al aan bod." in message.body
    assert not ActivityEntry.objects.filter(verb=Verb.PROPOSAL_SELECTED).exists()


def test_the_note_shows_to_the_proposer_and_the_facilitators_only(
    as_user, facilitator, participant, other, proposal
):
    services.decide_proposal(
        proposal=proposal,
        decision="declined",
        note="Dit thema kwam al aan bod.",
        actor=facilitator,
    )
    url = reverse("proposals:detail", kwargs={"pk": proposal.pk})
    assert "Dit thema kwam al aan bod." in as_user(participant).get(url).content.decode()
    assert "Dit thema kwam al aan bod." in as_user(facilitator).get(url).content.decode()
    assert "Dit thema kwam al aan bod." not in as_user(other).get(url).content.decode()


def test_emails_are_in_dutch_whatever_the_facilitators_language(
    as_user, facilitator, participant, proposal, django_capture_on_commit_callbacks
):
    client = as_user(facilitator)
    client.cookies["leerplatform_language"] = "en"
    with django_capture_on_commit_callbacks(execute=True):
        decide(client, proposal, "selected")
    [message] = mail.outbox
    # The decision's notification, rendered in the proposer's language (the platform's: nl).
    notification = Notification.objects.get(kind="proposal_chosen")
    with translation.override("nl"):
        assert notification.sentence() in message.body


def test_a_rolled_back_decision_mails_nobody(facilitator, proposal):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        services.decide_proposal(proposal=proposal, decision="selected", actor=facilitator)
        raise RuntimeError
    assert not mail.outbox
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_undoing_a_selection_empties_the_programme_slot(facilitator, proposal):
    services.decide_proposal(proposal=proposal, decision="selected", actor=facilitator)
    services.decide_proposal(proposal=proposal, decision="shortlisted", actor=facilitator)
    item = ProgrammeItem.objects.get()
    assert item.proposal is None
    assert item.title != proposal.title


def test_a_withdrawn_proposal_cannot_be_decided(facilitator, participant, proposal):
    services.withdraw_proposal(proposal=proposal, actor=participant)
    with pytest.raises(ValidationError):
        services.decide_proposal(proposal=proposal, decision="selected", actor=facilitator)


def test_facilitators_filter_the_list_by_status(as_user, facilitator, participant, other, call):
    kept = propose(call, participant, title="Op de shortlist")
    propose(call, other, title="Ingediend")
    services.decide_proposal(proposal=kept, decision="shortlisted", actor=facilitator)
    url = reverse("proposals:list", kwargs={"meeting_pk": call.meeting_id})
    response = as_user(facilitator).get(url, {"status": "shortlisted"})
    listing = response.context["listing"]
    assert [p.title for p in listing.proposals] == ["Op de shortlist"]
    assert {v: n for v, _, n in listing.status_counts}["shortlisted"] == 1
    # Participants get no status filter: the parameter is ignored.
    response = as_user(other).get(url, {"status": "shortlisted"})
    assert len(response.context["listing"].proposals) == 2
    assert "status-filter" not in response.content.decode()
