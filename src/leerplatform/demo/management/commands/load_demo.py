import datetime as dt

from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from leerplatform.core.queue import suppress_tasks
from leerplatform.demo.edition import DEMO_LOGINS, DEMO_PASSWORD, load_demo
from leerplatform.library.services.files import read_stale_texts


class Command(BaseCommand):
    help = "Load the demo edition (HRD Leerplatform 2019–2020); existing data is kept."

    def handle(self, *args, **options):
        self.stdout.write(
            "Loading the demo edition: people, meetings, groups, library, reflections, outputs "
            "and the closing report (this takes a few seconds) …"
        )
        # The demo goes through the real services, which email applicants, proposers and group
        # members. Those people are fictional: nothing is enqueued while the demo loads (so no
        # worker mails them later, whatever the task backend), and a message sent directly would
        # go to the dummy backend. The one piece of background work the demo needs, reading its
        # library files' text for search, is done here, in this process (the closing report's
        # PDF is made by demo/reports.py itself).
        with (
            suppress_tasks(),
            override_settings(
                EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
                LIBRARY_EXTRACT_IN_THREAD=False,
            ),
        ):
            edition = load_demo()
            read_stale_texts(older_than=dt.timedelta(0))  # every text still waiting: now
        self.stdout.write(self.style.SUCCESS(f"Demo edition ready: {edition.name}"))
        self.stdout.write("")
        self.stdout.write("  Demo logins (http://127.0.0.1:8000/accounts/login/):")
        for email, role in DEMO_LOGINS:
            self.stdout.write(f"    {role:<12} {email:<28} password: {DEMO_PASSWORD}")
        self.stdout.write("")
        self.stdout.write(
            "  Both have unread notifications (the bell); the weekly digest they would get:\n"
            "    .venv/bin/python manage.py send_digests --period weekly --dry-run"
        )
        self.stdout.write("")
