"""Send the daily or weekly digests: `manage.py send_digests --period weekly`.

Scheduled (deploy/systemd/leerplatform-digest-*.timer): daily at 07:00 and on Mondays at 07:00.
Safe to run twice or on two machines at once: each person's digest of a period is claimed once
(`notifications.digests`). `--dry-run` prints the digests it would send without claiming or
sending anything.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from leerplatform.notifications.digests import send_digests
from leerplatform.notifications.kinds import Channel


class Command(BaseCommand):
    help = "Send the daily or weekly notification digests (each person once per period)."

    def add_arguments(self, parser):
        parser.add_argument("--period", choices=[Channel.DAILY, Channel.WEEKLY], required=True)
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print the digests that would go out (to whom, how many items, the text); "
            "claim and send nothing.",
        )
        parser.add_argument(
            "--now", help="Act as if it were this moment (ISO 8601, e.g. 2026-12-07T07:00)."
        )

    def handle(self, *args, period: str, dry_run: bool, now: str | None, **options):
        moment = self._moment(now)
        outcome = send_digests(period, now=moment, dry_run=dry_run, out=self.stdout.write)
        verb = "would send" if dry_run else "sent"
        self.stdout.write(
            f"{period} digests: {outcome.people} people waiting, {verb} {outcome.sent} "
            f"with {outcome.items} item(s); {outcome.skipped} claimed by another run, "
            f"{outcome.empty} with nothing left to mail."
        )

    @staticmethod
    def _moment(value: str | None) -> dt.datetime | None:
        if not value:
            return None
        try:
            moment = parse_datetime(value) or parse_datetime(value + "T00:00")
        except ValueError:
            moment = None
        if moment is None:
            raise CommandError(f"--now: not a date and time: {value}")
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment
