"""Tasks for the worker-process tests (tests/core/test_worker_process.py); a worker imports them
by their dotted path, as it would any task of ours."""

from __future__ import annotations

import time
from pathlib import Path

from django_tasks import task

from leerplatform.core.email import send_email

TEMPLATE = "membership/email/application_waitlisted"
CONTEXT = {
    "application": {"name": "Sanne (fictief)"},
    "edition": {"name": "HRD Leerplatform 2019–2020"},
    "needs_password": False,
    "my_applications_url": "https://leren.example.nl/x/",
}


@task()
def send_then_hang(address: str, hang_while: str) -> str:
    """Send one email, then hang while the file `hang_while` exists (at most a minute): the
    test kills the worker there, after the send and before the task is marked done."""
    send_email(TEMPLATE, CONTEXT, address)
    deadline = time.monotonic() + 60
    while Path(hang_while).exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return "done"


@task()
def note(path: str, text: str) -> str:
    """Append a line to a file: proof that a task ran."""
    with Path(path).open("a") as handle:
        handle.write(text + "\n")
    return text
