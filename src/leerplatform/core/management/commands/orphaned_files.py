"""`manage.py orphaned_files [--delete] [--min-age MINUTES]`: stored files that no row refers to;
a dry run unless `--delete`. See core.orphans."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from leerplatform.core.backup import BackupError
from leerplatform.core.orphans import DEFAULT_MIN_AGE, delete_orphans, survey


class Command(BaseCommand):
    help = (
        "List the stored files (library files, photos, closing reports, data exports, ...) that "
        "no row refers to, with their sizes; --delete removes them. Files younger than "
        "--min-age are left alone. Run it after a restore."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--delete",
            action="store_true",
            help="Remove the files listed (without it, nothing is removed: a dry run).",
        )
        parser.add_argument(
            "--min-age",
            type=int,
            default=int(DEFAULT_MIN_AGE.total_seconds() // 60),
            metavar="MINUTES",
            help="Leave files younger than this alone: an upload may be in flight (default 60).",
        )

    def handle(self, *args, delete: bool, min_age: int, **options) -> None:
        if min_age < 0:
            raise CommandError("--min-age cannot be negative.")
        try:
            results = survey(dt.timedelta(minutes=min_age))
        except BackupError as error:
            raise CommandError(str(error)) from error
        total_files = total_bytes = removed = 0
        for storage, found in results:
            for orphan in found.orphans:
                self.stdout.write(
                    f"{orphan.size:>12,}  {orphan.modified:%Y-%m-%d %H:%M}  {orphan.name}"
                )
            total_files += len(found.orphans)
            total_bytes += found.orphan_bytes
            if found.young:
                self.stdout.write(
                    f"Left alone: {found.young} unreferenced file(s) younger than "
                    f"{min_age} minutes."
                )
            for name in found.missing:
                self.stderr.write(f"A row refers to a file that is not stored: {name}")
            if delete and found.orphans:
                removed += delete_orphans(storage, found.orphans)
        summary = f"{total_files} orphaned file(s), {total_bytes:,} bytes."
        if delete:
            self.stdout.write(self.style.SUCCESS(f"{summary} Removed {removed}."))
        elif total_files:
            self.stdout.write(
                self.style.WARNING(f"{summary} Dry run: nothing removed; --delete removes them.")
            )
        else:
            self.stdout.write(self.style.SUCCESS(summary))
