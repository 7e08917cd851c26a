"""`load_demo` never emails the (fictional) demo people: not while it loads, not later through
a worker. Real processes on a throw-away SQLite database, the database queue and file mail."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
MANAGE = PROJECT / "manage.py"


def manage(env: dict, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(MANAGE), *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_load_demo_with_the_database_queue_enqueues_and_mails_nothing(tmp_path):
    database = tmp_path / "demo.sqlite3"
    mails = tmp_path / "mails"
    mails.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "leerplatform.settings.dev",
        "DATABASE_URL": f"sqlite:///{database}",
        "TASKS_BACKEND": "database",
        # Four slashes: an absolute path (django-environ strips one).
        "EMAIL_URL": f"filemail:///{mails}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "REDIS_URL": "",
    }
    migrated = manage(env, "migrate", "--no-input")
    assert migrated.returncode == 0, migrated.stderr

    loaded = manage(env, "load_demo")

    assert loaded.returncode == 0, loaded.stderr
    assert "Demo edition ready" in loaded.stdout
    with sqlite3.connect(database) as db:
        # The demo did go through the services that mail (people applied, were invited, ...).
        assert db.execute("SELECT count(*) FROM accounts_user").fetchone()[0] > 10
        queued = db.execute(
            "SELECT task_path, status FROM django_tasks_database_dbtaskresult"
        ).fetchall()
        # Its files' text was read all the same, in the command itself.
        pending = db.execute(
            "SELECT count(*) FROM library_fileversion WHERE text_status = 'pending'"
        ).fetchone()[0]
        done = db.execute(
            "SELECT count(*) FROM library_fileversion WHERE text_status = 'done'"
        ).fetchone()[0]
    assert queued == []
    assert sorted(mails.iterdir()) == []
    assert pending == 0
    assert done > 0
