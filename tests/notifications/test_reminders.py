"""The daily `send_reminders`: who is told what, ahead of meetings and deadlines; a second run
makes nothing."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from leerplatform.editions.models import Membership, Role
from leerplatform.groups.models import GroupMembership, ProgressReport
from leerplatform.meetings.models import Registration, RegistrationStatus
from leerplatform.notifications import reminders
from leerplatform.notifications.models import Notification
from leerplatform.proposals.models import ProposalCall
from tests.factories import make_edition, make_meeting, make_member
from tests.library.factories import make_group

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 12, 10)


@pytest.fixture
def meeting(edition):
    return make_meeting(edition, day=DAY, title="Tweede bijeenkomst")


def _now(meeting, days_before: float) -> dt.datetime:
    return meeting.starts_at - dt.timedelta(days=days_before)


def _run(now, *args) -> str:
    out = StringIO()
    call_command("send_reminders", "--now", now.isoformat(), *args, stdout=out)
    return out.getvalue()


def _told(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient_id", flat=True))


def _leave(person):
    Membership.objects.filter(user=person).update(left_at=timezone.now())


# --- Before a meeting ---------------------------------------------------------------------------


def test_registered_members_are_reminded_once(edition, meeting, participant, facilitator):
    waiting = make_member(edition)
    gone = make_member(edition)
    unregistered = make_member(edition)  # noqa: F841 - not registered: not reminded
    Registration.objects.create(meeting=meeting, user=participant)
    Registration.objects.create(meeting=meeting, user=waiting, status=RegistrationStatus.WAITLISTED)
    Registration.objects.create(meeting=meeting, user=gone)
    _leave(gone)
    _run(_now(meeting, 5))  # too early
    assert _told("meeting_reminder") == []
    _run(_now(meeting, 2))
    assert _told("meeting_reminder") == [participant.pk]
    row = Notification.objects.get(kind="meeting_reminder")
    assert row.url == reverse("meetings:detail", kwargs={"pk": meeting.pk})
    assert row.detail == "10 december 2026"
    output = _run(_now(meeting, 2))  # twice the same day
    _run(_now(meeting, 1))  # and the next day
    assert _told("meeting_reminder") == [participant.pk]
    assert "0 notification(s) made" in output


def test_a_dry_run_prints_and_makes_nothing(edition, meeting, participant):
    Registration.objects.create(meeting=meeting, user=participant)
    output = _run(_now(meeting, 2), "--dry-run")
    assert "would notify meeting_reminder: Tweede bijeenkomst" in output
    assert "1 notification(s) would be made" in output
    assert not Notification.objects.exists()


# --- Progress reports ---------------------------------------------------------------------------


@pytest.fixture
def groups(edition, participant):
    silent_mate, reported_member, gone = (make_member(edition) for _ in range(3))
    silent = make_group(edition, coordinators=[participant], members=[silent_mate], name="Stil")
    GroupMembership.objects.create(group=silent, user=gone)
    _leave(gone)
    reported = make_group(edition, members=[reported_member], name="Klaar")
    return {
        "silent": silent,
        "reported": reported,
        "silent_mate": silent_mate,
        "reported_member": reported_member,
    }


def test_members_of_a_group_that_has_not_reported_are_told_once(
    edition, meeting, participant, facilitator, groups
):
    meeting.report_deadline = meeting.starts_at - dt.timedelta(days=4)
    meeting.save()
    ProgressReport.objects.create(
        group=groups["reported"], meeting=meeting, what_we_did="Gedaan", author=participant
    )
    deadline = meeting.report_deadline
    _run(deadline - dt.timedelta(days=5))
    assert _told("report_due") == []
    _run(deadline - dt.timedelta(days=2))
    assert _told("report_due") == sorted([participant.pk, groups["silent_mate"].pk])
    row = Notification.objects.filter(kind="report_due").first()
    assert row.target == groups["silent"] and row.detail == "6 december 2026"
    assert row.url == reverse(
        "groups:report", kwargs={"pk": groups["silent"].pk, "meeting_pk": meeting.pk}
    )
    _run(deadline - dt.timedelta(days=2))
    _run(deadline - dt.timedelta(days=1))
    assert len(_told("report_due")) == 2


def test_facilitators_hear_of_reports_missing_once(
    edition, meeting, participant, facilitator, groups
):
    gone_facilitator = make_member(edition, role=Role.FACILITATOR)
    _leave(gone_facilitator)
    make_member(make_edition(), role=Role.FACILITATOR)  # another edition's
    _run(_now(meeting, 2))
    assert _told("reports_missing") == [facilitator.pk]
    row = Notification.objects.get(kind="reports_missing")
    assert row.url == reverse("groups:meeting_reports", kwargs={"pk": meeting.pk})
    _run(_now(meeting, 2))
    assert _told("reports_missing") == [facilitator.pk]


def test_no_reports_missing_when_every_group_reported(edition, meeting, participant, facilitator):
    group = make_group(edition, members=[participant])
    ProgressReport.objects.create(group=group, meeting=meeting, what_we_did="Gedaan")
    _run(_now(meeting, 2))
    assert _told("reports_missing") == []


# --- Calls for proposals ------------------------------------------------------------------------


def test_facilitators_hear_of_a_call_closing_once(edition, meeting, participant, facilitator):
    call = ProposalCall.objects.create(
        meeting=meeting, deadline=meeting.starts_at - dt.timedelta(days=14)
    )
    _run(call.deadline - dt.timedelta(days=3))
    assert _told("call_closing") == []
    _run(call.deadline - dt.timedelta(days=1))
    assert _told("call_closing") == [facilitator.pk]  # not the participant
    row = Notification.objects.get(kind="call_closing")
    assert row.url == reverse("proposals:list", kwargs={"meeting_pk": meeting.pk})
    _run(call.deadline - dt.timedelta(days=1))
    _run(call.deadline - dt.timedelta(hours=2))
    assert _told("call_closing") == [facilitator.pk]


def test_the_reads_are_fixed_whatever_the_number_of_people(
    edition, meeting, django_assert_max_num_queries
):
    people = [make_member(edition) for _ in range(30)]
    Registration.objects.bulk_create(Registration(meeting=meeting, user=p) for p in people)
    with django_assert_max_num_queries(4):
        due = reminders.meeting_reminders(_now(meeting, 2))
    assert len(due) == 1 and len(due[0].people) == 30
