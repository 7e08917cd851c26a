"""`manage.py serve [ADDR:PORT]`: the web server and one task worker together (`make run`).

Two child processes, both with TASKS_BACKEND=database: `manage.py runserver ADDR:PORT` and
`manage.py run_worker`. Their output goes straight to this console. Ctrl+C (SIGINT) or SIGTERM
stops both: each gets SIGTERM (its whole process group, so runserver's reloader child and the
worker's text readers too), then SIGKILL after --stop-timeout seconds; a second Ctrl+C kills at
once. When either child ends on its own (a port in use, a crash, killed), the other is stopped
and serve exits non-zero. For development only: production runs gunicorn and the worker as two
services (deploy/).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

DEFAULT_ADDR = "127.0.0.1:8000"
POLL_SECONDS = 0.2
KILL_WAIT_SECONDS = 5.0


@dataclass
class Child:
    name: str
    process: subprocess.Popen

    @property
    def running(self) -> bool:
        return self.process.poll() is None

    def signal_group(self, signum: int) -> None:
        """Signal the child's process group (it leads one of its own); gone already is fine."""
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signum)


class Command(BaseCommand):
    help = "Run the development web server and a task worker together; Ctrl+C stops both."

    # The children check the project themselves; serve only starts and watches them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "addrport", nargs="?", default=DEFAULT_ADDR, help=f"Default: {DEFAULT_ADDR}."
        )
        parser.add_argument(
            "--noreload", action="store_true", help="Tell runserver not to reload on changes."
        )
        parser.add_argument(
            "--stop-timeout",
            type=float,
            default=10.0,
            help="Seconds the children get to stop after SIGTERM before they are killed.",
        )

    def handle(self, *, addrport: str, noreload: bool, stop_timeout: float, **options) -> None:
        if stop_timeout <= 0:
            raise CommandError("--stop-timeout must be greater than zero.")
        self._signals: list[int] = []
        previous = {
            signum: signal.signal(signum, self._on_signal)
            for signum in (signal.SIGINT, signal.SIGTERM)
        }
        children: list[Child] = []
        try:
            runserver = ["runserver", addrport, *(["--noreload"] if noreload else [])]
            children.append(self._start("web server", runserver))
            children.append(self._start("task worker", ["run_worker"]))
            ended = self._watch(children)
        finally:
            self._stop(children, stop_timeout)
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        if ended is not None:
            raise CommandError(
                f"The {ended.name} stopped on its own (exit code {ended.process.returncode}); "
                "stopped the rest."
            )
        self.stdout.write("Stopped the web server and the task worker.")

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        self._signals.append(signum)

    def _start(self, name: str, arguments: list[str]) -> Child:
        manage = Path(settings.PROJECT_DIR) / "manage.py"
        command = [sys.executable, str(manage), *arguments]
        env = {**os.environ, "TASKS_BACKEND": "database", "PYTHONUNBUFFERED": "1"}
        # A process group of its own: Ctrl+C reaches serve only, which then stops each child and
        # everything the child started, in order and with a bounded wait.
        process = subprocess.Popen(  # noqa: S603 (our own manage.py, fixed arguments)
            command, env=env, stdin=subprocess.DEVNULL, start_new_session=True
        )
        self.stdout.write(
            f"Started the {name} (pid {process.pid}): manage.py {' '.join(arguments)}"
        )
        self.stdout.flush()
        return Child(name=name, process=process)

    def _watch(self, children: list[Child]) -> Child | None:
        """Wait until a signal arrives (None) or a child ends on its own (that child)."""
        while not self._signals:
            for child in children:
                if not child.running:
                    return child
            time.sleep(POLL_SECONDS)
        return None

    def _stop(self, children: list[Child], stop_timeout: float) -> None:
        """SIGTERM to every child's group, wait at most `stop_timeout`, then SIGKILL; bounded."""
        if not children:
            return
        self.stdout.write("Stopping the web server and the task worker …")
        self.stdout.flush()
        already = len(self._signals)
        for child in children:
            child.signal_group(signal.SIGTERM)
        deadline = time.monotonic() + stop_timeout
        while any(c.running for c in children) and time.monotonic() < deadline:
            if len(self._signals) > already:  # asked (again) while stopping: kill now
                break
            time.sleep(POLL_SECONDS)
        for child in children:
            # Also when the child itself has ended: what it started may still run.
            child.signal_group(signal.SIGKILL)
        deadline = time.monotonic() + KILL_WAIT_SECONDS
        for child in children:
            try:
                child.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.stderr.write(f"The {child.name} (pid {child.process.pid}) did not stop.")
