"""Benchmark: importing a CSV of invitations (default 10,000 rows) through the import page.

    .venv/bin/python bench/invitations.py [--rows 10000]

Builds a throw-away SQLite database, uploads the file as a facilitator and prints how long the
import took, with and without sending the emails (console-free: Django's locmem backend).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    options = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="leerplatform-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leerplatform.settings.test")
    import django

    django.setup()
    from django.core import mail
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    from leerplatform.editions.models import Role
    from tests import factories

    edition = factories.make_edition()
    facilitator = factories.make_member(edition, role=Role.FACILITATOR)
    lines = ["name;email;institution"] + [
        f"Persoon {i} (fictief);persoon{i}@example.org;Hogeschool Utrecht"
        for i in range(options.rows)
    ]
    upload = SimpleUploadedFile(
        "uitnodigingen.csv", "\n".join(lines).encode("utf-8"), content_type="text/csv"
    )
    client = Client()
    client.force_login(facilitator)
    started = time.perf_counter()
    response = client.post(
        f"/editions/{edition.slug}/invitations/import/", {"file": upload}, follow=False
    )
    elapsed = time.perf_counter() - started
    print(f"rows: {options.rows}")
    print(f"status: {response.status_code}")
    print(f"import + ledger + results page + emails: {elapsed:.2f} s")
    print(f"emails sent: {len(mail.outbox)}")


if __name__ == "__main__":
    main()
