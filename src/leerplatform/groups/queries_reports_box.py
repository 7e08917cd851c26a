"""What the reports box on a group page needs: the group's progress reports per meeting, and for
its members the report that is due next. Reports are visible to the edition and staff."""

from __future__ import annotations

from dataclasses import dataclass, field

import rules
from django.utils import timezone

from leerplatform.groups.models import GroupStatus, ProgressReport
from leerplatform.groups.services.reports import report_deadline
from leerplatform.meetings.models import Meeting, MeetingStatus


@dataclass
class ReportsBox:
    group: object = None
    can_view: bool = False
    reports: list[ProgressReport] = field(default_factory=list)
    # For active members of an active group: the next meeting it can still report for.
    due_meeting: Meeting | None = None
    due_deadline: object = None
    due_is_written: bool = False


def reports_box_context(*, group, user) -> dict:
    """`{"reports_box": ReportsBox}` for `groups/_reports_box.html`. At most two queries (none for
    those who may not read the reports)."""
    box = ReportsBox(group=group, can_view=rules.has_perm("groups.view_reports", user, group))
    if not box.can_view:
        return {"reports_box": box}
    box.reports = list(
        ProgressReport.objects.filter(group=group)
        .select_related("meeting")
        .order_by("meeting__starts_at", "meeting_id")
    )
    if group.status == GroupStatus.ACTIVE and rules.has_perm("groups.write_report", user, group):
        now = timezone.now()
        upcoming = Meeting.objects.filter(
            edition_id=group.edition_id, status=MeetingStatus.PUBLISHED, ends_at__gt=now
        ).order_by("starts_at", "pk")
        box.due_meeting = next((m for m in upcoming if now < report_deadline(m)), None)
        if box.due_meeting is not None:
            box.due_deadline = report_deadline(box.due_meeting)
            box.due_is_written = any(r.meeting_id == box.due_meeting.pk for r in box.reports)
    return {"reports_box": box}
