"""What the logged-in pages keep for a person (core.shared_reads.personal) and for everyone
(core.shared_reads.shared) shows each change at once: theirs, others', a private row of theirs,
and the clock passing a deadline. The shared cache is on here, as in production."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.urls import reverse

from leerplatform.groups.models import GroupMembership, LearningGroup
from leerplatform.groups.services import groups as group_services
from leerplatform.meetings.services.registrations import register_for_meeting
from leerplatform.membership.services.agreements import accept_agreements, publish_agreements
from leerplatform.notifications import services as notifications
from leerplatform.proposals.services import open_call
from leerplatform.reflection.models import EvaluationReceipt
from leerplatform.reflection.services.journal import reflect
from tests.conftest import client_for
from tests.factories import make_member
from tests.pages.test_dashboard_phases import attended, future, meeting_on
from tests.pages.test_onboarding import page, steps
from tests.pages.test_waiting import kinds, proposal, waiting_section

pytestmark = [pytest.mark.django_db, pytest.mark.visitor_cache]


def _prompts(client, edition) -> str:
    html = page(client, edition)
    return html[html.index('id="waiting"') : html.index('id="phase-focus"')]


def test_a_journal_entry_or_an_evaluation_ends_its_prompt_at_once(edition, participant):
    meeting = attended(meeting_on(edition, future(5), title="Tweede"), participant)
    client = client_for(participant)
    assert f"/meetings/{meeting.pk}/reflect/" in _prompts(client, edition)
    assert f"/meetings/{meeting.pk}/reflect/" in _prompts(client, edition)  # kept

    reflect(user=participant, meeting=meeting, answers=["Veel geleerd."] * 5, note="")
    prompts = _prompts(client, edition)
    assert f"/meetings/{meeting.pk}/reflect/" not in prompts
    assert f"/meetings/{meeting.pk}/evaluate/" in prompts

    EvaluationReceipt.objects.create(meeting=meeting, user=participant)
    assert f"/meetings/{meeting.pk}/evaluate/" not in _prompts(client, edition)


def test_a_meeting_attended_is_prompted_once_it_has_ended_without_any_change(edition, participant):
    meeting = attended(meeting_on(edition, future(5)), participant, days_ago=0)
    client = client_for(participant)
    with mock.patch(
        "django.utils.timezone.now", return_value=meeting.ends_at - dt.timedelta(hours=1)
    ):
        assert f"/meetings/{meeting.pk}/reflect/" not in _prompts(client, edition)
    with mock.patch(
        "django.utils.timezone.now", return_value=meeting.ends_at + dt.timedelta(hours=1)
    ):
        assert f"/meetings/{meeting.pk}/reflect/" in _prompts(client, edition)


def test_the_call_step_is_done_at_once_and_the_call_goes_when_its_deadline_passes(
    edition, participant, facilitator
):
    agreement = publish_agreements(edition=edition, text="We delen.", actor=None)
    accept_agreements(agreement=agreement, user=participant)
    meeting = meeting_on(edition, future(20))
    call = open_call(meeting=meeting, deadline=future(10), actor=facilitator)
    client = client_for(participant)
    assert steps(page(client, edition))["call"][0] == "todo"
    assert steps(page(client, edition))["call"][0] == "todo"  # kept

    proposal(call, participant)
    assert steps(page(client, edition))["call"][0] == "done"
    with mock.patch(
        "django.utils.timezone.now", return_value=call.deadline + dt.timedelta(hours=1)
    ):
        assert "open_call" not in kinds(waiting_section(client, edition))
        assert "call" not in steps(page(client, edition))
    assert "open_call" in kinds(waiting_section(client, edition))


def test_a_join_request_waits_for_the_coordinator_at_once(edition, participant):
    coordinator = participant
    group = LearningGroup.objects.create(
        edition=edition, name="Leergroep Open", join_policy="request"
    )
    GroupMembership.objects.create(group=group, user=coordinator, is_coordinator=True)
    client = client_for(coordinator)
    assert "join_requests" not in kinds(waiting_section(client, edition))

    other = make_member(edition)
    group_services.request_to_join(group=group, user=other, message="Graag.")
    assert "join_requests" in kinds(waiting_section(client, edition))
    # Withdrawn (an update of the request): gone at once.
    group_services.withdraw_request(group=group, user=other)
    assert "join_requests" not in kinds(waiting_section(client, edition))


def test_following_a_group_shows_on_its_page_at_once(edition, participant):
    group = LearningGroup.objects.create(edition=edition, name="Leergroep Volgen", status="active")
    GroupMembership.objects.create(group=group, user=participant)
    client = client_for(participant)
    url = reverse("groups:detail", args=[group.pk])
    followed = 'value="unfollow"'  # the button's action once I follow
    notifications.unfollow(user=participant, target=group)
    assert 'value="follow"' in client.get(url).content.decode()
    notifications.follow(user=participant, target=group)
    assert followed in client.get(url).content.decode()
    notifications.unfollow(user=participant, target=group)
    assert followed not in client.get(url).content.decode()


def test_a_registration_shows_on_the_meeting_page_at_once(edition, participant):
    meeting = meeting_on(edition, future(20), title="Derde")
    client = client_for(participant)
    url = reverse("meetings:detail", args=[meeting.pk])
    before = client.get(url)
    assert before.context["registration_box"].mine is None
    register_for_meeting(meeting=meeting, user=participant)
    after = client.get(url)
    assert after.context["registration_box"].mine is not None
    assert after.context["registration_box"].counts.registered == 1
