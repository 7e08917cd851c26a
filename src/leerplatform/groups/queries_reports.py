"""Reads for the progress report pages: one group's report for a meeting, and the facilitators'
overview of a meeting. Each costs a fixed number of queries, whatever the number of groups."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from leerplatform.groups.models import GroupMembership, GroupStatus, LearningGroup, ProgressReport
from leerplatform.meetings.models import Meeting, MeetingStatus


def group_for_reports(*, pk: int) -> LearningGroup | None:
    """A learning group with its edition (one query)."""
    return LearningGroup.objects.select_related("edition").filter(pk=pk).first()


def meeting_of_group(*, group: LearningGroup, meeting_pk: int) -> Meeting | None:
    """A meeting of the group's own edition that the edition's members can see (not a draft);
    None for a meeting of another edition, so that the page answers 404 (one query)."""
    meeting = (
        Meeting.objects.filter(pk=meeting_pk, edition_id=group.edition_id)
        .exclude(status=MeetingStatus.DRAFT)
        .first()
    )
    if meeting is not None:
        meeting.edition = group.edition
    return meeting


def report_of(*, group: LearningGroup, meeting: Meeting) -> ProgressReport | None:
    """The group's report for the meeting, with who wrote it first (one query)."""
    report = (
        ProgressReport.objects.filter(group=group, meeting=meeting).select_related("author").first()
    )
    if report is not None:
        report.group, report.meeting = group, meeting
    return report


def meeting_for_reports(*, pk: int) -> Meeting | None:
    """A meeting with its edition (one query)."""
    return Meeting.objects.select_related("edition").filter(pk=pk).first()


@dataclass
class OverviewRow:
    group: LearningGroup
    has_reported: bool
    members: int


@dataclass
class MeetingOverview:
    """Which groups have reported for a meeting: the edition's active groups, and any other group
    that reported for it (e.g. one that closed since)."""

    meeting: Meeting
    rows: list[OverviewRow] = field(default_factory=list)

    @property
    def reported(self) -> list[OverviewRow]:
        return [row for row in self.rows if row.has_reported]

    @property
    def missing(self) -> list[OverviewRow]:
        return [row for row in self.rows if not row.has_reported]

    @property
    def missing_members(self) -> int:
        return sum(row.members for row in self.missing)


def meeting_overview(*, meeting: Meeting) -> MeetingOverview:
    """The groups of the meeting's edition that report for it, each with whether it has reported,
    when, and how many active members it has. One query."""
    reports = ProgressReport.objects.filter(meeting=meeting, group=OuterRef("pk"))
    members = (
        GroupMembership.objects.active()
        .filter(group=OuterRef("pk"))
        .order_by()
        .values("group")
        .annotate(n=Count("pk"))
        .values("n")
    )
    groups = (
        LearningGroup.objects.filter(edition_id=meeting.edition_id)
        .filter(
            Q(status=GroupStatus.ACTIVE)
            | Q(pk__in=ProgressReport.objects.filter(meeting=meeting).values("group_id"))
        )
        .annotate(
            report_pk=Subquery(reports.values("pk")[:1]),
            report_updated_at=Subquery(reports.values("updated_at")[:1]),
            member_count=Coalesce(Subquery(members, output_field=IntegerField()), Value(0)),
        )
        .order_by("name", "pk")
    )
    rows = [
        OverviewRow(
            group=group, has_reported=group.report_pk is not None, members=group.member_count
        )
        for group in groups
    ]
    return MeetingOverview(meeting=meeting, rows=rows)
