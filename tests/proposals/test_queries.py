"""What the proposal pages cost in queries (fixed, whatever the data size) and the meeting box."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from leerplatform.editions.models import Role
from leerplatform.pages.queries.meeting import meeting_proposals_context
from leerplatform.proposals import services
from leerplatform.proposals.models import Comment, Proposal, ProposalStatus, Support
from tests import factories
from tests.proposals.helpers import proposal_fields, propose

pytestmark = pytest.mark.django_db

# One bound per page, the same for small and large data.
# (+1 each: the notification bell's unread count)
LIST_QUERIES = 7  # session, user, meeting, roles, agreements, proposals (or status counts)
DETAIL_QUERIES = 7  # session, user, proposal, roles, agreements, comments


def fill(call, people, count: int) -> list[Proposal]:
    edition = call.meeting.edition
    fields = proposal_fields(edition)
    proposals = Proposal.objects.bulk_create(
        Proposal(call=call, proposer=people[i % len(people)], **fields | {"title": f"Idee {i}"})
        for i in range(count)
    )
    Support.objects.bulk_create(
        Support(proposal=proposal, user=person)
        for proposal in proposals
        for person in people
        if person != proposal.proposer
    )
    return proposals


@pytest.fixture
def people(edition, participant, other, third):
    return [participant, other, third]


@pytest.mark.parametrize("count", [3, 100])
@pytest.mark.parametrize("role", ["participant", "facilitator"])
def test_the_list_costs_a_fixed_number_of_queries(
    as_user, call, people, facilitator, django_assert_max_num_queries, count, role
):
    fill(call, people, count)
    user = facilitator if role == "facilitator" else people[0]
    client = as_user(user)
    url = reverse("proposals:list", kwargs={"meeting_pk": call.meeting_id})
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(url)
    assert len(response.context["listing"].proposals) == count
    with django_assert_max_num_queries(LIST_QUERIES):
        client.get(url, {"sort": "newest", "status": "submitted"})


@pytest.mark.parametrize("count", [2, 80])
def test_a_proposals_page_costs_a_fixed_number_of_queries(
    as_user, call, people, facilitator, django_assert_max_num_queries, count
):
    proposal = fill(call, people, 1)[0]
    Comment.objects.bulk_create(
        Comment(proposal=proposal, author=people[i % 3], text=f"Reactie {i}") for i in range(count)
    )
    for user in (people[1], facilitator):
        client = as_user(user)
        with django_assert_max_num_queries(DETAIL_QUERIES):
            response = client.get(reverse("proposals:detail", kwargs={"pk": proposal.pk}))
        assert len(response.context["comments"]) == count


def test_the_box_shows_the_call_the_count_and_the_chosen_one(call, people, facilitator):
    first = propose(call, people[0], title="Gekozen")
    propose(call, people[1])
    withdrawn = propose(call, people[2])
    services.withdraw_proposal(proposal=withdrawn, actor=people[2])
    services.decide_proposal(proposal=first, decision=ProposalStatus.SELECTED, actor=facilitator)
    box = meeting_proposals_context(meeting=call.meeting, user=people[1])["proposals_box"]
    assert (box.call, box.count, box.selected) == (call, 2, first)
    assert box.can_view and box.can_propose and not box.can_manage
    box = meeting_proposals_context(meeting=call.meeting, user=facilitator)["proposals_box"]
    assert box.can_manage


def test_the_box_is_empty_for_visitors_and_outsiders(call, outsider):
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string

    for user in (AnonymousUser(), outsider):
        context = meeting_proposals_context(meeting=call.meeting, user=user)
        assert not context["proposals_box"].can_view
        assert render_to_string("proposals/_meeting_box.html", context).strip() == ""


def test_the_box_renders_its_links(rf, call, participant, facilitator):
    from django.template.loader import render_to_string

    html = render_to_string(
        "proposals/_meeting_box.html",
        meeting_proposals_context(meeting=call.meeting, user=participant),
    )
    assert reverse("proposals:list", kwargs={"meeting_pk": call.meeting_id}) in html
    assert reverse("proposals:create", kwargs={"meeting_pk": call.meeting_id}) in html
    assert reverse("proposals:call", kwargs={"meeting_pk": call.meeting_id}) not in html
    html = render_to_string(
        "proposals/_meeting_box.html",
        meeting_proposals_context(meeting=call.meeting, user=facilitator),
    )
    assert reverse("proposals:call", kwargs={"meeting_pk": call.meeting_id}) in html


def test_the_box_costs_at_most_three_queries(call, participant, django_assert_max_num_queries):
    participant._edition_roles = {call.meeting.edition_id: Role.PARTICIPANT}
    with django_assert_max_num_queries(3):
        meeting_proposals_context(meeting=call.meeting, user=participant)


def test_a_meeting_without_a_call_offers_facilitators_to_open_one(meeting, facilitator):
    box = meeting_proposals_context(meeting=meeting, user=facilitator)["proposals_box"]
    assert box.call is None and box.can_manage and not box.can_propose


def test_the_box_says_when_the_call_closed(call, participant):
    from tests.proposals.helpers import close

    close(call)
    box = meeting_proposals_context(meeting=call.meeting, user=participant)["proposals_box"]
    assert not box.can_propose
    assert box.call.deadline < timezone.now()


def test_other_editions_facilitators_see_nothing(call):
    stranger = factories.make_member(factories.make_edition(), role=Role.FACILITATOR)
    box = meeting_proposals_context(meeting=call.meeting, user=stranger)["proposals_box"]
    assert not box.can_view and not box.can_manage
