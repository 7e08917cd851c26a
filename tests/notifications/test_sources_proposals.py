"""The proposer hears of support, comments and the decision on their proposal."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Membership, Role
from leerplatform.notifications import services as notifications
from leerplatform.notifications.kinds import Channel
from leerplatform.notifications.models import Notification
from leerplatform.proposals import services
from tests.factories import make_member
from tests.proposals.helpers import open_call, propose, upcoming_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(edition, participant, facilitator):
    return propose(open_call(upcoming_meeting(edition), actor=facilitator), participant)


@pytest.fixture
def supporter(edition):
    return make_member(edition, role=Role.PARTICIPANT, name="Saar Steun")


def _of(kind):
    return Notification.objects.filter(kind=kind)


def test_support_tells_the_proposer_once(proposal, participant, supporter):
    services.support_proposal(proposal=proposal, user=supporter)
    services.support_proposal(proposal=proposal, user=supporter)  # again: nothing changes
    (row,) = _of("proposal_supported")
    assert (row.recipient, row.actor, row.target) == (participant, supporter, proposal)
    assert row.visibility == Visibility.PLATFORM
    assert row.url == reverse("proposals:detail", kwargs={"pk": proposal.pk})
    assert "Saar Steun" in row.sentence() and proposal.title in row.sentence()


def test_a_comment_tells_the_proposer_with_its_text_but_not_their_own(
    proposal, participant, supporter
):
    comment = services.add_comment(proposal=proposal, author=supporter, text="Mooi, @**X**!")
    services.add_comment(proposal=proposal, author=participant, text="Dank je.")
    (row,) = _of("proposal_commented")
    assert (row.recipient, row.actor) == (participant, supporter)
    assert row.excerpt == "Mooi, @X!"
    assert row.url.endswith(f"#comment-{comment.pk}")


def test_the_decision_is_the_proposers_email_at_once(
    proposal, participant, facilitator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_proposal(proposal=proposal, decision="shortlisted", actor=facilitator)
    assert not _of("proposal_chosen").exists() and not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_proposal(
            proposal=proposal, decision="declined", note="Kwam al aan bod.", actor=facilitator
        )
    (row,) = _of("proposal_chosen")
    assert (row.recipient, row.channel, row.detail) == (participant, Channel.INSTANT, "not chosen")
    assert row.excerpt == "Kwam al aan bod."
    [message] = mail.outbox
    assert message.to == [participant.email]
    assert "Kwam al aan bod." in message.body
    assert "List-Unsubscribe" in message.extra_headers


def test_chosen_in_the_app_only_when_the_proposer_wants_that(
    proposal, participant, facilitator, django_capture_on_commit_callbacks
):
    notifications.set_preference(user=participant, kind="proposal_chosen", channel=Channel.APP)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_proposal(proposal=proposal, decision="selected", actor=facilitator)
    (row,) = _of("proposal_chosen")
    assert (row.detail, row.channel) == ("chosen", Channel.APP)
    assert not mail.outbox


def test_a_proposer_who_left_hears_nothing_more(proposal, participant, supporter, facilitator):
    Membership.objects.filter(user=participant).update(left_at=timezone.now())
    services.support_proposal(proposal=proposal, user=supporter)
    services.add_comment(proposal=proposal, author=supporter, text="Jammer")
    services.decide_proposal(proposal=proposal, decision="selected", actor=facilitator)
    assert not Notification.objects.filter(recipient=participant).exists()
