"""`manage.py serve` (`make run`): the web server and a task worker together, stopped together.

Real processes on a throw-away SQLite database (whatever database the suite runs on): serve is
started the way `make run` starts it, with the development settings, and watched through /proc.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
MANAGE = PROJECT / "manage.py"
START_SECONDS = 60  # migrations are done; runserver's system checks take a few seconds
STOP_SECONDS = 15  # serve's --stop-timeout (5) plus its kill and wait


@pytest.fixture(scope="module")
def serve_env(tmp_path_factory):
    """Development settings on a migrated SQLite database of this module's own."""
    folder = tmp_path_factory.mktemp("serve")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "leerplatform.settings.dev",
        "DATABASE_URL": f"sqlite:///{folder / 'serve.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
        "EMAIL_URL": "dummymail://",
        "REDIS_URL": "",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("TASKS_BACKEND", None)  # serve sets it for its children
    subprocess.run(
        [sys.executable, str(MANAGE), "migrate", "--no-input"],
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return env, folder


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children_of(pid: int) -> list[int]:
    """The live child processes of `pid`, from /proc (psutil is not installed)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # ended meanwhile
            continue
        # "pid (comm) state ppid ...": comm may hold spaces, so split after its ")".
        state, ppid = stat.rsplit(")", 1)[1].split()[:2]
        if int(ppid) == pid and state != "Z":
            found.append(int(entry.name))
    return found


def descendants_of(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        for child in children_of(todo.pop()):
            found.append(child)
            todo.append(child)
    return found


def cmdline(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def alive(pid: int) -> bool:
    """Running (not ended, not a zombie waiting to be reaped)."""
    try:
        stat = (Path("/proc") / str(pid) / "stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def wait_for(condition, seconds: float, interval: float = 0.2):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    return condition()


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback)
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


class Serve:
    """`manage.py serve` in a subprocess, its output in a file; everything it started is killed
    at the end whatever happened."""

    def __init__(self, env: dict, folder: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = folder / f"serve-{self.port}.log"
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    str(MANAGE),
                    "serve",
                    f"127.0.0.1:{self.port}",
                    "--stop-timeout",
                    "5",
                ],
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        self.seen: set[int] = set()

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def child(self, word: str) -> int | None:
        for pid in children_of(self.process.pid):
            if word in cmdline(pid):
                return pid
        return None

    def started(self) -> tuple[int, int]:
        """Wait until the web server answers and both children run; their pids."""
        ok = wait_for(
            lambda: answers(self.url) and self.child("runserver") and self.child("run_worker"),
            START_SECONDS,
            interval=0.5,
        )
        assert ok, f"serve did not come up:\n{self.output()}"
        web, worker = self.child("runserver"), self.child("run_worker")
        assert web is not None and worker is not None
        self.seen.update(descendants_of(self.process.pid))
        return web, worker

    def cleanup(self) -> None:
        self.seen.update(descendants_of(self.process.pid))
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        for pid in self.seen:
            if alive(pid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)


@pytest.fixture
def serve(serve_env):
    env, folder = serve_env
    started = Serve(env, folder)
    yield started
    started.cleanup()


def test_serve_runs_the_web_server_and_a_worker_and_ctrl_c_stops_both(serve):
    web, worker = serve.started()
    out = serve.output()
    assert f"Started the web server (pid {web})" in out
    assert f"Started the task worker (pid {worker})" in out
    # Their own output comes through: runserver's banner and the worker's start line.
    assert wait_for(lambda: "Starting development server at" in serve.output(), 10)
    assert wait_for(lambda: "Worker " in serve.output(), 10)
    # The worker runs the database queue (serve sets TASKS_BACKEND=database for it).
    environ = (Path("/proc") / str(worker) / "environ").read_bytes().split(b"\0")
    assert b"TASKS_BACKEND=database" in environ
    everything = set(serve.seen)  # runserver's reloader child too
    assert {web, worker} <= everything

    serve.process.send_signal(signal.SIGINT)

    assert serve.process.wait(timeout=STOP_SECONDS) == 0, serve.output()
    assert wait_for(lambda: not any(alive(pid) for pid in everything), 5), [
        (pid, cmdline(pid)) for pid in everything if alive(pid)
    ]
    assert not answers(serve.url)
    assert "Stopped the web server and the task worker." in serve.output()


def test_sigterm_stops_both_too(serve):
    serve.started()
    everything = set(serve.seen)

    serve.process.terminate()

    assert serve.process.wait(timeout=STOP_SECONDS) == 0, serve.output()
    assert wait_for(lambda: not any(alive(pid) for pid in everything), 5)


def test_a_worker_that_dies_stops_serve(serve):
    _web, worker = serve.started()
    everything = set(serve.seen)

    os.kill(worker, signal.SIGKILL)

    assert serve.process.wait(timeout=STOP_SECONDS) != 0, serve.output()
    assert wait_for(lambda: not any(alive(pid) for pid in everything), 5), [
        (pid, cmdline(pid)) for pid in everything if alive(pid)
    ]
    assert "The task worker stopped on its own" in serve.output()
    assert not answers(serve.url)
