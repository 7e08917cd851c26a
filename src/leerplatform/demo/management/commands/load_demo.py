import logging

from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from leerplatform.demo.edition import DEMO_LOGINS, DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the demo edition (HRD Leerplatform 2019–2020); existing data is kept."

    def handle(self, *args, **options):
        self.stdout.write(
            "Loading the demo edition: people, meetings, groups, library, reflections, outputs "
            "and the closing report (this takes a few seconds) …"
        )
        # The demo goes through the real services, which email applicants, proposers and group
        # members; those fictional messages are not sent anywhere, not even to the console.
        # Their background tasks run in-process, and a line for each would bury the logins.
        tasks_logger = logging.getLogger("django_tasks")
        level = tasks_logger.level
        tasks_logger.setLevel(logging.WARNING)
        try:
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
                edition = load_demo()
        finally:
            tasks_logger.setLevel(level)
        self.stdout.write(self.style.SUCCESS(f"Demo edition ready: {edition.name}"))
        self.stdout.write("")
        self.stdout.write("  Demo logins (http://127.0.0.1:8000/accounts/login/):")
        for email, role in DEMO_LOGINS:
            self.stdout.write(f"    {role:<12} {email:<28} password: {DEMO_PASSWORD}")
        self.stdout.write("")
