"""Send the reminders for meetings starting within MEETING_REMINDER_DAYS days. Run it daily:

0 7 * * * cd /srv/leerplatform && .venv/bin/python manage.py send_meeting_reminders
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand
from django_tasks import TaskResultStatus

from leerplatform.meetings.services.reminders import enqueue_due_reminders


class Command(BaseCommand):
    help = "Send (or queue) the reminder emails of meetings starting within MEETING_REMINDER_DAYS days."

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=settings.SITE_URL,
            help="Address of the site for links in the emails (default: SITE_URL).",
        )

    def handle(self, *args, base_url: str, **options):
        results = enqueue_due_reminders(base_url=base_url)
        sent = sum(
            1 for r in results if r.status == TaskResultStatus.SUCCESSFUL and r.return_value is True
        )
        queued = sum(
            1 for r in results if r.status in (TaskResultStatus.READY, TaskResultStatus.RUNNING)
        )
        failed = sum(1 for r in results if r.status == TaskResultStatus.FAILED)
        self.stdout.write(f"{sent} reminder(s) sent, {queued} queued, {failed} failed.")
