"""Emails about progress reports, sent by django-tasks off the request path.

`services.reports.remind_missing_reports` enqueues `send_report_reminders` after its transaction
commits. The task reads the rows again: a group that has reported in the meantime, or a member who
has left, is not reminded. Each person gets one email (in the platform's language, Dutch by
default), with a link to the report of each of their groups that still has to report.
"""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from leerplatform.groups.models import GroupMembership
from leerplatform.groups.services.reports import groups_without_report, report_deadline
from leerplatform.meetings.models import Meeting


def _send(template: str, context: dict, to: str) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}.txt", context)
    prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "")
    send_mail(prefix + " ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [to])


@task()
def send_report_reminders(meeting_id: int, group_ids: list[int], base_url: str) -> int:
    """Remind the active members of these groups that have still not reported; returns how many
    people were emailed."""
    meeting = Meeting.objects.select_related("edition").filter(pk=meeting_id).first()
    if meeting is None:
        return 0
    still_missing = groups_without_report(meeting).filter(pk__in=group_ids)
    memberships = (
        GroupMembership.objects.active()
        .filter(group__in=still_missing)
        .select_related("user", "group")
        .order_by("user_id", "group__name")
    )
    groups_of = defaultdict(list)
    for membership in memberships:
        if membership.user.is_active and membership.user.email:
            groups_of[membership.user].append(membership.group)
    base = base_url.rstrip("/")
    for person, groups in groups_of.items():
        context = {
            "name": person.name,
            "meeting": meeting,
            "edition": meeting.edition,
            "deadline": report_deadline(meeting),
            "reports": [
                (
                    group.name,
                    base
                    + reverse("groups:report", kwargs={"pk": group.pk, "meeting_pk": meeting.pk}),
                )
                for group in groups
            ],
        }
        _send("groups/email/report_reminder", context, person.email)
    return len(groups_of)
