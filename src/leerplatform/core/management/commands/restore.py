"""`manage.py restore ARCHIVE`: bring a backup back into an empty database and storage, then
verify row counts and checksums against its manifest; see core.backup."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from leerplatform.core.backup import BackupError, describe_target, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup archive (or the folder it was unpacked into) into an empty database "
        "and empty media storage, then verify every table's row count and every file's checksum."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("archive", help="The .tar.gz written by `manage.py backup`.")
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the contents of a database that is in use and files of the same name.",
        )

    def handle(self, *args, archive, interactive, force, **options) -> None:
        try:
            result = restore_backup(
                archive,
                force=force,
                progress=self.stdout.write,
                confirm=self._confirm if interactive else None,
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = result.manifest
        self.stdout.write(
            f"Backup of {manifest['created']} (Leerplatform {manifest['app_version']}, "
            f"Django {manifest['django_version']}, {manifest['database']['vendor']})."
        )
        self.stdout.write(
            f"Restored: {result.rows:,} rows in {result.tables} tables, "
            f"{result.files:,} media files ({result.bytes:,} bytes)."
        )
        if result.problems:
            shown = "\n".join(f"  - {problem}" for problem in result.problems[:50])
            raise CommandError(
                f"The restored data differs from the backup ({len(result.problems)}):\n{shown}"
            )
        self.stdout.write(
            self.style.SUCCESS(
                "Verified: every row count and every file checksum equals the manifest. "
                "Run `manage.py migrate` if this version of Leerplatform is newer than the backup."
            )
        )

    def _confirm(self, manifest: dict[str, Any]) -> bool:
        self.stdout.write(
            f"Restore the backup of {manifest['created']} "
            f"({sum(manifest['rows'].values()):,} rows, {manifest['media']['count']:,} files) "
            f"into {describe_target()}?"
        )
        try:
            return input("Type 'yes' to continue: ").strip().lower() == "yes"
        except EOFError:
            return False
