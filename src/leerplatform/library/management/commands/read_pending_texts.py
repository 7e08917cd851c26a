"""`manage.py read_pending_texts`: finish reading files whose reader was lost.

Run it every few minutes (cron) beside the web processes when TASKS_BACKEND=immediate: then a
file's text is read on a background thread of the web process, and when that process restarts
while a file waits, the file would stay "being read" (a task worker's reading is run again after
its lease instead). This reads every version still waiting after twice the reading's
time limit, in the same limited child process, so that each ends "searchable" or "could not be
read".
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from leerplatform.library.services.files import read_stale_texts


class Command(BaseCommand):
    help = "Read the text of uploaded files still waiting to be read after their time limit."

    def handle(self, *args, **options):
        count = read_stale_texts()
        self.stdout.write(f"Read {count} file version(s) that were still waiting.")
