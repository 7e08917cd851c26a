"""The groups' emails, sent by django-tasks off the request path, and the receivers that queue them.

The services send the groups' events (`events.py`); the receivers here enqueue the task after the
service's transaction commits. A task receives ids and plain values, reads the rows again (so a
group that reported or a member who left in the meantime is not mailed), and writes each email in
the recipient's language (`core.email`), with links on the site's address (`core.links`).

- Progress reports: each active member of a group that still has to report for a meeting gets one
  reminder, with a link to the report of each of their groups that has not reported.

Requests to join, their answers and new posts are notifications (`notifications.sources.groups`):
the notification's own email (at once or in a digest, as each person chose) replaces the emails
that were sent from here.
"""

from __future__ import annotations

from collections import defaultdict

from django.dispatch import receiver
from django_tasks import task

from leerplatform.core.email import send_email
from leerplatform.core.links import absolute_reverse
from leerplatform.core.queue import enqueue_on_commit
from leerplatform.groups import events
from leerplatform.groups.models import GroupMembership
from leerplatform.groups.queries.reports import groups_without_report, report_deadline
from leerplatform.meetings.models import Meeting

# --- Progress reports ----------------------------------------------------------------------------


@task()
def send_report_reminders(meeting_id: int, group_ids: list[int]) -> int:
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
    for person, groups in groups_of.items():
        context = {
            "name": person.name,
            "meeting": meeting,
            "edition": meeting.edition,
            "deadline": report_deadline(meeting),
            "reports": [
                (
                    group.name,
                    absolute_reverse("groups:report", pk=group.pk, meeting_pk=meeting.pk),
                )
                for group in groups
            ],
        }
        send_email("groups/email/report_reminder", context, person)
    return len(groups_of)


@receiver(events.report_reminders_requested)
def queue_report_reminders(sender, meeting: Meeting, group_ids: list[int], **kwargs) -> None:
    enqueue_on_commit(send_report_reminders, meeting.pk, list(group_ids))
