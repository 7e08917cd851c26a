from django.core.management.base import BaseCommand
from django.db import transaction

from leerplatform.search import index


class Command(BaseCommand):
    help = "Empty the search index and fill it again from every document, group, proposal, meeting and person."

    def handle(self, *args, **options):
        def progress(what, count):
            self.stdout.write(f"{what}: {count}")

        with transaction.atomic():
            total = index.rebuild(progress)
        self.stdout.write(self.style.SUCCESS(f"{total} entries"))
