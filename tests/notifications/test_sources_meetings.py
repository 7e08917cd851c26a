"""A meeting's programme published or changed: the edition's members are told once per change."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from leerplatform.editions.models import Membership, Role
from leerplatform.meetings.models import MeetingStatus, ProgrammeItemKind
from leerplatform.meetings.services import meetings as meeting_services
from leerplatform.meetings.services import programme
from leerplatform.notifications import services
from leerplatform.notifications.models import Notification
from tests.factories import make_edition, make_meeting, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(edition, facilitator, participant):
    mate = make_member(edition, name="Mees Maat")
    gone = make_member(edition, name="Vertrokken Vera")
    Membership.objects.filter(user=gone).update(left_at=timezone.now())
    other = make_member(make_edition(), name="Ander Editie")
    return {"mate": mate, "gone": gone, "other": other}


def _add(meeting, actor, title="Werkvorm"):
    return programme.add_programme_item(
        meeting=meeting,
        starts_at=dt.time(10, 0),
        ends_at=dt.time(11, 0),
        kind=ProgrammeItemKind.PLENARY_WORKSHOP,
        title=title,
        actor=actor,
    )


def _told(kind="programme"):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient_id", flat=True))


def test_the_edition_members_are_told_not_the_actor_nor_who_left_nor_others(
    edition, facilitator, participant, people
):
    meeting = make_meeting(edition)
    _add(meeting, facilitator)
    assert _told() == sorted([participant.pk, people["mate"].pk])
    row = Notification.objects.filter(kind="programme").first()
    assert row.url == reverse("meetings:detail", kwargs={"pk": meeting.pk}) + "#programme-heading"
    assert row.target == meeting and row.actor == facilitator


def test_once_per_change_not_once_per_item(edition, facilitator, participant, people):
    meeting = make_meeting(edition)
    programme.add_standard_day(meeting=meeting, actor=facilitator)
    assert meeting.programme.count() == 4
    assert _told() == sorted([participant.pk, people["mate"].pk])
    # More edits while the last line is unread make no second one ...
    item = _add(meeting, facilitator)
    programme.delete_programme_item(item=item, actor=facilitator)
    assert len(_told()) == 2
    # ... a change after reading it does.
    services.mark_all_read(user=participant)
    _add(meeting, facilitator, title="Nog een werkvorm")
    assert _told() == sorted([participant.pk, participant.pk, people["mate"].pk])


def test_a_drafts_programme_is_news_when_the_meeting_is_published(
    edition, facilitator, participant, people
):
    meeting = make_meeting(edition, status=MeetingStatus.DRAFT)
    _add(meeting, facilitator)
    assert _told() == []
    meeting_services.update_meeting(
        meeting=meeting, actor=facilitator, status=MeetingStatus.PUBLISHED
    )
    assert _told() == sorted([participant.pk, people["mate"].pk])


def test_another_facilitator_is_told(edition, facilitator, participant):
    colleague = make_member(edition, role=Role.FACILITATOR)
    _add(make_meeting(edition), facilitator)
    assert colleague.pk in _told() and facilitator.pk not in _told()
