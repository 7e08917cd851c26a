"""Backups you can restore: one archive with a consistent database snapshot, the media files and
a manifest that says what a restore must bring back (`manage.py backup`, `manage.py restore`).

The archive (`leerplatform-backup-YYYYmmdd-HHMMSS.tar.gz`, mode 0600) holds, in this order:

- `database/db.sqlite3` — SQLite through the online backup API (safe while the site runs), or
  `database/db.pgdump` — PostgreSQL through `pg_dump --format=custom`, taken from a snapshot the
  row counts are read from as well, so the counts describe exactly the dump;
- `media/<name>` — every file of the default storage (file system or S3), read through the storage
  API in chunks and hashed on the way;
- `manifest.json` — format version, time, versions, database vendor, the row count of every
  concrete model's table and the size and SHA-256 of the database file and of every media file.

A restore first reads the whole archive and checks every checksum against the manifest, so that a
damaged archive changes nothing. Then it brings the database back (SQLite: the backup API in
reverse; PostgreSQL: `pg_restore` into the configured database), writes the media through the
storage API under exactly their names, and verifies row counts and checksums in the target.
It refuses a database that is in use (it has user accounts) unless forced, and a database of
another vendor than the backup's.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import tomllib
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, cast

import django
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

FORMAT = "leerplatform-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database/db.sqlite3"
POSTGRES_MEMBER = "database/db.pgdump"
MEDIA_PREFIX = "media/"
CHUNK_BYTES = 1024 * 1024
# Folders deeper than this are refused (a symlink loop in MEDIA_ROOT would otherwise never end).
MAX_DEPTH = 64
MAX_MANIFEST_BYTES = 512 * 1024 * 1024
PROGRESS_EVERY = 200  # files

Progress = Callable[[str], None]

# OPTIONS of a PostgreSQL database that libpq also reads from the environment.
_PG_OPTION_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
}
_PG_ENV_KEYS = [
    "PGHOST",
    "PGPORT",
    "PGUSER",
    "PGPASSWORD",
    "PGDATABASE",
    *_PG_OPTION_ENV.values(),
]


class BackupError(Exception):
    """Something the person running the command must know; the command exits non-zero."""


def _quiet(message: str) -> None:
    """The default progress: say nothing."""


# --- What there is to count and to copy -----------------------------------------------------


def concrete_models() -> list[tuple[str, str]]:
    """(label, table) of every concrete model of every installed app, m2m tables included."""
    seen: dict[str, str] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.swapped:
            continue
        seen.setdefault(meta.db_table, meta.label)
    return sorted((label, table) for table, label in seen.items())


def _count_rows(
    cursor: Any, quote: Callable[[str], str], tables: set[str], models: list[tuple[str, str]]
) -> tuple[dict[str, int], dict[str, str]]:
    rows: dict[str, int] = {}
    names: dict[str, str] = {}
    for label, table in models:
        if table not in tables:
            continue
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 (our own table names)
        rows[label] = int(cursor.fetchone()[0])
        names[label] = table
    return rows, names


def walk_storage(storage: Storage) -> Iterator[str]:
    """Every file name in the storage, depth first, sorted; through `listdir` only."""
    stack: list[tuple[str, int]] = [("", 0)]
    while stack:
        folder, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise BackupError(
                f"The media storage is deeper than {MAX_DEPTH} folders at {folder!r}."
            )
        try:
            folders, files = storage.listdir(folder)
        except FileNotFoundError:
            if folder == "":
                return  # no media folder yet: no files
            raise
        for name in sorted(files):
            yield f"{folder}/{name}" if folder else name
        for sub in sorted(folders, reverse=True):
            stack.append((f"{folder}/{sub}" if folder else sub, depth + 1))


def _storage_is_empty(storage: Storage) -> bool:
    return next(iter(walk_storage(storage)), None) is None


def _describe_storage(storage: Storage) -> str:
    kind = f"{type(storage).__module__}.{type(storage).__qualname__}"
    where = getattr(storage, "location", "") or getattr(storage, "bucket_name", "")
    return f"{kind} ({where})" if where else kind


class _HashingReader:
    """A read-only, non-seekable stream that hashes and counts what passes through it."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self._hash = hashlib.sha256()
        self.size = 0

    closed = False

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        self._hash.update(data)
        self.size += len(data)
        return data

    def seekable(self) -> bool:
        return False

    def close(self) -> None:
        """The stream belongs to whoever opened it."""

    @property
    def sha256(self) -> str:
        return self._hash.hexdigest()


