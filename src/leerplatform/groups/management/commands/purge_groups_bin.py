"""`manage.py purge_groups_bin`: empty the groups' bin of activities deleted too long ago.

Run it daily (cron), beside `purge_library_bin`. Activities deleted more than LIBRARY_BIN_DAYS
days ago go for good; younger ones stay restorable.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from leerplatform.groups.services.activities import purge_bin


class Command(BaseCommand):
    help = "Remove group activities that have been in the bin longer than LIBRARY_BIN_DAYS."

    def handle(self, *args, **options):
        count = purge_bin()
        self.stdout.write(
            f"Removed {count} activity(ies) deleted more than {settings.LIBRARY_BIN_DAYS} days ago."
        )
