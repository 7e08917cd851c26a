"""Send the reminders for meetings starting within MEETING_REMINDER_DAYS days. Run it daily:

0 7 * * * cd /srv/leerplatform && .venv/bin/python manage.py send_meeting_reminders

The links in the emails point at SITE_URL.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django_tasks import TaskResultStatus

from leerplatform.meetings.tasks import enqueue_due_reminders


class Command(BaseCommand):
    help = "Send (or queue) the reminder emails of meetings starting within MEETING_REMINDER_DAYS days."

    def handle(self, *args, **options):
        results = enqueue_due_reminders()
        sent = sum(
            1 for r in results if r.status == TaskResultStatus.SUCCESSFUL and r.return_value is True
        )
        queued = sum(
            1 for r in results if r.status in (TaskResultStatus.READY, TaskResultStatus.RUNNING)
        )
        failed = sum(1 for r in results if r.status == TaskResultStatus.FAILED)
        self.stdout.write(f"{sent} reminder(s) sent, {queued} queued, {failed} failed.")
