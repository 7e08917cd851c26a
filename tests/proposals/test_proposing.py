"""Proposing: the form and its checks, changing and withdrawing until the deadline."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from leerplatform.core.models import ActivityEntry, Direction, Verb
from leerplatform.proposals import services
from leerplatform.proposals.models import Proposal, ProposalKind, ProposalStatus
from tests import factories
from tests.proposals.helpers import close, form_data, proposal_fields, propose

pytestmark = pytest.mark.django_db


def create_url(call) -> str:
    return reverse("proposals:create", kwargs={"meeting_pk": call.meeting_id})


def test_a_participant_proposes_and_it_brings(as_user, participant, call):
    response = as_user(participant).post(create_url(call), form_data(call.meeting.edition))
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("proposals:detail", kwargs={"pk": proposal.pk})
    assert proposal.proposer == participant
    assert proposal.kind == ProposalKind.SPEAKER
    assert proposal.status == ProposalStatus.SUBMITTED
    entry = ActivityEntry.objects.get(verb=Verb.PROPOSED)
    assert (entry.actor, entry.direction, entry.target_id) == (
        participant,
        Direction.BRING,
        str(proposal.pk),
    )


def test_the_form_offers_the_editions_themes_and_every_kind(as_user, participant, call):
    form = as_user(participant).get(create_url(call)).context["form"]
    assert list(form.fields["theme"].queryset) == list(call.meeting.edition.themes.all())
    assert [value for value, _ in form.fields["kind"].choices] == [
        "speaker",
        "work_format",
        "topic",
        "other",
    ]


@pytest.mark.parametrize(
    "field, value",
    [
        ("kind", None),
        ("kind", "keynote"),
        ("theme", None),
        ("theme", "999999"),
        ("title", ""),
        ("title", "x" * 201),
        ("description", ""),
        ("description", "x" * 5001),
        ("gains", ""),
        ("gains", "x" * 2001),
        ("duration_minutes", None),
        ("duration_minutes", "4"),
        ("duration_minutes", "241"),
        ("duration_minutes", "anderhalf uur"),
    ],
)
def test_bad_input_is_refused_beside_the_field_and_nothing_is_lost(
    as_user, participant, call, field, value
):
    data = form_data(call.meeting.edition, **{field: value})
    if value is None:
        data.pop(field, None)
    response = as_user(participant).post(create_url(call), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == [field]
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert "Een gastspreker over werkgeluk" in html or field == "title"
    assert "Inzicht in wat werkgeluk bevordert." in html or field == "gains"
    assert not Proposal.objects.exists()


def test_a_theme_of_another_edition_is_refused(as_user, participant, call):
    foreign = factories.make_edition().themes.first()
    response = as_user(participant).post(
        create_url(call), form_data(call.meeting.edition, theme=foreign.pk)
    )
    assert list(response.context["form"].errors) == ["theme"]
    with pytest.raises(ValidationError) as error:
        propose(call, participant, theme=foreign)
    assert "theme" in error.value.message_dict


def test_the_service_checks_the_time_too(participant, call):
    for minutes in (4, 241):
        with pytest.raises(ValidationError) as error:
            propose(call, participant, duration_minutes=minutes)
        assert "duration_minutes" in error.value.message_dict


def test_proposing_after_the_deadline_is_refused_clearly(as_user, participant, call):
    close(call)
    client = as_user(participant)
    for response in (
        client.get(create_url(call)),
        client.post(create_url(call), form_data(call.meeting.edition)),
    ):
        assert response.status_code == 302
        assert response.url == reverse("proposals:list", kwargs={"meeting_pk": call.meeting_id})
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages and all("deadline" in m or "sluitingsdatum" in m for m in messages)
    assert not Proposal.objects.exists()
    with pytest.raises(services.DeadlinePassed):
        propose(call, participant)


def test_people_who_are_not_members_cannot_propose(call, outsider, staff):
    for person in (outsider, staff):
        with pytest.raises(ValidationError):
            propose(call, person)


def test_the_proposer_edits_until_the_deadline(as_user, participant, call):
    proposal = propose(call, participant)
    url = reverse("proposals:edit", kwargs={"pk": proposal.pk})
    client = as_user(participant)
    page = client.get(url)
    assert page.context["form"]["title"].value() == proposal.title
    response = client.post(
        url, form_data(call.meeting.edition, title="Een spreker én een werkvorm", kind="other")
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.title, proposal.kind) == ("Een spreker én een werkvorm", "other")
    assert ActivityEntry.objects.filter(verb=Verb.PROPOSED).count() == 1


def test_editing_with_bad_input_keeps_what_was_typed(as_user, participant, call):
    proposal = propose(call, participant)
    response = as_user(participant).post(
        reverse("proposals:edit", kwargs={"pk": proposal.pk}),
        form_data(call.meeting.edition, title="Nieuwe titel", duration_minutes="999"),
    )
    assert list(response.context["form"].errors) == ["duration_minutes"]
    assert "Nieuwe titel" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.title == "Een gastspreker over werkgeluk"


def test_after_the_deadline_editing_is_refused_with_an_explanation(as_user, participant, call):
    proposal = propose(call, participant)
    close(call)
    client = as_user(participant)
    url = reverse("proposals:edit", kwargs={"pk": proposal.pk})
    for response in (client.get(url), client.post(url, form_data(call.meeting.edition))):
        assert response.status_code == 302
        assert response.url == reverse("proposals:detail", kwargs={"pk": proposal.pk})
    page = client.get(response.url)
    assert "message--error" in page.content.decode()
    proposal.refresh_from_db()
    assert proposal.title == "Een gastspreker over werkgeluk"
    with pytest.raises(services.DeadlinePassed):
        services.update_proposal(
            proposal=proposal, actor=participant, **proposal_fields(call.meeting.edition)
        )
    # The proposal page no longer offers to change it.
    assert reverse("proposals:edit", kwargs={"pk": proposal.pk}) not in page.content.decode()


def test_only_the_proposer_edits(participant, other, call):
    proposal = propose(call, participant)
    with pytest.raises(ValidationError):
        services.update_proposal(
            proposal=proposal, actor=other, **proposal_fields(call.meeting.edition)
        )


def test_the_proposer_withdraws_until_the_deadline(as_user, participant, other, call):
    proposal = propose(call, participant)
    mine = propose(call, other, title="Blijft staan")
    response = as_user(participant).post(
        reverse("proposals:edit", kwargs={"pk": proposal.pk}),
        {"withdraw": "1", "confirm_withdraw": "1"},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.WITHDRAWN
    listing = as_user(other).get(reverse("proposals:list", kwargs={"meeting_pk": call.meeting_id}))
    assert list(listing.context["listing"].proposals) == [mine]


def test_withdrawing_after_the_deadline_is_refused(participant, call):
    proposal = propose(call, participant)
    close(call)
    with pytest.raises(services.DeadlinePassed):
        services.withdraw_proposal(proposal=proposal, actor=participant)


def test_a_decided_proposal_cannot_be_changed(participant, facilitator, call):
    proposal = propose(call, participant)
    services.decide_proposal(
        proposal=proposal,
        decision=ProposalStatus.SELECTED,
        actor=facilitator,
    )
    with pytest.raises(ValidationError):
        services.update_proposal(
            proposal=proposal, actor=participant, **proposal_fields(call.meeting.edition)
        )
