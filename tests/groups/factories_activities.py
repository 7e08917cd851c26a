"""Rows the activities and progress report tests share: groups with members, activities, meetings
with reports. Plain rows where the service is not under test (bulk sizes for query counts)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from leerplatform.accounts.models import User
from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Membership, Role
from leerplatform.groups.models import (
    ActivityKind,
    ActivityStatus,
    GroupActivity,
    GroupMembership,
    GroupStatus,
    LearningGroup,
    ProgressReport,
)
from leerplatform.meetings.models import MeetingStatus
from tests import factories


def make_group(
    edition,
    *,
    members=(),
    coordinators=(),
    name: str = "Leergroep Teamontwikkeling",
    status: str = GroupStatus.ACTIVE,
    activities: str = Visibility.GROUP,
) -> LearningGroup:
    """A group in `edition` with active members; `activities` is its activities visibility."""
    group = LearningGroup.objects.create(
        edition=edition, name=name, status=status, activities_visibility=activities
    )
    group.themes.set([edition.themes.first()])
    for user in coordinators:
        GroupMembership.objects.create(group=group, user=user, is_coordinator=True)
    for user in members:
        GroupMembership.objects.create(group=group, user=user)
    return group


def activity_fields(**overrides) -> dict:
    fields = {
        "kind": ActivityKind.INTERVISION,
        "title": "Intervisie over teamcoaching",
        "date": timezone.localdate() - dt.timedelta(days=7),
        "status": ActivityStatus.DONE,
        "description": "We bespreken elkaars casus met de **incidentmethode**.",
        "outcome": "Drie bruikbare interventies voor teams in verandering.",
        "participants": [],
    }
    return fields | overrides


def form_data(**overrides) -> dict:
    """POST data for the activity form."""
    fields = activity_fields(**overrides)
    fields["date"] = fields["date"].isoformat() if fields["date"] else ""
    fields["participants"] = [p.pk for p in fields["participants"]]
    return {k: v for k, v in fields.items() if v is not None}


def bulk_activities(group, count: int, *, people=()) -> None:
    """`count` activities, half planned in the future and half done in the past, each with the
    given participants (plain rows, for query counts)."""
    today = timezone.localdate()
    items = GroupActivity.objects.bulk_create(
        GroupActivity(
            group=group,
            kind=ActivityKind.values[i % len(ActivityKind.values)],
            title=f"Activiteit {i:03d}",
            date=today + dt.timedelta(days=(i + 1) if i % 2 else -(i + 1)),
            status=ActivityStatus.PLANNED if i % 2 else ActivityStatus.DONE,
            description="Een **beschrijving**.",
            outcome="" if i % 2 else "Een uitkomst.",
            created_by=people[0] if people else None,
        )
        for i in range(count)
    )
    through = GroupActivity.participants.through
    through.objects.bulk_create(
        through(groupactivity_id=item.pk, user_id=person.pk) for item in items for person in people
    )


def upcoming_meeting(edition, *, days: int = 14, **fields):
    return factories.make_meeting(
        edition, day=timezone.localdate() + dt.timedelta(days=days), **fields
    )


def past_meeting(edition, *, days: int = 14, **fields):
    return factories.make_meeting(
        edition, day=timezone.localdate() - dt.timedelta(days=days), **fields
    )


def report_sections(**overrides) -> dict[str, str]:
    texts = {
        "what_we_did": "Twee intervisiebijeenkomsten en een **werkbezoek** aan Fontys.",
        "what_we_learned": "Teams leren het meest van elkaars casussen.",
        "results": "- een eerste versie van de toolkit",
        "next_steps": "De toolkit testen in drie teams.",
        "questions": "Wie wil de toolkit uitproberen?",
    }
    return texts | overrides


def bulk_groups_with_reports(edition, meeting, count: int, *, reported: int | None = None):
    """`count` active groups with two members each; the first `reported` (default all) have a
    report for `meeting` (plain rows, for query counts)."""
    reported = count if reported is None else reported
    stamp = f"{meeting.pk}-{count}"
    groups = LearningGroup.objects.bulk_create(
        LearningGroup(edition=edition, name=f"Groep {stamp}-{i:03d}", status=GroupStatus.ACTIVE)
        for i in range(count)
    )
    users = User.objects.bulk_create(
        User(email=f"g{stamp}-{i}@example.org", name=f"Lid {i:03d}") for i in range(2 * count)
    )
    Membership.objects.bulk_create(
        Membership(user=u, edition=edition, role=Role.PARTICIPANT) for u in users
    )
    GroupMembership.objects.bulk_create(
        GroupMembership(group=groups[i // 2], user=u) for i, u in enumerate(users)
    )
    ProgressReport.objects.bulk_create(
        ProgressReport(group=group, meeting=meeting, author=users[2 * i], **report_sections())
        for i, group in enumerate(groups[:reported])
    )
    return groups


def publish(meeting) -> None:
    meeting.status = MeetingStatus.PUBLISHED
    meeting.save(update_fields=["status"])