def _hash_stream(stream: IO[bytes], sink: IO[bytes] | None = None) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    while chunk := stream.read(CHUNK_BYTES):
        digest.update(chunk)
        size += len(chunk)
        if sink is not None:
            sink.write(chunk)
    return digest.hexdigest(), size


def _hash_file(path: Path) -> tuple[str, int]:
    with path.open("rb") as stream:
        return _hash_stream(stream)


def app_version() -> str:
    with contextlib.suppress(importlib.metadata.PackageNotFoundError):
        return importlib.metadata.version("leerplatform")
    pyproject = Path(getattr(settings, "PROJECT_DIR", ".")) / "pyproject.toml"
    with contextlib.suppress(OSError, tomllib.TOMLDecodeError, KeyError):
        return str(tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"])
    return "unknown"


def _applied_migrations(cursor: Any, tables: set[str]) -> dict[str, list[str]]:
    if "django_migrations" not in tables:
        return {}
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    applied: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        applied.setdefault(app, []).append(name)
    return applied


# --- The database, per vendor ----------------------------------------------------------------


def _database() -> dict[str, Any]:
    return settings.DATABASES["default"]


def _sqlite_path() -> Path:
    name = str(_database()["NAME"])
    if name in ("", ":memory:") or name.startswith("file:"):
        raise BackupError(f"The SQLite database {name!r} is not a file this command can copy.")
    return Path(name)


def postgres_env() -> dict[str, str]:
    """The environment for pg_dump/pg_restore: the connection of settings.DATABASES['default'],
    the password in PGPASSWORD (never in the command line)."""
    db = _database()
    env = {key: value for key, value in os.environ.items() if key not in _PG_ENV_KEYS}
    values = {
        "PGHOST": db.get("HOST"),
        "PGPORT": db.get("PORT"),
        "PGUSER": db.get("USER"),
        "PGPASSWORD": db.get("PASSWORD"),
        "PGDATABASE": db.get("NAME"),
    }
    for option, key in _PG_OPTION_ENV.items():
        values[key] = (db.get("OPTIONS") or {}).get(option)
    env.update({key: str(value) for key, value in values.items() if value not in (None, "")})
    return env


def _run_tool(args: list[str], what: str) -> None:
    if shutil.which(args[0]) is None:
        raise BackupError(
            f"{args[0]} is not on PATH: install the PostgreSQL client tools "
            f"(the same major version as the server, or newer)."
        )
    result = subprocess.run(  # noqa: S603 (fixed arguments, no shell)
        args, env=postgres_env(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{what} failed ({args[0]} exited {result.returncode}):\n{result.stderr}")


def _snapshot_sqlite(folder: Path) -> tuple[Path, dict[str, Any]]:
    source_path = _sqlite_path()
    if not source_path.exists():
        raise BackupError(f"The SQLite database {source_path} does not exist.")
    target = folder / "db.sqlite3"
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True, timeout=20)
    copy = sqlite3.connect(target)
    try:
        # One step (-1): a single consistent read of the whole database; in WAL mode writers
        # go on meanwhile. Steps of a few pages would restart on every write of the live site.
        source.backup(copy, pages=-1)
        cursor = copy.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        tables = {row[0] for row in cursor.fetchall()}
        rows, names = _count_rows(cursor, _sqlite_quote, tables, concrete_models())
        migrations = _applied_migrations(cursor, tables)
    finally:
        copy.close()
        source.close()
    return target, {
        "member": SQLITE_MEMBER,
        "rows": rows,
        "tables": names,
        "migrations": migrations,
        "server_version": sqlite3.sqlite_version,
    }


def _sqlite_quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _snapshot_postgres(folder: Path) -> tuple[Path, dict[str, Any]]:
    target = folder / "db.pgdump"
    connection.ensure_connection()
    # One REPEATABLE READ transaction exports its snapshot; pg_dump dumps exactly that snapshot
    # and the row counts are read in it too, so the manifest describes the dump, not "now".
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
        snapshot, server_version = cursor.fetchone()
        _run_tool(
            [
                "pg_dump",
                "--format=custom",
                "--no-password",
                f"--snapshot={snapshot}",
                f"--file={target}",
            ],
            "The database dump",
        )
        tables = set(connection.introspection.table_names(cursor))
        rows, names = _count_rows(cursor, connection.ops.quote_name, tables, concrete_models())
        migrations = _applied_migrations(cursor, tables)
    return target, {
        "member": POSTGRES_MEMBER,
        "rows": rows,
        "tables": names,
        "migrations": migrations,
        "server_version": server_version,
    }


# --- Backup ------------------------------------------------------------------------------------


def archive_path(output: str | os.PathLike[str] | None) -> Path:
    """Where the archive goes: a file named by --output, or a dated file in a folder."""
    name = f"leerplatform-backup-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz"
    if output is None:
        folder = Path(getattr(settings, "VAR_DIR", Path.cwd())) / "backups"
        folder.mkdir(parents=True, exist_ok=True)
        return folder / name
    path = Path(output)
    if path.is_dir() or str(output).endswith(("/", os.sep)):
        path.mkdir(parents=True, exist_ok=True)
        return path / name
    if path.exists():
        raise BackupError(f"{path} exists already; choose another name or a folder.")
    if not path.parent.is_dir():
        raise BackupError(f"The folder {path.parent} does not exist.")
    return path


def create_backup(
    output: str | os.PathLike[str] | None = None, progress: Progress = _quiet
) -> tuple[Path, dict[str, Any]]:
    """Write one archive; returns its path and its manifest."""
    target = archive_path(output)
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    storage = storages["default"]
    partial = target.with_name(target.name + ".partial")
    created = timezone.now()
    try:
        with tempfile.TemporaryDirectory(dir=target.parent, prefix=".backup-") as tmp:
            progress(f"Database ({vendor}): taking a snapshot …")
            if vendor == "sqlite":
                db_file, database = _snapshot_sqlite(Path(tmp))
            else:
                db_file, database = _snapshot_postgres(Path(tmp))
            database["sha256"], database["size"] = _hash_file(db_file)
            progress(
                f"Database: {database['size']:,} bytes, {sum(database['rows'].values()):,} rows "
                f"in {len(database['rows'])} tables."
            )
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with (
                os.fdopen(fd, "wb") as raw,
                tarfile.open(
                    fileobj=raw, mode="w:gz", compresslevel=6, format=tarfile.PAX_FORMAT
                ) as tar,
            ):
                tar.add(db_file, arcname=database["member"], recursive=False)
                files = _add_media(tar, storage, created.timestamp(), progress)
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "created": created.isoformat(),
                    "django_version": django.get_version(),
                    "app_version": app_version(),
                    "database": {
                        "vendor": vendor,
                        "member": database["member"],
                        "size": database["size"],
                        "sha256": database["sha256"],
                        "server_version": database["server_version"],
                        "migrations": database["migrations"],
                    },
                    "rows": database["rows"],
                    "tables": database["tables"],
                    "media": {
                        "storage": _describe_storage(storage),
                        "count": len(files),
                        "bytes": sum(item["size"] for item in files),
                        "files": files,
                    },
                }
                data = json.dumps(manifest, indent=1, ensure_ascii=False).encode("utf-8")
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime, info.mode = len(data), int(created.timestamp()), 0o600
                tar.addfile(info, io.BytesIO(data))
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target, manifest


def _add_media(
    tar: tarfile.TarFile, storage: Storage, mtime: float, progress: Progress
) -> list[dict[str, Any]]:
    files: list[dict[str, Any]] = []
    total = 0
    for name in walk_storage(storage):
        try:
            size = storage.size(name)
            stream = storage.open(name, "rb")
        except FileNotFoundError:
            # Deleted since the listing (the library's bin purge deletes the row first).
            progress(f"Media: {name} was deleted while the backup ran; left out.")
            continue
        info = tarfile.TarInfo(MEDIA_PREFIX + name)
        info.size, info.mtime, info.mode = size, int(mtime), 0o600
        with stream:
            reader = _HashingReader(stream)
            try:
                tar.addfile(info, reader)  # reads exactly `size` bytes, in chunks
            except OSError as error:
                raise BackupError(
                    f"Media file {name!r} changed while it was read: {error}"
                ) from error
        files.append({"name": name, "size": size, "sha256": reader.sha256})
        total += size
        if len(files) % PROGRESS_EVERY == 0:
            progress(f"Media: {len(files):,} files ({total:,} bytes) …")
    progress(f"Media: {len(files):,} files ({total:,} bytes).")
    return files


# --- Reading an archive -------------------------------------------------------------------------


@contextlib.contextmanager
def _members(source: Path) -> Iterator[Iterator[tuple[str, IO[bytes]]]]:
    """The archive's files in their order, each as a stream read once: a .tar(.gz) file or a
    folder the archive was unpacked into."""
    if source.is_dir():
        yield _folder_members(source)
        return
    try:
        with tarfile.open(source, mode="r|*") as tar:
            yield _tar_members(tar)
    except (tarfile.TarError, zlib.error, EOFError) as error:
        raise BackupError(f"The archive {source} is damaged or not a backup: {error}") from error


def _tar_members(tar: tarfile.TarFile) -> Iterator[tuple[str, IO[bytes]]]:
    for member in tar:
        if member.isdir():
            continue
        if not member.isfile():
            raise BackupError(f"The archive holds {member.name!r}, which is not a plain file.")
        stream = tar.extractfile(member)
        if stream is None:
            continue
        yield member.name, stream


def _folder_members(folder: Path) -> Iterator[tuple[str, IO[bytes]]]:
    names = [
        path.relative_to(folder).as_posix()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.is_symlink()
    ]
    # The archive's order: the database, the media, the manifest.
    names.sort(key=lambda name: (name == MANIFEST, not name.startswith("database/"), name))
    for name in names:
        with (folder / name).open("rb") as stream:
            yield name, stream


def _media_name(member: str) -> str:
    name = member[len(MEDIA_PREFIX) :]
    parts = name.split("/")
    if not name or name.startswith("/") or "\\" in name or any(p in ("", ".", "..") for p in parts):
        raise BackupError(f"The archive holds an unsafe file name: {member!r}.")
    return name


def read_and_check(source: Path, progress: Progress = _quiet) -> dict[str, Any]:
    """Read the whole archive once, check every file against the manifest; return the manifest."""
    if not source.exists():
        raise BackupError(f"{source} does not exist.")
    seen: dict[str, tuple[str, int]] = {}
    manifest: dict[str, Any] | None = None
    with _members(source) as members:
        try:
            for name, stream in members:
                if name == MANIFEST:
                    data = stream.read(MAX_MANIFEST_BYTES + 1)
                    if len(data) > MAX_MANIFEST_BYTES:
                        raise BackupError("The manifest is too large.")
                    try:
                        manifest = json.loads(data)
                    except ValueError as error:
                        raise BackupError(f"The manifest is not valid JSON: {error}") from error
                    continue
                seen[name] = _hash_stream(stream)
                if len(seen) % PROGRESS_EVERY == 0:
                    progress(f"Checking the archive: {len(seen):,} files read …")
        except (tarfile.TarError, zlib.error, EOFError, OSError) as error:
            raise BackupError(f"The archive {source} is damaged: {error}") from error
    if manifest is None or manifest.get("format") != FORMAT:
        raise BackupError(f"{source} is not a Leerplatform backup (no {MANIFEST}).")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"The backup has format version {manifest.get('format_version')}; this version of "
            f"Leerplatform reads version {FORMAT_VERSION}."
        )
    problems: list[str] = []
    expected = {
        manifest["database"]["member"]: (
            manifest["database"]["sha256"],
            manifest["database"]["size"],
        )
    }
    for item in manifest["media"]["files"]:
        expected[MEDIA_PREFIX + item["name"]] = (item["sha256"], item["size"])
    for name, (sha, size) in expected.items():
        if name not in seen:
            problems.append(f"missing from the archive: {name}")
        elif seen[name] != (sha, size):
            problems.append(f"checksum differs from the manifest: {name}")
    problems.extend(f"not in the manifest: {name}" for name in seen if name not in expected)
    if problems:
        raise BackupError(_problem_text("The archive does not match its manifest", problems))
    progress(f"Archive checked: the database and {len(expected) - 1:,} media files match.")
    return manifest


