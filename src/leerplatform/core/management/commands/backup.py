"""`manage.py backup [--output DIR_OR_FILE]`: one archive with the database and media; see core.backup."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from leerplatform.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Write a backup archive: a consistent snapshot of the database (SQLite online backup or "
        "pg_dump), every media file and a manifest with row counts and checksums."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--output",
            default=None,
            help="A folder (the archive gets a dated name) or a file name; default var/backups/.",
        )

    def handle(self, *args, output, **options) -> None:
        try:
            path, manifest = create_backup(output, progress=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["rows"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written: {path} ({path.stat().st_size:,} bytes; "
                f"{rows:,} rows in {len(manifest['rows'])} tables, "
                f"{manifest['media']['count']:,} media files)."
            )
        )
