"""Supporting a proposal (once each, not one's own) and commenting, with and without htmx."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from leerplatform.core.models import ActivityEntry, Direction, Verb
from leerplatform.proposals import services
from leerplatform.proposals.models import Comment, ProposalStatus, Support
from tests.proposals.helpers import close, propose

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def proposal(call, participant):
    return propose(call, participant)


def support_url(proposal) -> str:
    return reverse("proposals:support", kwargs={"pk": proposal.pk})


def test_a_member_supports_once_and_it_brings(as_user, other, proposal):
    response = as_user(other).post(support_url(proposal), {"action": "support"})
    assert response.status_code == 302
    assert response.url == reverse("proposals:detail", kwargs={"pk": proposal.pk})
    assert Support.objects.filter(proposal=proposal, user=other).count() == 1
    entry = ActivityEntry.objects.get(verb=Verb.SUPPORTED)
    assert (entry.actor, entry.direction) == (other, Direction.BRING)


def test_a_double_post_is_one_support(as_user, other, proposal):
    client = as_user(other)
    client.post(support_url(proposal), {"action": "support"})
    client.post(support_url(proposal), {"action": "support"})
    assert Support.objects.filter(proposal=proposal).count() == 1
    assert ActivityEntry.objects.filter(verb=Verb.SUPPORTED).count() == 1


def test_supporting_ones_own_proposal_is_refused(as_user, participant, proposal):
    response = as_user(participant).post(support_url(proposal), {"action": "support"})
    assert response.status_code == 403
    with pytest.raises(ValidationError):
        services.support_proposal(proposal=proposal, user=participant)
    assert not Support.objects.exists()


def test_the_button_toggles_and_the_ledger_keeps_the_first_support_only(as_user, other, proposal):
    client = as_user(other)
    client.post(support_url(proposal))  # no action: toggle on
    assert Support.objects.filter(user=other).exists()
    client.post(support_url(proposal))  # toggle off
    assert not Support.objects.filter(user=other).exists()
    client.post(support_url(proposal), {"action": "support"})
    assert Support.objects.filter(user=other).count() == 1
    # Withdrawing deletes the Support, never a ledger row; supporting again adds none.
    assert ActivityEntry.objects.filter(verb=Verb.SUPPORTED, actor=other).count() == 1


def test_support_with_htmx_returns_the_button_and_the_count(as_user, other, third, proposal):
    services.support_proposal(proposal=proposal, user=third)
    response = as_user(other).post(support_url(proposal), {"action": "support"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<div class="support" id="support-{proposal.pk}">')
    assert "<html" not in html
    assert "<strong>2</strong>" in html
    assert 'aria-pressed="true"' in html
    assert 'name="action" value="withdraw"' in html
    response = as_user(other).post(support_url(proposal), {"action": "withdraw"}, **HTMX)
    assert "<strong>1</strong>" in response.content.decode()
    assert 'aria-pressed="false"' in response.content.decode()


def test_support_from_the_list_goes_back_to_the_list(as_user, other, proposal):
    response = as_user(other).post(support_url(proposal), {"action": "support", "next": "list"})
    assert response.url == reverse(
        "proposals:list", kwargs={"meeting_pk": proposal.call.meeting_id}
    )


def test_support_stays_possible_after_the_deadline_until_the_decision(
    as_user, other, third, facilitator, proposal
):
    close(proposal.call)
    services.support_proposal(proposal=proposal, user=other)
    services.decide_proposal(
        proposal=proposal,
        decision=ProposalStatus.DECLINED,
        note="Past niet bij het thema.",
        actor=facilitator,
    )
    with pytest.raises(ValidationError):
        services.support_proposal(proposal=proposal, user=third)
    with pytest.raises(ValidationError):
        services.withdraw_support(proposal=proposal, user=other)
    response = as_user(third).post(support_url(proposal), {"action": "support"}, **HTMX)
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert Support.objects.filter(proposal=proposal).count() == 1


def test_the_list_shows_support_counts_and_sorts_by_them(as_user, participant, other, third, call):
    first = propose(call, participant, title="Eerste")
    popular = propose(call, other, title="Populair")
    services.support_proposal(proposal=popular, user=participant)
    services.support_proposal(proposal=popular, user=third)
    services.support_proposal(proposal=first, user=third)
    newest = propose(call, third, title="Nieuwste")
    url = reverse("proposals:list", kwargs={"meeting_pk": call.meeting_id})
    client = as_user(participant)
    by_support = client.get(url).context["listing"].proposals
    assert [(p.title, p.support_count) for p in by_support] == [
        ("Populair", 2),
        ("Eerste", 1),
        ("Nieuwste", 0),
    ]
    assert [p.is_supported_by_me for p in by_support] == [True, False, False]
    by_date = client.get(url, {"sort": "newest"}).context["listing"].proposals
    assert [p.pk for p in by_date] == [newest.pk, popular.pk, first.pk]


# --- Comments ------------------------------------------------------------------------------------


def comment_url(proposal) -> str:
    return reverse("proposals:comment", kwargs={"pk": proposal.pk})


def test_a_member_comments_and_it_brings(as_user, other, proposal):
    response = as_user(other).post(comment_url(proposal), {"text": "Mooi idee!\nIk doe mee."})
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.author, comment.text) == (other, "Mooi idee!\nIk doe mee.")
    entry = ActivityEntry.objects.get(verb=Verb.COMMENTED)
    assert (entry.actor, entry.direction) == (other, Direction.BRING)


def test_comments_show_oldest_first_as_plain_text_with_line_breaks(
    as_user, participant, other, proposal
):
    services.add_comment(proposal=proposal, author=other, text="Eerste reactie")
    services.add_comment(
        proposal=proposal, author=participant, text="<script>alert(1)</script>\n**geen** opmaak"
    )
    html = as_user(other).get(reverse("proposals:detail", kwargs={"pk": proposal.pk})).content
    html = html.decode()
    assert html.index("Eerste reactie") < html.index("geen")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>**geen** opmaak" in html


@pytest.mark.parametrize("text", ["", "   ", "x" * 2001])
def test_an_empty_or_too_long_comment_is_refused(as_user, other, proposal, text):
    response = as_user(other).post(comment_url(proposal), {"text": text})
    assert response.status_code == 200
    assert "text" in response.context["comment_form"].errors
    assert not Comment.objects.exists()


def test_the_service_checks_comments_too(other, proposal):
    with pytest.raises(ValidationError):
        services.add_comment(proposal=proposal, author=other, text=" ")
    with pytest.raises(ValidationError):
        services.add_comment(proposal=proposal, author=other, text="x" * 2001)


def test_commenting_with_htmx_returns_the_comment_list(as_user, other, proposal):
    services.add_comment(proposal=proposal, author=other, text="Eerste reactie")
    response = as_user(other).post(comment_url(proposal), {"text": "Tweede reactie"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="comments"')
    assert "<html" not in html
    assert html.index("Eerste reactie") < html.index("Tweede reactie")
    assert 'name="text"' in html  # a fresh form to write the next one


def test_a_bad_comment_with_htmx_comes_back_with_the_error(as_user, other, proposal):
    response = as_user(other).post(comment_url(proposal), {"text": ""}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="comments"')
    assert 'aria-invalid="true"' in html


def test_the_proposer_may_answer_comments(participant, proposal):
    services.add_comment(proposal=proposal, author=participant, text="Dank voor de reacties!")
    assert Comment.objects.filter(author=participant).exists()


def test_outsiders_cannot_comment(outsider, proposal):
    with pytest.raises(ValidationError):
        services.add_comment(proposal=proposal, author=outsider, text="Hallo")