def _problem_text(title: str, problems: list[str]) -> str:
    shown = "\n".join(f"  - {problem}" for problem in problems[:20])
    more = f"\n  … and {len(problems) - 20} more" if len(problems) > 20 else ""
    return f"{title} ({len(problems)}):\n{shown}{more}"


# --- Restore ------------------------------------------------------------------------------------


@dataclass
class RestoreResult:
    manifest: dict[str, Any]
    rows: int = 0
    tables: int = 0
    files: int = 0
    bytes: int = 0
    problems: list[str] = field(default_factory=list)


def describe_target() -> str:
    """The configured database and storage, for the question before a restore (no password)."""
    db = _database()
    if connection.vendor == "sqlite":
        where = f"SQLite {db['NAME']}"
    else:
        where = f"{connection.vendor} {db.get('NAME')} on {db.get('HOST') or 'local socket'}"
    return f"database {where}; media storage {_describe_storage(storages['default'])}"


def database_in_use() -> dict[str, int]:
    """Row counts of the tables that hold data, when the target has user accounts; else {}.

    A database counts as in use as soon as it has a user account: a new database, or one that
    only ran `migrate` (content types, permissions, the list of institutions), is fine to fill.
    """
    user_table = get_user_model()._meta.db_table
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        if user_table not in tables:
            return {}
        rows, _ = _count_rows(cursor, connection.ops.quote_name, tables, concrete_models())
    if not rows.get(get_user_model()._meta.label):
        return {}
    return {label: count for label, count in rows.items() if count}


