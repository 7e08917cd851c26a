"""The groups' progress reports on a meeting page, under the plenary presentations: for the
members of the meeting's edition and staff only. One query, whatever the number of groups (none
for visitors and outsiders); the counts are on the facilitators' overview (groups:meeting_reports)."""

from __future__ import annotations

from dataclasses import dataclass, field

import rules

from leerplatform.groups.models import ProgressReport


@dataclass
class MeetingReports:
    meeting: object
    can_view: bool = False
    can_manage: bool = False
    reports: list[ProgressReport] = field(default_factory=list)


def meeting_reports_context(*, meeting, user) -> dict:
    """`{"meeting_reports": MeetingReports}` for `groups/_meeting_reports.html`: every report for
    this meeting, by group name, with its group (one query); facilitators and staff get a link to
    the overview."""
    box = MeetingReports(
        meeting=meeting, can_view=rules.has_perm("groups.view_meeting_reports", user, meeting)
    )
    if not box.can_view:
        return {"meeting_reports": box}
    box.reports = list(
        ProgressReport.objects.filter(meeting=meeting)
        .select_related("group")
        .order_by("group__name", "group_id")
    )
    for report in box.reports:
        report.meeting = meeting
    box.can_manage = rules.has_perm("groups.manage_reports", user, meeting)
    return {"meeting_reports": box}
