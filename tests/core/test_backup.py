"""`manage.py backup` and `manage.py restore`, end to end in child processes.

The demo edition is loaded into a database of its own (a new SQLite file, or a throw-away
PostgreSQL database when the suite runs on PostgreSQL), backed up, and restored into a fresh
database and an empty media folder. This test then compares the two databases itself — every
table's row count and a digest of its rows — and every media file's checksum, so that it does not
rely on the command's own verification. One test function: with xdist's round-robin hand-out,
separate tests would each load the demo on another worker.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

PROJECT_DIR = Path(__file__).resolve().parents[2]
VENDOR = connection.vendor
DROPPED_ENV = ("DATABASE_URL", "REDIS_URL", "MEDIA_STORAGE", "DJANGO_SETTINGS_MODULE")


class Databases:
    """Fresh databases of the suite's vendor, named for this run; dropped afterwards."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.created: list[str] = []
        db = settings.DATABASES["default"]
        self.host = db.get("HOST") or "127.0.0.1"
        self.port = str(db.get("PORT") or 5432)
        self.user = db.get("USER") or "postgres"
        self.password = db.get("PASSWORD") or ""
        self.prefix = f"h_backup_{uuid.uuid4().hex[:8]}"

    def _pg(self, tool: str, name: str) -> None:
        env = {**os.environ, "PGPASSWORD": self.password}
        subprocess.run(
            [tool, "-h", self.host, "-p", self.port, "-U", self.user, *tool_args(tool), name],
            env=env,
            check=True,
            capture_output=True,
            timeout=60,
        )

    def new(self, role: str) -> str:
        """The DATABASE_URL of a new, empty database."""
        if VENDOR == "sqlite":
            return f"sqlite:///{self.folder / f'{role}.sqlite3'}"
        name = f"{self.prefix}_{role}"
        self._pg("createdb", name)
        self.created.append(name)
        auth = f"{self.user}:{self.password}" if self.password else self.user
        return f"postgres://{auth}@{self.host}:{self.port}/{name}"

    def drop_all(self) -> None:
        for name in self.created:
            self._pg("dropdb", name)


def tool_args(tool: str) -> list[str]:
    return ["--if-exists"] if tool == "dropdb" else []


def manage(*args: str, database_url: str, media: Path, tmp: Path) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in DROPPED_ENV}
    env = {key: value for key, value in env.items() if not key.startswith("S3_")}
    env.update(
        DJANGO_SETTINGS_MODULE="leerplatform.settings.dev",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(media),
        TASKS_BACKEND="immediate",
        EMAIL_URL=f"filemail:///{tmp / 'mail'}",
        STATICFILES_BUNDLE_DIR=str(tmp / "build"),
        LOG_LEVEL="WARNING",
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        env=env,
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )


def ok(result: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert result.returncode == 0, f"{result.args}\n{result.stdout}\n{result.stderr}"
    return result


# --- Our own look at a database and a media folder --------------------------------------------


def table_contents(database_url: str) -> dict[str, tuple[int, str]]:
    """Every table: (row count, SHA-256 of its rows in sorted order)."""
    if database_url.startswith("sqlite:///"):
        db = sqlite3.connect(database_url.removeprefix("sqlite:///"))
        try:
            names = [
                row[0]
                for row in db.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite_%' ORDER BY name"
                )
            ]
            query = 'SELECT * FROM "{}"'  # names from the catalogue
            return {name: _digest(db.execute(query.format(name)).fetchall()) for name in names}
        finally:
            db.close()
    with psycopg.connect(database_url) as db, db.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
        )
        names = [row[0] for row in cursor.fetchall()]
        contents = {}
        query = 'SELECT * FROM "{}"'  # names from the catalogue
        for name in names:
            cursor.execute(query.format(name))
            contents[name] = _digest(cursor.fetchall())
        return contents


def _digest(rows: list) -> tuple[int, str]:
    return len(rows), hashlib.sha256("\n".join(sorted(map(repr, rows))).encode()).hexdigest()


def media_checksums(folder: Path) -> dict[str, str]:
    if not folder.exists():
        return {}
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in folder.rglob("*")
        if path.is_file()
    }


def has_users(database_url: str) -> bool:
    try:
        contents = table_contents(database_url)
    except (sqlite3.Error, psycopg.Error):
        return False
    return contents.get("accounts_user", (0, ""))[0] > 0


# --- Archives with one byte changed -------------------------------------------------------------


