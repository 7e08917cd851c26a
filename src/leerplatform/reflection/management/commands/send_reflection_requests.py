"""Ask the attendees of each meeting that has just ended to reflect on it. Run it daily:

30 7 * * * cd /srv/leerplatform && .venv/bin/python manage.py send_reflection_requests

Each meeting is claimed once (a ReflectionRequest row, made with the meeting row locked), so two
runs at the same time never ask anyone twice. Meetings that ended more than a week ago are left
alone, so that a first run on a long history asks nobody about the past. The request is a
notification ("reflection_requested"): emailed at once unless the attendee chose otherwise.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from leerplatform.reflection.services.journal import send_reflection_requests


class Command(BaseCommand):
    help = (
        "Ask the attendees of meetings that ended in the last week, once per meeting, to reflect."
    )

    def handle(self, *args, **options):
        claimed = send_reflection_requests()
        people = sum(request.recipients for request in claimed)
        self.stdout.write(f"{len(claimed)} meeting(s) claimed, {people} attendee(s) asked.")
