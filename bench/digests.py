"""Benchmark: the weekly digest to 2,000 people (`manage.py send_digests --period weekly`).

    .venv/bin/python bench/digests.py [--people 2000] [--per-person 8]

Builds a throw-away SQLite database (a fresh file, never a real database) with one edition of `--people`
participants in learning groups of 20 and `--per-person` weekly notifications each (half about
the edition, half about their group), all made with bulk inserts. Then times the command with
Django's file email backend (every message written to one file in the temp folder, nothing held
in memory) and prints the seconds, the emails written and the peak of Python's memory during
the run (tracemalloc), next to the same run for a tenth of the people (each in a process and a
database of its own): a flat memory means the two peaks are close. The issue asks for under a minute at 2,000 people. Not a timed test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

NOW = dt.datetime(2026, 12, 7, 7, 0, tzinfo=dt.UTC)  # a Monday morning


def build(people: int, per_person: int, *, slug: str):
    """An edition, its people in groups of 20, and their weekly notifications (bulk)."""
    from bench.data import fill_edition
    from leerplatform.editions.models import Membership
    from leerplatform.groups.models import GroupMembership, LearningGroup
    from leerplatform.notifications.kinds import Channel
    from leerplatform.notifications.models import Notification

    edition, facilitator, _ = fill_edition(participants=people, meetings=1, activity=0)
    members = list(
        Membership.objects.filter(edition=edition, role="participant").values_list(
            "user_id", flat=True
        )
    )
    groups = LearningGroup.objects.bulk_create(
        LearningGroup(edition=edition, name=f"Leergroep {slug}-{i + 1}")
        for i in range((len(members) + 19) // 20)
    )
    GroupMembership.objects.bulk_create(
        GroupMembership(group=groups[i // 20], user_id=pk) for i, pk in enumerate(members)
    )
    created = NOW - dt.timedelta(days=2)
    rows = []
    for i, pk in enumerate(members):
        group = groups[i // 20]
        for n in range(per_person):
            in_group = n % 2 == 1
            rows.append(
                Notification(
                    recipient_id=pk,
                    kind="post" if in_group else "document_added",
                    actor=facilitator,
                    edition=edition,
                    group=group if in_group else None,
                    target_label=f"Onderwerp {n}",
                    where_label=group.name if in_group else edition.name,
                    excerpt="Een paar regels uit wat er geschreven is, om te laten zien waarover.",
                    url=f"/groups/{group.pk}/threads/{n}/",
                    visibility="group" if in_group else "platform",
                    channel=Channel.WEEKLY,
                )
            )
        if len(rows) >= 5000:
            Notification.objects.bulk_create(rows)
            rows = []
    Notification.objects.bulk_create(rows)
    Notification.objects.filter(edition=edition).update(created_at=created)


def run(mail_folder: Path) -> tuple[float, int, int, int]:
    from django.core.management import call_command
    from django.db import connection, reset_queries

    reset_queries()
    if os.environ.get("BENCH_TRACEMALLOC", "1") == "1":
        tracemalloc.start()
    started = time.perf_counter()
    call_command(
        "send_digests", "--period", "weekly", "--now", NOW.isoformat(), stdout=io.StringIO()
    )
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    written = sum(
        path.read_text(errors="replace").count("List-Unsubscribe-Post:")
        for path in mail_folder.glob("*.log")
    )
    for path in mail_folder.glob("*.log"):
        path.unlink()
    return elapsed, peak, written, len(connection.queries)


def single(people: int, per_person: int) -> None:
    """Build and run in a fresh database of its own; prints one JSON line."""
    folder = Path(tempfile.mkdtemp(prefix="leerplatform-bench-"))
    (folder / "mail").mkdir()
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leerplatform.settings.test")
    import django
    from django.conf import settings

    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(folder / "mail")
    settings.DEBUG = True  # count the queries
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    build(people, per_person, slug="x")
    built = time.perf_counter() - started
    elapsed, peak, written, queries = run(folder / "mail")
    shutil.rmtree(folder)
    print(json.dumps({"people": people, "built": built, "seconds": elapsed, "peak": peak,
                      "written": written, "queries": queries}))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--per-person", type=int, default=8)
    parser.add_argument("--single", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.single:
        single(options.people, options.per_person)
        return
    results = []
    for people in (max(options.people // 10, 1), options.people):
        command = [sys.executable, __file__, "--single", "--people", str(people),
                   "--per-person", str(options.per_person)]  # fmt: skip
        done = subprocess.run(command, check=True, capture_output=True, text=True)  # noqa: S603
        result = json.loads(done.stdout.strip().splitlines()[-1])
        results.append(result)
        print(
            f"{result['people']} people x {options.per_person} notifications "
            f"(built in {result['built']:.1f} s): {result['written']} digests in "
            f"{result['seconds']:.2f} s, {result['queries']} queries, "
            f"peak Python memory {result['peak'] / 2**20:.1f} MiB"
        )
    large = results[-1]
    verdict = "OK" if large["seconds"] < 60 else "TOO SLOW"
    print(f"weekly digest to {large['people']} people: {large['seconds']:.1f} s "
          f"({verdict}: the aim is under 60 s)")  # fmt: skip


if __name__ == "__main__":
    main()