def restore_backup(
    source: str | os.PathLike[str],
    *,
    force: bool = False,
    progress: Progress = _quiet,
    confirm: Callable[[dict[str, Any]], bool] | None = None,
) -> RestoreResult:
    """Check the archive, restore database and media, verify; problems are in the result."""
    source = Path(source)
    manifest = read_and_check(source, progress)
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(
            f"This backup holds a {vendor} database; the configured database is "
            f"{connection.vendor}. Restoring across database vendors is not supported: restore "
            f"into a {vendor} database (DATABASE_URL), then move the data with "
            f"`dumpdata`/`loaddata` if you must."
        )
    try:
        in_use = database_in_use()
    except DatabaseError as error:
        raise BackupError(
            f"The target database cannot be reached: {str(error).strip()}\nCreate it first (PostgreSQL: "
            "createdb), then run the restore again."
        ) from error
    if in_use and not force:
        listed = ", ".join(f"{label} ({count})" for label, count in list(in_use.items())[:8])
        raise BackupError(
            "The target database is in use: it already holds data "
            f"({listed}{', …' if len(in_use) > 8 else ''}). Restore into a new, empty database "
            "(or one that only ran `migrate`), or pass --force to replace its contents."
        )
    storage = storages["default"]
    if not force and not _storage_is_empty(storage):
        raise BackupError(
            f"The media storage {_describe_storage(storage)} already holds files. Restore into "
            "an empty folder or bucket, or pass --force to replace files of the same name."
        )
    if confirm is not None and not confirm(manifest):
        raise BackupError("Restore cancelled; nothing was changed.")

    result = RestoreResult(manifest=manifest)
    media = {item["name"]: item for item in manifest["media"]["files"]}
    with _members(source) as members:
        for name, stream in members:
            if name == manifest["database"]["member"]:
                _restore_database(stream, manifest, progress)
            elif name.startswith(MEDIA_PREFIX):
                item = media[_media_name(name)]
                _restore_file(storage, item, stream, force)
                result.files += 1
                result.bytes += item["size"]
                if result.files % PROGRESS_EVERY == 0:
                    progress(f"Media: {result.files:,} of {len(media):,} files written …")
    progress(f"Media: {result.files:,} files written ({result.bytes:,} bytes).")
    _verify(manifest, storage, result, progress)
    return result


