"""`manage.py purge_library_bin`: empty the library's bin of what has been there too long.

Run it daily (cron). Documents deleted more than LIBRARY_BIN_DAYS days ago go for good, with the
stored files of all their versions; younger ones stay restorable.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from leerplatform.library.services.documents import purge_bin


class Command(BaseCommand):
    help = "Remove documents that have been in the library's bin longer than LIBRARY_BIN_DAYS."

    def handle(self, *args, **options):
        count = purge_bin()
        self.stdout.write(
            f"Removed {count} document(s) deleted more than {settings.LIBRARY_BIN_DAYS} days ago."
        )
