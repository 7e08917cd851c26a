"""Delete personal data past its retention period and carry out due erasures; run daily.

Safe to run twice: a second run finds nothing more to delete. Prints what it deleted per kind."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from leerplatform.privacy.services.retention import apply_retention


class Command(BaseCommand):
    help = (
        "Apply the retention periods (RETENTION_* settings): old applications of people not "
        "admitted, guests' registrations, expired invitations and exports; erase accounts whose "
        "grace period has passed."
    )

    def handle(self, *args, **options):
        done = apply_retention()
        for kind, count in done.counts.items():
            self.stdout.write(f"{kind}: {count} deleted")
        if done.failed:
            raise CommandError(f"Failed (tried again on the next run): {', '.join(done.failed)}")
