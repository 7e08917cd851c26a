"""Every change to progress reports: writing a group's report for a meeting, the deadline, reminders.

For each published meeting of its edition, each active group writes one report, until the
meeting's report deadline (or, without one, until the meeting starts). Reports are visible to the
edition: REPORTED is recorded with visibility PLATFORM, once per person per report (the first
writer and every member who later improves it brought something; saving again does not count
twice).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from leerplatform.accounts.models import User
from leerplatform.core import activity
from leerplatform.core.models import ActivityEntry, Verb
from leerplatform.core.visibility import Visibility
from leerplatform.groups import events
from leerplatform.groups.models import (
    GroupMembership,
    GroupStatus,
    LearningGroup,
    ProgressReport,
)
from leerplatform.groups.queries.reports import groups_without_report, report_deadline
from leerplatform.meetings.models import Meeting, MeetingStatus

SECTIONS = ProgressReport.SECTIONS


class ReportClosed(ValidationError):
    """The report cannot be written (any more): the deadline passed, the meeting was cancelled,
    or the group is not active."""


def _when(moment: dt.datetime) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def closed_reason(*, group: LearningGroup, meeting: Meeting) -> str:
    """Why this group cannot write its report for this meeting now; empty when it can."""
    if meeting.status == MeetingStatus.CANCELLED:
        return _("This meeting has been cancelled: there is no report to write for it.")
    if meeting.status != MeetingStatus.PUBLISHED:
        return _("This meeting has not been published yet.")
    if group.status != GroupStatus.ACTIVE:
        if group.status == GroupStatus.FORMING:
            return _(
                "Only active learning groups report on their progress; this group is still "
                "forming. A coordinator or facilitator can make it active."
            )
        return _("This learning group has been closed: it no longer reports.")
    if timezone.now() >= report_deadline(meeting):
        return _(
            "The deadline for the progress reports of this meeting (%(deadline)s) has passed: "
            "the report can no longer be written or changed."
        ) % {"deadline": _when(report_deadline(meeting))}
    return ""


def _reported_before(*, report: ProgressReport, user: User) -> bool:
    return ActivityEntry.objects.filter(
        actor=user,
        verb=Verb.REPORTED,
        target_type=ContentType.objects.get_for_model(ProgressReport),
        target_id=str(report.pk),
    ).exists()


@transaction.atomic
def write_report(
    *, group: LearningGroup, meeting: Meeting, author: User, **sections: str
) -> ProgressReport:
    """An active member writes or updates the group's report for a meeting, before the deadline
    (brings, visible to the edition). `sections` are the report's parts (SECTIONS)."""
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        raise TypeError(f"Unknown report sections: {', '.join(sorted(unknown))}")
    # The group row is locked: two members saving the first version at once queue here, and
    # the second updates the report the first created instead of failing on the constraint.
    group = LearningGroup.objects.select_for_update().select_related("edition").get(pk=group.pk)
    meeting = Meeting.objects.get(pk=meeting.pk)
    if meeting.edition_id != group.edition_id:
        raise ValidationError(_("This meeting belongs to another edition."))
    if not GroupMembership.objects.active().filter(group=group, user=author).exists():
        raise ValidationError(_("Only members of this learning group can write its report."))
    if reason := closed_reason(group=group, meeting=meeting):
        raise ReportClosed(reason)
    # The sections' rules (what_we_did required, a length) are the model's: full_clean below.
    cleaned = {name: (sections.get(name) or "").strip() for name in SECTIONS}
    report = ProgressReport.objects.filter(group=group, meeting=meeting).first()
    if report is None:
        report = ProgressReport(group=group, meeting=meeting, author=author, **cleaned)
    else:
        for name, text in cleaned.items():
            setattr(report, name, text)
    # The first writer may have deleted their account since (SET_NULL): the report stays editable.
    report.full_clean(exclude=["author"])
    report.save()
    if not _reported_before(report=report, user=author):
        activity.record(
            actor=author,
            verb=Verb.REPORTED,
            edition=group.edition,
            target=report,
            visibility=Visibility.PLATFORM,
            data={"group": group.pk, "meeting": meeting.pk},
        )
    return report


@transaction.atomic
def set_report_deadline(*, meeting: Meeting, deadline: dt.datetime | None, actor: User) -> Meeting:
    """Facilitators set (or clear: until the meeting starts) the deadline for the reports. It may
    lie in the past (that closes reporting), but not after the meeting has ended."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("This meeting has been cancelled."))
    if deadline is not None and deadline > meeting.ends_at:
        raise ValidationError(
            {
                "deadline": _("Choose a deadline no later than the end of the meeting (%(end)s).")
                % {"end": _when(meeting.ends_at)}
            }
        )
    meeting.report_deadline = deadline
    meeting.save(update_fields=["report_deadline", "updated_at"])
    return meeting


@dataclass(frozen=True)
class Reminded:
    groups: int
    people: int


@transaction.atomic
def remind_missing_reports(*, meeting: Meeting, actor: User) -> Reminded:
    """Email the active members of every active group that has not reported for this meeting
    (in Dutch, with a link to their report), after the transaction commits."""
    meeting = Meeting.objects.get(pk=meeting.pk)
    if meeting.status != MeetingStatus.PUBLISHED:
        raise ValidationError(_("Reminders can only be sent for a published meeting."))
    if timezone.now() >= report_deadline(meeting):
        raise ValidationError(
            _(
                "The deadline for the reports (%(deadline)s) has passed: there is nothing to remind of."
            )
            % {"deadline": _when(report_deadline(meeting))}
        )
    group_ids = list(groups_without_report(meeting).values_list("pk", flat=True))
    people = (
        GroupMembership.objects.active()
        .filter(group_id__in=group_ids)
        .values("user_id")
        .distinct()
        .count()
    )
    if group_ids:
        # The receiver in groups.tasks queues the reminders once the transaction commits.
        events.report_reminders_requested.send(sender=Meeting, meeting=meeting, group_ids=group_ids)
    return Reminded(groups=len(group_ids), people=people)
