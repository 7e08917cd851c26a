"""Worker processes under faults, as in production: real `manage.py run_worker` processes on a
database of their own (a fresh SQLite file, or a throw-away PostgreSQL database when the suite
runs on PostgreSQL), killed with SIGKILL, or cut off from PostgreSQL for a while."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def _wait(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


class Site:
    """A migrated database of its own, and `manage.py` commands run against it."""

    def __init__(self, tmp: Path, database_url: str) -> None:
        self.tmp = tmp
        self.mail = tmp / "mail"
        self.mail.mkdir()
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "leerplatform.settings.dev",
            "DATABASE_URL": database_url,
            "TASKS_BACKEND": "database",
            "TASKS_LEASE_SECONDS": "5",
            "TASKS_HEARTBEAT_SECONDS": "1",
            "EMAIL_URL": f"filemail:///{self.mail}",
            "MEDIA_ROOT": str(tmp / "media"),
            "PYTHONPATH": f"{ROOT / 'src'}:{ROOT}",
            "DEBUG": "false",
        }

    def manage(self, *args: str, env: dict | None = None, timeout: float = 120) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env={**self.env, **(env or {})},
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def python(self, code: str, env: dict | None = None) -> str:
        return self.manage("shell", "-c", code, env=env)

    def worker(self, name: str, env: dict | None = None) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--interval", "0.2", "--worker-id", name],
            cwd=ROOT,
            env={**self.env, **(env or {})},
            stdout=subprocess.DEVNULL,
            stderr=(self.tmp / f"{name}.log").open("w"),
            start_new_session=True,
        )

    def tasks(self) -> list[dict]:
        out = self.python(
            "import json; from django_tasks_db.models import DBTaskResult as R;"
            "print(json.dumps([{'status': r.status, 'workers': r.worker_ids, 'path': r.task_path}"
            " for r in R.objects.all()]))"
        )
        return json.loads(out.strip().splitlines()[-1])

    def mails_to(self, address: str) -> int:
        return sum(
            f.read_text(errors="replace").count(f"To: {address}") for f in self.mail.iterdir()
        )


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@pytest.fixture
def site(tmp_path):
    if ON_POSTGRES:
        name = f"lp_worker_{uuid.uuid4().hex[:10]}"
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
        url = f"postgres://postgres@127.0.0.1:5432/{name}"
    else:
        url = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    site = Site(tmp_path, url)
    site.manage("migrate", "--no-input", "-v0", timeout=300)
    yield site
    if ON_POSTGRES:
        subprocess.run(
            ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--force", "--if-exists", name],
            check=False,
        )


def test_a_worker_killed_after_sending_does_not_mail_twice_and_its_task_is_run_again(site):
    hang = site.tmp / "hang"
    hang.touch()
    site.python(
        "from tests.core.worker_tasks import send_then_hang;"
        f"send_then_hang.enqueue('once@example.org', {str(hang)!r})"
    )
    first = site.worker("first")
    try:
        # The email went out; the task now hangs before it is marked done: kill the worker there.
        _wait(lambda: site.mails_to("once@example.org") == 1, 60, "the first send")
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        _stop(first)
    [task] = site.tasks()
    assert task["status"] == "RUNNING"  # left behind by the dead worker
    hang.unlink()

    second = site.worker("second")
    try:
        _wait(lambda: site.tasks()[0]["status"] == "SUCCESSFUL", 60, "the task to be run again")
    finally:
        _stop(second)
    [task] = site.tasks()
    assert task["workers"] == ["first", "second"]  # taken back after the lease, run again
    assert site.mails_to("once@example.org") == 1  # and nobody mailed twice


class Proxy:
    """A TCP proxy to PostgreSQL that can be cut: every connection dropped, new ones refused."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.open = threading.Event()
        self.open.set()
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.open.is_set():
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(a: socket.socket, b: socket.socket) -> None:
        try:
            while data := a.recv(65536):
                b.sendall(data)
        except OSError:
            pass
        finally:
            for s in (a, b):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        self.open.clear()
        with self.lock:
            for s in self.sockets:
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()
            self.sockets.clear()

    def restore(self) -> None:
        self.open.set()

    def close(self) -> None:
        self.cut()
        self.listener.close()


@pytest.mark.skipif(not ON_POSTGRES, reason="a database server to lose and find again: PostgreSQL")
def test_a_worker_survives_losing_the_database_and_carries_on(site):
    proxy = Proxy(("127.0.0.1", 5432))
    through_proxy = {"DATABASE_URL": site.env["DATABASE_URL"].replace(":5432/", f":{proxy.port}/")}
    notes = site.tmp / "notes.txt"
    worker = site.worker("steady", env=through_proxy)
    enqueue = "from tests.core.worker_tasks import note; note.enqueue({path!r}, {text!r})"
    try:
        site.python(enqueue.format(path=str(notes), text="before"))
        _wait(lambda: notes.exists() and "before" in notes.read_text(), 30, "the first task")
        proxy.cut()  # the database goes away for the worker (a restart, a network cut)
        site.python(enqueue.format(path=str(notes), text="during"))  # queued meanwhile
        time.sleep(4)
        assert worker.poll() is None, "the worker exited when the database went away"
        proxy.restore()
        _wait(lambda: "during" in notes.read_text(), 60, "the task queued during the outage")
        assert worker.poll() is None
        site.python(enqueue.format(path=str(notes), text="after"))
        _wait(lambda: "after" in notes.read_text(), 30, "a task after the outage")
    finally:
        _stop(worker)
        proxy.close()
    assert notes.read_text().splitlines() == ["before", "during", "after"]
    assert {t["status"] for t in site.tasks()} == {"SUCCESSFUL"}
