"""Ask the attendees of each meeting that has just ended to reflect on it. Run it daily:

30 7 * * * cd /srv/leerplatform && .venv/bin/python manage.py send_reflection_requests

Each meeting is claimed once (a ReflectionRequest row, made with the meeting row locked), so two
runs at the same time never ask anyone twice. Meetings that ended more than a week ago are left
alone, so that a first run on a long history mails nobody about the past.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from leerplatform.reflection.services_journal import send_reflection_requests


class Command(BaseCommand):
    help = "Email the attendees of meetings that ended in the last week, once per meeting, asking them to reflect."

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=settings.SITE_URL,
            help="Address of the site for links in the emails (default: SITE_URL).",
        )

    def handle(self, *args, base_url: str, **options):
        claimed = send_reflection_requests(base_url=base_url)
        people = sum(request.recipients for request in claimed)
        self.stdout.write(f"{len(claimed)} meeting(s) claimed, {people} request(s) queued.")
