"""Delete notifications older than the keeping time (settings.NOTIFICATIONS_KEEP_DAYS); run daily.
Safe to run twice: a second run finds nothing left to delete."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from leerplatform.notifications import services


class Command(BaseCommand):
    help = "Delete notifications older than NOTIFICATIONS_KEEP_DAYS (default 180 days)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep this many days instead of the setting.",
        )

    def handle(self, *args, days=None, **options):
        keep = days if days is not None else settings.NOTIFICATIONS_KEEP_DAYS
        if keep < 1:
            self.stderr.write("--days must be at least 1.")
            return
        deleted = services.purge(older_than_days=keep)
        self.stdout.write(f"Deleted {deleted} notifications older than {keep} days.")