def _restore_database(stream: IO[bytes], manifest: dict[str, Any], progress: Progress) -> None:
    database = manifest["database"]
    with tempfile.TemporaryDirectory(prefix=".restore-", dir=_scratch_folder()) as tmp:
        copy = Path(tmp) / Path(database["member"]).name
        with copy.open("wb") as sink:
            sha, size = _hash_stream(stream, sink)
        if (sha, size) != (database["sha256"], database["size"]):
            raise BackupError("The database file changed since the archive was checked.")
        connection.close()
        if database["vendor"] == "sqlite":
            _restore_sqlite(copy)
        else:
            progress("Database: pg_restore …")
            _run_tool(
                [
                    "pg_restore",
                    "--no-owner",
                    "--no-privileges",
                    "--clean",
                    "--if-exists",
                    "--single-transaction",
                    "--exit-on-error",
                    "--no-password",
                    f"--dbname={_database()['NAME']}",
                    str(copy),
                ],
                "The database restore",
            )
    connection.close()
    progress(f"Database restored ({database['vendor']}, {database['size']:,} bytes).")


def _scratch_folder() -> Path | None:
    """Next to the SQLite database (same disk, no /tmp size limit), else the system's temp."""
    if connection.vendor == "sqlite":
        folder = _sqlite_path().parent
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    return None


