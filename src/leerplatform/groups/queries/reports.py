"""Reads for the progress report pages: one group's report for a meeting, and the facilitators'
overview of a meeting, the reports box on a group's page, and when a meeting takes reports.
Each costs a fixed number of queries, whatever the number of groups."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

import rules
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from leerplatform.core.fragments import lazy
from leerplatform.core.shared_reads import shared
from leerplatform.groups.models import GroupMembership, GroupStatus, LearningGroup, ProgressReport
from leerplatform.meetings.models import Meeting, MeetingStatus


def report_deadline(meeting: Meeting | MeetingDates) -> dt.datetime:
    """Until when groups report for this meeting: its report deadline, else its start."""
    return meeting.report_deadline or meeting.starts_at


def is_open_for_reports(meeting: Meeting, *, now: dt.datetime | None = None) -> bool:
    return meeting.status == MeetingStatus.PUBLISHED and (now or timezone.now()) < report_deadline(
        meeting
    )


def groups_without_report(meeting: Meeting):
    """The active groups of the meeting's edition that have not reported for it yet."""
    return LearningGroup.objects.filter(
        edition_id=meeting.edition_id, status=GroupStatus.ACTIVE
    ).exclude(progress_reports__meeting=meeting)


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


def load_meeting(*, pk: int, **url_kwargs) -> Meeting:
    """The loader of `permission_required` on the facilitators' overview of a meeting: the meeting
    with its edition, or a 404 (one query)."""
    meeting = Meeting.objects.select_related("edition").filter(pk=pk).first()
    if meeting is None:
        raise Http404(_("This meeting does not exist."))
    return meeting


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


# --- The reports box on a group page ------------------------------------------------------------


@dataclass
class ReportsBox:
    group: object = None
    can_view: bool = False
    # Read when the box is rendered (on a miss of its shared fragment, core.fragments).
    reports: list[ProgressReport] = field(default_factory=list)
    # For active members of an active group: the next meeting it can still report for.
    due_meeting: MeetingDates | None = None
    due_deadline: object = None

    @property
    def due_is_written(self) -> bool:
        due = self.due_meeting
        return due is not None and any(r.meeting_id == due.pk for r in self.reports)

    @property
    def fragment_key(self) -> str:
        """What the box shows beyond the content and the viewer's access (`core.fragments`):
        the meeting it is due for, decided by the clock on each request."""
        return f"due:{self.due_meeting.pk}" if self.due_meeting is not None else "due:-"


def _group_reports(group: LearningGroup) -> list[ProgressReport]:
    return list(
        ProgressReport.objects.filter(group=group)
        .select_related("meeting")
        .order_by("meeting__starts_at", "meeting_id")
    )


class MeetingDates(NamedTuple):
    """What the reports box needs of a meeting: immutable, so kept without a copy to unpickle
    (core.version_watch), where a list of model instances cost 37 µs per group page."""

    pk: int
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    report_deadline: dt.datetime | None


def _published_meetings(group: LearningGroup) -> list[MeetingDates]:
    return [
        MeetingDates(*row)
        for row in Meeting.objects.filter(
            edition_id=group.edition_id, status=MeetingStatus.PUBLISHED
        )
        .order_by("starts_at", "pk")
        .values_list(*MeetingDates._fields)
    ]


def reports_box_context(*, group, user) -> dict:
    """`{"reports_box": ReportsBox}` for `groups/_reports_box.html`. At most two queries (none for
    those who may not read the reports)."""
    box = ReportsBox(group=group, can_view=rules.has_perm("groups.view_reports", user, group))
    if not box.can_view:
        return {"reports_box": box}
    # The same for everyone who may read the reports: read once per content version, and only
    # when the box is rendered.
    box.reports = lazy(lambda: shared(f"group-reports:{group.pk}", lambda: _group_reports(group)))
    if group.status == GroupStatus.ACTIVE and rules.has_perm("groups.write_report", user, group):
        now = timezone.now()
        meetings = shared(
            f"published-meetings:{group.edition_id}", lambda: _published_meetings(group)
        )
        upcoming = [m for m in meetings if m.ends_at > now]
        box.due_meeting = next((m for m in upcoming if now < report_deadline(m)), None)
        if box.due_meeting is not None:
            box.due_deadline = report_deadline(box.due_meeting)
    return {"reports_box": box}
