"""Opening a call for proposals and changing its deadline."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from leerplatform.core.models import ActivityEntry, Direction, Verb
from leerplatform.meetings.models import MeetingStatus
from leerplatform.proposals import services
from leerplatform.proposals.models import ProposalCall
from tests.proposals.helpers import upcoming_meeting

pytestmark = pytest.mark.django_db


def local_input(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def test_a_facilitator_opens_a_call_and_the_ledger_records_it(as_user, facilitator, meeting):
    deadline = timezone.now() + dt.timedelta(days=7)
    response = as_user(facilitator).post(
        reverse("proposals:call", kwargs={"meeting_pk": meeting.pk}),
        {"deadline": local_input(deadline), "description": "Wie kent een goede spreker?"},
    )
    assert response.status_code == 302
    assert response.url == reverse("proposals:list", kwargs={"meeting_pk": meeting.pk})
    call = ProposalCall.objects.get(meeting=meeting)
    assert call.is_open
    assert call.opened_by == facilitator
    assert call.description == "Wie kent een goede spreker?"
    # The minutes the facilitator typed, in Dutch time.
    assert local_input(call.deadline) == local_input(deadline)
    entry = ActivityEntry.objects.get(verb=Verb.CALL_OPENED)
    assert (entry.actor, entry.edition, entry.direction) == (
        facilitator,
        meeting.edition,
        Direction.NEUTRAL,
    )


# Messages are checked by field, not by text: the Dutch catalogue is filled in separately.
@pytest.mark.parametrize(
    "deadline",
    [
        lambda m: timezone.now() - dt.timedelta(hours=1),
        lambda m: m.starts_at + dt.timedelta(minutes=1),
        lambda m: m.starts_at,
    ],
    ids=["in-the-past", "after-the-start", "at-the-start"],
)
def test_a_deadline_must_be_in_the_future_and_before_the_meeting(
    as_user, facilitator, meeting, deadline
):
    response = as_user(facilitator).post(
        reverse("proposals:call", kwargs={"meeting_pk": meeting.pk}),
        {"deadline": local_input(deadline(meeting)), "description": "Graag ideeën"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["deadline"]
    assert 'aria-invalid="true"' in response.content.decode()
    assert not ProposalCall.objects.exists()
    # Nothing typed is lost.
    assert "Graag ideeën" in response.content.decode()


def test_a_deadline_that_is_no_date_is_refused_beside_the_field(as_user, facilitator, meeting):
    response = as_user(facilitator).post(
        reverse("proposals:call", kwargs={"meeting_pk": meeting.pk}), {"deadline": "morgen"}
    )
    assert response.status_code == 200
    assert "deadline" in response.context["form"].errors


def test_a_cancelled_meeting_gets_no_call(facilitator, edition):
    meeting = upcoming_meeting(edition, status=MeetingStatus.CANCELLED)
    with pytest.raises(ValidationError):
        services.open_call(
            meeting=meeting, deadline=timezone.now() + dt.timedelta(days=1), actor=facilitator
        )


def test_a_meeting_has_one_call(facilitator, call):
    with pytest.raises(ValidationError):
        services.open_call(
            meeting=call.meeting,
            deadline=timezone.now() + dt.timedelta(days=1),
            actor=facilitator,
        )


def test_a_facilitator_moves_the_deadline(as_user, facilitator, call):
    new_deadline = timezone.now() + dt.timedelta(days=14)
    client = as_user(facilitator)
    url = reverse("proposals:call", kwargs={"meeting_pk": call.meeting_id})
    page = client.get(url)
    assert page.context["form"]["deadline"].value() is not None  # the current deadline is shown
    response = client.post(url, {"deadline": local_input(new_deadline), "description": ""})
    assert response.status_code == 302
    call.refresh_from_db()
    assert local_input(call.deadline) == local_input(new_deadline)
    assert ActivityEntry.objects.filter(verb=Verb.CALL_OPENED).count() == 1


def test_a_closed_call_reopens_with_a_new_deadline(facilitator, call):
    ProposalCall.objects.filter(pk=call.pk).update(deadline=timezone.now() - dt.timedelta(days=1))
    call.refresh_from_db()
    assert not call.is_open
    services.change_call(
        call=call, deadline=timezone.now() + dt.timedelta(days=2), actor=facilitator
    )
    call.refresh_from_db()
    assert call.is_open


def test_changing_the_deadline_follows_the_same_rules(facilitator, call):
    with pytest.raises(ValidationError) as error:
        services.change_call(
            call=call, deadline=call.meeting.starts_at + dt.timedelta(days=1), actor=facilitator
        )
    assert "deadline" in error.value.message_dict


def test_the_list_shows_the_call_and_its_deadline(as_user, participant, call):
    response = as_user(participant).get(
        reverse("proposals:list", kwargs={"meeting_pk": call.meeting_id})
    )
    html = response.content.decode()
    assert "Wie kent een goede spreker?" in html
    assert "Open" in html
    assert reverse("proposals:create", kwargs={"meeting_pk": call.meeting_id}) in html
    assert reverse("proposals:call", kwargs={"meeting_pk": call.meeting_id}) not in html


def test_without_a_call_facilitators_are_offered_to_open_one(as_user, facilitator, meeting):
    response = as_user(facilitator).get(
        reverse("proposals:list", kwargs={"meeting_pk": meeting.pk})
    )
    assert reverse("proposals:call", kwargs={"meeting_pk": meeting.pk}) in response.content.decode()
    assert response.context["edition"] == meeting.edition  # the phase bar and edition menu show


def test_a_started_meetings_call_cannot_change(as_user, facilitator, edition):
    from tests import factories

    past = factories.make_meeting(edition)  # 2019
    client = as_user(facilitator)
    response = client.get(reverse("proposals:call", kwargs={"meeting_pk": past.pk}))
    assert response.status_code == 302
    listing = client.get(reverse("proposals:list", kwargs={"meeting_pk": past.pk}))
    assert reverse("proposals:call", kwargs={"meeting_pk": past.pk}) not in listing.content.decode()