def unpack(archive: Path, folder: Path) -> None:
    with tarfile.open(archive) as tar:
        tar.extractall(folder, filter="data")


def flip_one_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


def pack(folder: Path, archive: Path) -> None:
    with tarfile.open(archive, "w:gz") as tar:
        for path in sorted(folder.rglob("*"), key=lambda p: (p.name == "manifest.json", str(p))):
            if path.is_file():
                tar.add(path, arcname=path.relative_to(folder).as_posix())


# --- The test -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def databases(tmp_path_factory):
    made = Databases(tmp_path_factory.mktemp("backup-databases"))
    yield made
    made.drop_all()


def test_backup_restores_into_a_fresh_database_with_equal_rows_and_files(tmp_path, databases):
    source_url = databases.new("source")
    source_media = tmp_path / "media-source"
    run = {"media": source_media, "tmp": tmp_path}
    ok(manage("migrate", "--no-input", "-v0", database_url=source_url, **run))
    ok(manage("load_demo", database_url=source_url, **run))
    # An upload of our own beside the demo's, in a folder of its own, with a non-ASCII name.
    extra = source_media / "uploads" / "2026" / "verslag-één.bin"
    extra.parent.mkdir(parents=True, exist_ok=True)
    extra.write_bytes(os.urandom(300_000))
    original_tables = table_contents(source_url)
    original_files = media_checksums(source_media)
    assert original_tables["accounts_user"][0] > 0
    assert "uploads/2026/verslag-één.bin" in original_files
    assert len(original_files) > 1

    archives = tmp_path / "backups"
    result = ok(manage("backup", "--output", f"{archives}/", database_url=source_url, **run))
    (archive,) = archives.glob("leerplatform-backup-*.tar.gz")
    assert str(archive) in result.stdout
    assert archive.stat().st_mode & 0o077 == 0  # personal data: for the owner only
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["database"]["vendor"] == VENDOR
    assert manifest["rows"]["accounts.User"] == original_tables["accounts_user"][0]
    assert {item["name"]: item["sha256"] for item in manifest["media"]["files"]} == original_files

    # Restore into a new database and an empty media folder: everything equal.
    fresh_url = databases.new("fresh")
    fresh_media = tmp_path / "media-fresh"
    result = ok(
        manage(
            "restore",
            str(archive),
            "--no-input",
            database_url=fresh_url,
            media=fresh_media,
            tmp=tmp_path,
        )
    )
    assert "Verified" in result.stdout
    restored_tables = table_contents(fresh_url)
    assert restored_tables == original_tables
    assert media_checksums(fresh_media) == original_files

    # A database in use is refused, and left as it was.
    result = manage(
        "restore",
        str(archive),
        "--no-input",
        database_url=source_url,
        media=tmp_path / "media-other",
        tmp=tmp_path,
    )
    assert result.returncode != 0
    assert "in use" in result.stderr
    assert table_contents(source_url) == original_tables

    # A changed byte in a media file of the archive: detected before anything is written.
    unpacked = tmp_path / "unpacked"
    unpack(archive, unpacked)
    flip_one_byte(unpacked / "media" / "uploads" / "2026" / "verslag-één.bin")
    tampered = tmp_path / "tampered.tar.gz"
    pack(unpacked, tampered)
    target_url = databases.new("target")
    target_media = tmp_path / "media-target"
    result = manage(
        "restore",
        str(tampered),
        "--no-input",
        database_url=target_url,
        media=target_media,
        tmp=tmp_path,
    )
    assert result.returncode != 0
    assert "media/uploads/2026/verslag-één.bin" in result.stderr
    assert not has_users(target_url)
    assert media_checksums(target_media) == {}

    # The unpacked folder restores too, and a changed byte in its database file is detected.
    flip_one_byte(unpacked / manifest["database"]["member"])
    result = manage(
        "restore",
        str(unpacked),
        "--no-input",
        database_url=target_url,
        media=target_media,
        tmp=tmp_path,
    )
    assert result.returncode != 0
    assert manifest["database"]["member"] in result.stderr
    assert not has_users(target_url)

    # A damaged archive (cut short) is refused with a message, not a traceback.
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    result = manage(
        "restore",
        str(truncated),
        "--no-input",
        database_url=target_url,
        media=target_media,
        tmp=tmp_path,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "archive" in result.stderr
    assert not has_users(target_url)
    assert media_checksums(target_media) == {}
