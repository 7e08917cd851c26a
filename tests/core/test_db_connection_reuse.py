"""A worker keeps its database connection between requests, on SQLite as on PostgreSQL: opening
one (with SQLite's PRAGMAs) cost a fifth of a small logged-in page (issue 16). The test client
keeps connections open whatever the setting, so the check goes through Django's own request
signals in a child process with the production settings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]

_TWO_REQUESTS = """
import json, django
django.setup()
from django.core.signals import request_finished, request_started
from django.db import connection
from django.conf import settings
seen = []
for _ in range(2):
    request_started.send(sender=None)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    seen.append(connection.connection)  # kept, so that no new one can take its id
    request_finished.send(sender=None)
print(json.dumps({
    "same": seen[0] is seen[1],
    "max_age": settings.DATABASES["default"]["CONN_MAX_AGE"],
    "health_checks": settings.DATABASES["default"]["CONN_HEALTH_CHECKS"],
}))
"""


def _run(tmp_path: Path, **extra: str) -> dict:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(PROJECT_DIR / "src"),
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "leerplatform.settings.production",
        "SECRET_KEY": "test-only-" + "x" * 50,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "ALLOWED_HOSTS": "testserver",
        **extra,
    }
    result = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", _TWO_REQUESTS],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_on_sqlite_a_worker_keeps_its_connection_between_requests(tmp_path):
    found = _run(tmp_path)
    assert found == {"same": True, "max_age": 60, "health_checks": True}


def test_conn_max_age_0_opens_one_per_request(tmp_path):
    found = _run(tmp_path, CONN_MAX_AGE="0")
    assert found["same"] is False
