"""`manage.py rebuild_search_index`: empty the search index and fill it again, with progress."""

from django.core.management.base import BaseCommand
from django.db import transaction

from leerplatform.search import index


class Command(BaseCommand):
    help = (
        "Empty the search index and fill it again from every document, learning group, "
        "proposal, meeting and person."
    )

    def handle(self, *args, **options):
        def batch_done(what: str, done: int, total: int) -> None:
            if options["verbosity"] >= 2 or done == total or done % 5000 == 0:
                self.stdout.write(f"  {what}: {done}/{total} read")

        def model_done(what: str, count: int) -> None:
            self.stdout.write(f"{what}: {count} entries")

        with transaction.atomic():
            total = index.rebuild(progress=model_done, batch_progress=batch_done)
        self.stdout.write(self.style.SUCCESS(f"The search index holds {total} entries."))
