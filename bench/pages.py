"""Benchmark: SQL queries and time per page, with small and large editions.

    .venv/bin/python bench/pages.py [--participants 2000] [--meetings 40] [--activity 20000]

Builds a throw-away SQLite database in a temporary folder, fills one edition, and prints for each
page the number of SQL queries and the median time of 20 requests through Django's test client.
Figures, not a pass/fail test: the query counts are asserted in tests/editions/test_queries.py.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=2000)
    parser.add_argument("--meetings", type=int, default=40)
    parser.add_argument("--activity", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=20)
    options = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="leerplatform-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leerplatform.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    from bench.data import fill_edition

    started = time.perf_counter()
    edition, facilitator, participant = fill_edition(
        participants=options.participants, meetings=options.meetings, activity=options.activity
    )
    print(
        f"data: {options.participants} participants, {options.meetings} meetings, "
        f"{options.activity} ledger rows ({time.perf_counter() - started:.1f} s to build)\n"
    )
    pages = [
        ("home", None, "/"),
        ("edition page", None, f"/editions/{edition.slug}/"),
        ("dashboard", participant, f"/editions/{edition.slug}/dashboard/"),
        ("phase page", facilitator, f"/editions/{edition.slug}/phase/"),
        ("person page", participant, f"/people/{facilitator.pk}/"),
        ("who is who", participant, f"/editions/{edition.slug}/people/"),
        ("institutions", participant, f"/editions/{edition.slug}/people/institutions/"),
        ("agreements", facilitator, f"/editions/{edition.slug}/agreements/"),
        ("applications", facilitator, f"/editions/{edition.slug}/applications/"),
        ("invitations", facilitator, f"/editions/{edition.slug}/invitations/"),
        ("profile page", participant, "/profile/"),
    ]
    print(f"{'page':<16} {'queries':>7} {'median ms':>10} {'p90 ms':>8}")
    for name, user, path in pages:
        client = Client()
        if user is not None:
            client.force_login(user)
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        query_count = len(queries)  # read now: the log is reset by later requests
        assert response.status_code == 200, (path, response.status_code)
        timings = []
        for _ in range(options.repeat):
            t0 = time.perf_counter()
            client.get(path)
            timings.append((time.perf_counter() - t0) * 1000)
        timings.sort()
        p90 = timings[int(len(timings) * 0.9) - 1]
        print(f"{name:<16} {query_count:>7} {statistics.median(timings):>10.1f} {p90:>8.1f}")


if __name__ == "__main__":
    main()