def _restore_sqlite(copy: Path) -> None:
    snapshot = sqlite3.connect(copy)
    try:
        check = snapshot.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise BackupError(f"The database in the archive is damaged: {check}")
        target = sqlite3.connect(_sqlite_path(), timeout=20)
        try:
            # The backup API in reverse: replaces every page of the target, WAL and all.
            snapshot.backup(target, pages=-1)
        finally:
            target.close()
    finally:
        snapshot.close()


def _restore_file(storage: Storage, item: dict[str, Any], stream: IO[bytes], force: bool) -> None:
    name = item["name"]
    if force and storage.exists(name):
        storage.delete(name)
    reader = _HashingReader(stream)
    saved = storage.save(name, File(cast(IO[bytes], reader), name=name.rsplit("/", 1)[-1]))
    if saved != name:
        raise BackupError(
            f"The storage saved {name!r} as {saved!r}: it renamed the file (did it exist "
            "already?). The restore stopped; restore into empty storage."
        )
    if (reader.sha256, reader.size) != (item["sha256"], item["size"]):
        raise BackupError(f"Media file {name!r} changed since the archive was checked.")


def _verify(
    manifest: dict[str, Any], storage: Storage, result: RestoreResult, progress: Progress
) -> None:
    """Count and hash what is now in the target; each difference from the manifest is a problem."""
    progress("Verifying rows and files …")
    tables = manifest["tables"]
    with connection.cursor() as cursor:
        present = set(connection.introspection.table_names(cursor))
        for label, expected in manifest["rows"].items():
            table = tables[label]
            if table not in present:
                result.problems.append(f"table missing: {table} ({label})")
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            count = int(cursor.fetchone()[0])
            result.tables += 1
            result.rows += count
            if count != expected:
                result.problems.append(f"{label}: {count} rows, the backup has {expected}")
    checked = 0
    for item in manifest["media"]["files"]:
        name = item["name"]
        try:
            with storage.open(name, "rb") as stream:
                sha, size = _hash_stream(stream)
        except FileNotFoundError:
            result.problems.append(f"file missing: {name}")
            continue
        if (sha, size) != (item["sha256"], item["size"]):
            result.problems.append(f"file differs: {name}")
        checked += 1
        if checked % PROGRESS_EVERY == 0:
            progress(f"Verifying: {checked:,} files read …")
