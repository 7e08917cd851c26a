"""Make the notifications that time brings: reminders before meetings, progress reports due,
calls for proposals closing, reports missing (`notifications.reminders`). Run it daily; a second
run makes nothing new:

15 6 * * * cd /srv/leerplatform && .venv/bin/python manage.py send_reminders
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from leerplatform.notifications.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Notify about meetings coming up, progress reports due, calls for proposals closing "
        "and reports missing; safe to run more than once a day."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would be done; make nothing."
        )
        parser.add_argument(
            "--now", help="Run as if it were this moment (ISO 8601, e.g. 2026-12-03T07:00+01:00)."
        )

    def handle(self, *args, **options):
        now = None
        if options["now"]:
            now = parse_datetime(options["now"])
            if now is None:
                raise CommandError(f"Not a date and time: {options['now']}")
            if timezone.is_naive(now):
                now = timezone.make_aware(now)
        dry_run = options["dry_run"]
        due = send_reminders(now=now, dry_run=dry_run)
        for item in due:
            if dry_run:
                self.stdout.write(f"would notify {item.describe()}")
            else:
                self.stdout.write(f"{item.describe()}: {item.made} made")
        total = sum(len(item.people) if dry_run else item.made for item in due)
        verb = "would be made" if dry_run else "made"
        self.stdout.write(f"{total} notification(s) {verb}.")
