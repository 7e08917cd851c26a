"""The notifications that time makes: reminders before meetings, reports due, calls closing and
reports missing. `manage.py send_reminders` runs them once a day.

Each step reads what is due in a few fixed queries (never one per person), leaves out whoever was
told already (a notification of the same kind, recipient and target — and detail, where the detail
names the deadline — exists), and tells the rest through `services.notify`, which applies the
rules everyone follows (never someone who left, may not see the thing, or turned the kind off).
So a second run the same day, or the next day within the window, makes nothing new.

How far ahead each step looks, in days (settings, with these defaults):

- NOTIFY_MEETING_REMINDER_DAYS (MEETING_REMINDER_DAYS, 3): members registered for a published
  meeting that starts within this many days ("meeting_reminder"). The meetings app emails its
  own reminder (with the calendar file and the cancel link) in the same window, so this kind is
  marked `mailed_by_process`: the notification itself is not emailed a second time.
- NOTIFY_REPORT_DUE_DAYS (3): the active members of each active group that has not reported for
  a published meeting whose report deadline (else its start) falls within this many days
  ("report_due").
- NOTIFY_CALL_CLOSING_DAYS (2): the edition's facilitators, when a call for proposals closes
  within this many days ("call_closing").
- NOTIFY_REPORTS_MISSING_DAYS (3): the edition's facilitators, when a published meeting starts
  within this many days and active groups have not reported for it yet ("reports_missing").
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Membership, Role
from leerplatform.groups.models import GroupMembership, GroupStatus, LearningGroup, ProgressReport
from leerplatform.meetings.models import (
    Meeting,
    MeetingStatus,
    Registration,
    RegistrationStatus,
)
from leerplatform.notifications.models import Notification
from leerplatform.notifications.services import notify
from leerplatform.proposals.models import ProposalCall


def days(name: str) -> int:
    """How many days ahead a step looks (see the module's text for the settings)."""
    defaults = {
        "NOTIFY_MEETING_REMINDER_DAYS": getattr(settings, "MEETING_REMINDER_DAYS", 3),
        "NOTIFY_REPORT_DUE_DAYS": 3,
        "NOTIFY_CALL_CLOSING_DAYS": 2,
        "NOTIFY_REPORTS_MISSING_DAYS": 3,
    }
    return int(getattr(settings, name, defaults[name]))


def already_told(
    kind: str,
    targets: Iterable[models.Model] = (),
    *,
    edition=None,
    unread_only: bool = False,
) -> set[tuple[int, str, str]]:
    """(recipient id, target id, detail) of the notifications of `kind` about these targets (or,
    without targets, in this edition) that exist — unread ones only if asked. One query."""
    rows = Notification.objects.filter(kind=kind)
    targets = list(targets)
    if targets:
        rows = rows.filter(
            target_type=ContentType.objects.get_for_model(targets[0]),
            target_id__in=[str(target.pk) for target in targets],
        )
    elif edition is not None:
        rows = rows.filter(edition=edition)
    else:
        return set()
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    return set(rows.values_list("recipient_id", "target_id", "detail"))


def _day(moment: dt.datetime) -> str:
    """A date as a notification's detail ("5 december 2026"), in the site's language: a detail
    is a proper name or a message, and a date written out is read as one."""
    with translation.override(settings.LANGUAGE_CODE):
        return date_format(timezone.localtime(moment), "DATE_FORMAT")


@dataclass
class Due:
    """One notification to make: a kind, a thing, and the people (ids) still to be told."""

    kind: str
    target: models.Model
    people: list[int]
    edition: object
    url: str
    visibility: str = Visibility.PLATFORM
    group: object = None
    detail: str = ""
    where_label: str = ""
    made: int = field(default=0)

    def describe(self) -> str:
        detail = f" ({self.detail})" if self.detail else ""
        return f"{self.kind}: {self.target}{detail} → {len(self.people)} people"


def _untold(people: Iterable[int], told: set, target, detail: str | None = None) -> list[int]:
    key = str(target.pk)
    if detail is None:
        done = {row[0] for row in told if row[1] == key}
    else:
        done = {row[0] for row in told if row[1] == key and row[2] == detail}
    return sorted(set(people) - done)


def _window(now: dt.datetime, setting: str) -> tuple[dt.datetime, dt.datetime]:
    return now, now + dt.timedelta(days=days(setting))


def _published_meetings_within(now: dt.datetime, setting: str) -> list[Meeting]:
    """The published meetings that start after `now` and within the setting's days."""
    start, end = _window(now, setting)
    return list(
        Meeting.objects.filter(
            status=MeetingStatus.PUBLISHED, starts_at__gt=start, starts_at__lte=end
        )
        .select_related("edition")
        .order_by("starts_at", "pk")
    )


# --- The steps: each a fixed number of queries ------------------------------------------------


def meeting_reminders(now: dt.datetime) -> list[Due]:
    meetings = _published_meetings_within(now, "NOTIFY_MEETING_REMINDER_DAYS")
    if not meetings:
        return []
    registered: dict[int, set[int]] = defaultdict(set)
    for meeting_id, user_id in Registration.objects.filter(
        meeting__in=meetings, status=RegistrationStatus.REGISTERED, user__isnull=False
    ).values_list("meeting_id", "user_id"):
        registered[meeting_id].add(user_id)
    told = already_told("meeting_reminder", meetings)
    due = []
    for meeting in meetings:
        people = _untold(registered[meeting.pk], told, meeting)
        if people:
            due.append(
                Due(
                    "meeting_reminder",
                    meeting,
                    people,
                    meeting.edition,
                    url=reverse("meetings:detail", kwargs={"pk": meeting.pk}),
                    detail=_day(meeting.starts_at),
                    where_label=str(meeting.edition),
                )
            )
    return due


def _meetings_taking_reports(start, end):
    return list(
        Meeting.objects.filter(status=MeetingStatus.PUBLISHED)
        .annotate(deadline=Coalesce("report_deadline", "starts_at"))
        .filter(deadline__gt=start, deadline__lte=end)
        .select_related("edition")
        .order_by("deadline", "pk")
    )


def _missing(meetings: list[Meeting]) -> dict[int, list[LearningGroup]]:
    """Per meeting, the active groups of its edition that have not reported for it (2 queries)."""
    groups = list(
        LearningGroup.objects.filter(
            edition_id__in={m.edition_id for m in meetings}, status=GroupStatus.ACTIVE
        ).order_by("name", "pk")
    )
    reported = set(
        ProgressReport.objects.filter(meeting__in=meetings).values_list("meeting_id", "group_id")
    )
    return {
        meeting.pk: [
            group
            for group in groups
            if group.edition_id == meeting.edition_id and (meeting.pk, group.pk) not in reported
        ]
        for meeting in meetings
    }


def reports_due(now: dt.datetime) -> list[Due]:
    meetings = _meetings_taking_reports(*_window(now, "NOTIFY_REPORT_DUE_DAYS"))
    if not meetings:
        return []
    missing = _missing(meetings)
    groups = {group.pk: group for groups in missing.values() for group in groups}
    members: dict[int, set[int]] = defaultdict(set)
    for group_id, user_id in (
        GroupMembership.objects.active()
        .filter(group_id__in=list(groups))
        .values_list("group_id", "user_id")
    ):
        members[group_id].add(user_id)
    told = already_told("report_due", groups.values())
    due = []
    for meeting in meetings:
        deadline = _day(meeting.deadline)
        for group in missing[meeting.pk]:
            people = _untold(members[group.pk], told, group, deadline)
            if people:
                due.append(
                    Due(
                        "report_due",
                        group,
                        people,
                        meeting.edition,
                        url=reverse(
                            "groups:report", kwargs={"pk": group.pk, "meeting_pk": meeting.pk}
                        ),
                        visibility=Visibility.GROUP,
                        group=group,
                        detail=deadline,
                        where_label=str(meeting),
                    )
                )
    return due


def _facilitators(edition_ids) -> dict[int, set[int]]:
    result: dict[int, set[int]] = defaultdict(set)
    for edition_id, user_id in (
        Membership.objects.active()
        .filter(edition_id__in=set(edition_ids), role=Role.FACILITATOR)
        .values_list("edition_id", "user_id")
    ):
        result[edition_id].add(user_id)
    return result


def calls_closing(now: dt.datetime) -> list[Due]:
    start, end = _window(now, "NOTIFY_CALL_CLOSING_DAYS")
    calls = list(
        ProposalCall.objects.filter(deadline__gt=start, deadline__lte=end)
        .exclude(meeting__status=MeetingStatus.CANCELLED)
        .select_related("meeting__edition")
        .order_by("deadline", "pk")
    )
    if not calls:
        return []
    facilitators = _facilitators(call.meeting.edition_id for call in calls)
    told = already_told("call_closing", calls)
    due = []
    for call in calls:
        people = _untold(facilitators[call.meeting.edition_id], told, call)
        if people:
            due.append(
                Due(
                    "call_closing",
                    call,
                    people,
                    call.meeting.edition,
                    url=reverse("proposals:list", kwargs={"meeting_pk": call.meeting_id}),
                    detail=_day(call.deadline),
                    where_label=str(call.meeting.edition),
                )
            )
    return due


def reports_missing(now: dt.datetime) -> list[Due]:
    meetings = _published_meetings_within(now, "NOTIFY_REPORTS_MISSING_DAYS")
    if not meetings:
        return []
    missing = {pk: groups for pk, groups in _missing(meetings).items() if groups}
    meetings = [meeting for meeting in meetings if meeting.pk in missing]
    if not meetings:
        return []
    facilitators = _facilitators(meeting.edition_id for meeting in meetings)
    told = already_told("reports_missing", meetings)
    due = []
    for meeting in meetings:
        people = _untold(facilitators[meeting.edition_id], told, meeting)
        if people:
            due.append(
                Due(
                    "reports_missing",
                    meeting,
                    people,
                    meeting.edition,
                    url=reverse("groups:meeting_reports", kwargs={"pk": meeting.pk}),
                    detail=", ".join(group.name for group in missing[meeting.pk])[:300],
                    where_label=str(meeting.edition),
                )
            )
    return due


STEPS = [meeting_reminders, reports_due, calls_closing, reports_missing]


def send_reminders(*, now: dt.datetime | None = None, dry_run: bool = False) -> list[Due]:
    """Run every step; returns what was due (with `made`: how many notifications each made;
    nothing is made in a dry run). Each step is one transaction."""
    now = now or timezone.now()
    result = []
    for step in STEPS:
        with transaction.atomic():
            due = step(now)
            if not dry_run:
                for item in due:
                    item.made = len(
                        notify(
                            item.kind,
                            item.people,
                            target=item.target,
                            edition=item.edition,
                            group=item.group,
                            visibility=item.visibility,
                            url=item.url,
                            detail=item.detail,
                            where_label=item.where_label,
                        )
                    )
        result.extend(due)
    return result
