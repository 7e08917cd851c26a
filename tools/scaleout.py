"""Scale-out check: the platform deployed on several processes, with faults, on loopback only.

    .venv/bin/python tools/scaleout.py            # about 2-4 minutes; exit status 0 = all passed
    .venv/bin/python tools/scaleout.py --keep     # keep the temp folder (logs) afterwards

Starts, each on a free port of 127.0.0.1 and in one temp folder that is removed at the end (also
on failure or Ctrl+C): a private PostgreSQL cluster (initdb + pg_ctl, as the `postgres` user when
run as root), a private Redis, an S3-compatible server (moto) with a private bucket for the media,
two gunicorn nodes with the production settings, two task workers (`manage.py run_worker`), a
small round-robin balancer (threads, in this script) that adds X-Forwarded-For and
X-Forwarded-Proto: https, and a small slow SMTP server (threads, in this script: it counts the
messages per recipient and answers each one 150 ms after receiving it) that all of them mail
through (`EMAIL_URL=smtp://…`). Then it checks, each a named step with its figures:

1. migrate + load_demo (with the database queue the demo must queue no task);
2. a session started on node A works on node B;
3. 50 email tasks, one worker killed with SIGKILL halfway while it is inside a send (the SMTP
   server has received the message and not yet answered): every address mailed exactly once (at
   most one message lost if a fallback kill lands between the guard's claim and the send; none
   twice), no task left waiting, running or failed;
4. an upload through A downloads through B with the same bytes; someone who may not see it gets
   403/404; the object in the bucket is private and the download is our view, not a redirect; the
   deleted and purged document's object is gone from the bucket;
5. PostgreSQL restarted during a 20-second mixed load: failed requests <= requests in flight at the
   restart, both workers alive and still working (a task after the restart mails once);
6. Redis stopped for 10 seconds during the same load: 0 failed requests, sessions still valid.

It prints a table (step, result, figures, seconds) and exits 1 when a step failed, 2 when the
set-up itself failed. Nothing but 127.0.0.1 is contacted; every wait and loop has a bound.
Needs PostgreSQL's server binaries (`pg_config --bindir`), redis-server and the test requirements
(boto3, moto) in .venv.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import count
from pathlib import Path

import boto3
import psycopg
from botocore.config import Config

ROOT = Path(__file__).resolve().parent.parent
PY = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
MOTO = ROOT / ".venv" / "bin" / "moto_server"
HOST = "127.0.0.1"
BUCKET = "leerplatform-media"
DEMO_PASSWORD = "leerplatform-demo"  # noqa: S105 (the demo's published password)
FACILITATOR = "facilitator@example.org"
PARTICIPANT = "deelnemer@example.org"
LOAD_LOGINS = [FACILITATOR, PARTICIPANT, "anouk.devries@example.org", "bram.jansen@example.org"]
OUTSIDER = "buitenstaander@scaleout.test"
TASK_COUNT = 50
TASKS_TABLE = "django_tasks_database_dbtaskresult"
STARTED = time.monotonic()


def log(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:6.1f}s] {message}", file=sys.stderr, flush=True)


class SetupError(Exception):
    """The stack could not be started: no step can run."""


# --- Processes --------------------------------------------------------------------------------


def free_port(taken: set[int]) -> int:
    for _ in range(50):
        with socket.socket() as sock:
            sock.bind((HOST, 0))
            port = sock.getsockname()[1]
        if port not in taken and port not in (5432, 6379):
            taken.add(port)
            return port
    raise SetupError("no free port")


def port_open(port: int) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=0.5):
            return True
    except OSError:
        return False


def wait_until(what: str, check: Callable[[], bool], timeout: float, pause: float = 0.2) -> float:
    """Polls `check` until true; returns the seconds it took; SetupError after `timeout`."""
    start = time.monotonic()
    deadline = start + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return time.monotonic() - start
        except Exception:  # noqa: S110 (not up yet: try again until the deadline)
            pass
        time.sleep(pause)
    raise SetupError(f"{what}: not ready after {timeout:.0f} s")


def run(argv: list[str], *, env: dict | None = None, timeout: float = 300, cwd: Path = ROOT):
    """Runs a command to its end; SetupError with its output's tail when it fails."""
    try:
        done = subprocess.run(  # noqa: S603 (our own fixed commands)
            argv,
            env=env,
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise SetupError(f"{' '.join(argv[:4])}: no end after {timeout:.0f} s") from exc
    if done.returncode != 0:
        tail = (done.stdout + done.stderr)[-3000:]
        raise SetupError(f"{' '.join(argv[:4])} exited {done.returncode}:\n{tail}")
    return done


def pg_bindir() -> Path:
    try:
        found = Path(run(["pg_config", "--bindir"], timeout=10).stdout.strip())
        if (found / "initdb").exists():
            return found
    except (SetupError, FileNotFoundError):
        pass
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3])
    )
    if not candidates:
        raise SetupError("no PostgreSQL server binaries (initdb) found")
    return candidates[-1].parent


class Stack:
    """The processes of one run, all in one temp folder; `close` ends every one of them."""

    def __init__(self, keep: bool) -> None:
        self.keep = keep
        self.tmp = Path(tempfile.mkdtemp(prefix="scaleout-"))
        self.tmp.chmod(0o711)  # the postgres user must reach its data folder inside
        (self.tmp / "logs").mkdir()
        self.smtp = SmtpServer()  # on a free port of 127.0.0.1, serving from now on
        self.procs: dict[str, subprocess.Popen] = {}
        self.ports: set[int] = set()
        self.as_root = os.geteuid() == 0
        self.pg_bin = pg_bindir()
        self.pg_dir = self.tmp / "pg"
        self.pg_data = self.pg_dir / "data"
        self.pg_started = False
        self.pg_port = free_port(self.ports)
        self.redis_port = free_port(self.ports)
        self.s3_port = free_port(self.ports)
        self.node_ports = [free_port(self.ports), free_port(self.ports)]
        self.balancer_port = free_port(self.ports)
        Client.https_port = self.balancer_port
        self.worker_ids: dict[str, str] = {}
        self.worker_starts = count(1)
        self.balancer: Balancer | None = None
        self.secret_key = secrets.token_urlsafe(64)

    # Any process of ours: its own session (process group), output to logs/<name>.log.
    def spawn(self, name: str, argv: list[str], env: dict | None = None) -> subprocess.Popen:
        with open(self.tmp / "logs" / f"{name}.log", "ab") as out:
            proc = subprocess.Popen(  # noqa: S603 (our own fixed commands)
                argv,
                env=env,
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        self.procs[name] = proc
        return proc

    def kill(self, name: str, sig: int = signal.SIGKILL, wait: float = 10) -> None:
        proc = self.procs.get(name)
        if proc is None or proc.poll() is not None:
            return
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)

    def log_tail(self, name: str, lines: int = 15) -> str:
        path = self.tmp / "logs" / f"{name}.log"
        if not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    # PostgreSQL ------------------------------------------------------------------------------
    def pg_cmd(self, tool: str, *args: str) -> list[str]:
        argv = [str(self.pg_bin / tool), *args]
        return ["runuser", "-u", "postgres", "--", *argv] if self.as_root else argv

    def start_postgres(self) -> None:
        self.pg_dir.mkdir()
        if self.as_root:
            entry = pwd.getpwnam("postgres")
            os.chown(self.pg_dir, entry.pw_uid, entry.pw_gid)
        self.pg_dir.chmod(0o700)
        run(
            self.pg_cmd(
                "initdb", "-D", str(self.pg_data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                "--locale=C", "--no-sync",
            ),
            cwd=self.pg_dir,
            timeout=120,
        )  # fmt: skip
        options = (
            f"-p {self.pg_port} -c listen_addresses={HOST} -c unix_socket_directories={self.pg_dir}"
            " -c fsync=off -c full_page_writes=off -c synchronous_commit=off"
            " -c max_connections=200"
        )
        self.pg_started = True
        run(
            self.pg_cmd(
                "pg_ctl", "-D", str(self.pg_data), "-l", str(self.pg_dir / "server.log"),
                "-o", options, "-w", "-t", "60", "start",
            ),
            cwd=self.pg_dir,
            timeout=90,
        )  # fmt: skip
        with psycopg.connect(self.pg_dsn("postgres"), autocommit=True) as conn:
            conn.execute("CREATE DATABASE leerplatform")

    def restart_postgres(self) -> float:
        start = time.monotonic()
        run(
            self.pg_cmd(
                "pg_ctl", "-D", str(self.pg_data), "-l", str(self.pg_dir / "server.log"),
                "-m", "fast", "-w", "-t", "60", "restart",
            ),
            cwd=self.pg_dir,
            timeout=90,
        )  # fmt: skip
        return time.monotonic() - start

    def stop_postgres(self) -> None:
        if not self.pg_started:
            return
        try:
            run(
                self.pg_cmd("pg_ctl", "-D", str(self.pg_data), "-m", "immediate", "-w", "stop"),
                cwd=self.pg_dir,
                timeout=60,
            )
        except (SetupError, OSError):
            pid_file = self.pg_data / "postmaster.pid"
            if pid_file.exists():
                with contextlib.suppress(OSError, ValueError):
                    os.kill(int(pid_file.read_text().split()[0]), signal.SIGKILL)

    def pg_dsn(self, db: str = "leerplatform") -> str:
        return f"postgresql://postgres@{HOST}:{self.pg_port}/{db}?connect_timeout=5"

    def sql(self, query: str, params: tuple = ()) -> list[tuple]:
        with psycopg.connect(self.pg_dsn(), autocommit=True) as conn:
            cursor = conn.execute(query, params)  # type: ignore[arg-type]
            return cursor.fetchall() if cursor.description else []

    # Redis -----------------------------------------------------------------------------------
    def start_redis(self) -> float:
        (self.tmp / "redis").mkdir(exist_ok=True)
        self.spawn(
            "redis",
            [
                "redis-server", "--port", str(self.redis_port), "--bind", HOST,
                "--save", "", "--appendonly", "no", "--dir", str(self.tmp / "redis"),
            ],
        )  # fmt: skip
        return wait_until("redis", lambda: redis_ping(self.redis_port), 20, 0.05)

    # S3 (moto) -------------------------------------------------------------------------------
    def start_s3(self) -> None:
        self.spawn("s3", [str(MOTO), "-H", HOST, "-p", str(self.s3_port)])
        wait_until("moto", lambda: port_open(self.s3_port), 60)
        self.s3().create_bucket(Bucket=BUCKET)

    def s3(self):
        return boto3.client(
            "s3",
            endpoint_url=f"http://{HOST}:{self.s3_port}",
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",  # noqa: S106 (moto's dummy credentials)
            config=Config(retries={"max_attempts": 2}, connect_timeout=5, read_timeout=30),
        )

    def bucket_keys(self) -> set[str]:
        keys: set[str] = set()
        token = None
        for _ in range(100):  # 100 pages of 1000: far more than a demo holds
            kwargs = {"Bucket": BUCKET, "MaxKeys": 1000}
            if token:
                kwargs["ContinuationToken"] = token
            page = self.s3().list_objects_v2(**kwargs)
            keys.update(item["Key"] for item in page.get("Contents", []))
            if not page.get("IsTruncated"):
                break
            token = page["NextContinuationToken"]
        return keys

    # Django ----------------------------------------------------------------------------------
    def django_env(self, **extra: str) -> dict:
        env = dict(os.environ)
        env.update(
            PYTHONPATH=str(ROOT / "src"),
            PYTHONUNBUFFERED="1",
            LANG="C.UTF-8",
            DJANGO_SETTINGS_MODULE="leerplatform.settings.production",
            SECRET_KEY=self.secret_key,
            ALLOWED_HOSTS="127.0.0.1,localhost",
            CSRF_TRUSTED_ORIGINS="",
            SECURE_SSL_REDIRECT="false",
            SECURE_HSTS_SECONDS="0",
            SITE_URL=f"http://{HOST}:{self.balancer_port}",
            DATABASE_URL=f"postgres://postgres@{HOST}:{self.pg_port}/leerplatform",
            REDIS_URL=f"redis://{HOST}:{self.redis_port}/0",
            TASKS_BACKEND="database",
            TASKS_LEASE_SECONDS="5",
            TASKS_HEARTBEAT_SECONDS="1",
            TASKS_RETRY_BACKOFF_SECONDS="2",
            EMAIL_URL=f"smtp://{HOST}:{self.smtp.port}",  # our slow SMTP server, no TLS
            STATIC_ROOT=str(self.tmp / "static"),
            STATICFILES_BUNDLE_DIR=str(self.tmp / "bundle"),
            MEDIA_ROOT=str(self.tmp / "media"),
            MEDIA_STORAGE="s3",
            S3_BUCKET=BUCKET,
            S3_ENDPOINT_URL=f"http://{HOST}:{self.s3_port}",
            S3_REGION="us-east-1",
            S3_ACCESS_KEY_ID="testing",
            S3_SECRET_ACCESS_KEY="testing",  # noqa: S106 (moto's dummy credentials)
            AWS_ACCESS_KEY_ID="testing",
            AWS_SECRET_ACCESS_KEY="testing",  # noqa: S106
            AWS_DEFAULT_REGION="us-east-1",
            TRUSTED_PROXY_COUNT="1",
            LOG_LEVEL="INFO",
        )
        for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
            env.pop(name, None)
        env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
        env.update(extra)
        return env

    def manage(self, *args: str, timeout: float = 300, **extra: str):
        return run([str(PY), "manage.py", *args], env=self.django_env(**extra), timeout=timeout)

    def shell(self, code: str, timeout: float = 120):
        """Runs Python in `manage.py shell`; returns what it printed after SCALEOUT_JSON."""
        out = self.manage("shell", "-c", code, timeout=timeout).stdout
        for line in reversed(out.splitlines()):
            if line.startswith("SCALEOUT_JSON "):
                return json.loads(line.removeprefix("SCALEOUT_JSON "))
        raise SetupError(f"no answer from the shell snippet:\n{out[-2000:]}")

    def start_node(self, index: int) -> None:
        name = "node-" + "ab"[index]
        self.spawn(
            name,
            [
                str(GUNICORN), "leerplatform.wsgi",
                "--bind", f"{HOST}:{self.node_ports[index]}",
                "--workers", "3", "--timeout", "60", "--graceful-timeout", "5",
                "--control-socket", str(self.tmp / f"{name}.ctl"),
                "--access-logfile", "-", "--error-logfile", "-",
            ],
            env=self.django_env(),
        )  # fmt: skip

    def worker_argv(self, worker_id: str) -> list[str]:
        if (ROOT / "src/leerplatform/core/management/commands/run_worker.py").exists():
            command = ["run_worker", "--interval", "0.5"]
        else:
            command = ["db_worker", "--interval", "0.5", "--no-startup-delay"]
        return [str(PY), "manage.py", *command, "--worker-id", worker_id]

    def start_worker(self, name: str) -> subprocess.Popen:
        # A fresh id per start: a restarted worker must not renew the lease of the one that died.
        self.worker_ids[name] = f"{name}-{next(self.worker_starts)}"
        return self.spawn(name, self.worker_argv(self.worker_ids[name]), env=self.django_env())

    def signal_now(self, name: str, sig: int = signal.SIGKILL) -> None:
        """Sends `sig` to the process group of `name` and returns at once (`kill` reaps it)."""
        proc = self.procs.get(name)
        if proc is not None and proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, sig)

    def close(self) -> None:
        if self.balancer is not None:
            self.balancer.shutdown()
            self.balancer.server_close()
        for name in list(self.procs):
            self.kill(name, signal.SIGTERM, wait=5)
        self.stop_postgres()
        self.smtp.shutdown()
        self.smtp.server_close()
        if self.keep:
            log(f"kept {self.tmp}")
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)


def redis_ping(port: int) -> bool:
    with socket.create_connection((HOST, port), timeout=1) as sock:
        sock.sendall(b"PING\r\n")
        return sock.recv(64).startswith(b"+PONG")


# --- The balancer -----------------------------------------------------------------------------

HOP_HEADERS = {"connection", "keep-alive", "transfer-encoding", "te", "upgrade", "proxy-connection"}


class Balancer(ThreadingHTTPServer):
    """Round robin over the nodes; appends X-Forwarded-For, sets X-Forwarded-Proto: https."""

    daemon_threads = True
    request_queue_size = 256

    def __init__(self, port: int, backends: list[int]) -> None:
        super().__init__((HOST, port), ProxyHandler)
        self.backends = backends
        self.turn = count()
        self.lock = threading.Lock()
        self.served: Counter = Counter()

    def next_backend(self) -> int:
        with self.lock:
            port = self.backends[next(self.turn) % len(self.backends)]
            self.served[port] += 1
            return port


class ProxyHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"
    server: Balancer

    def log_message(self, format, *args) -> None:
        pass

    def proxy(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_HEADERS}
        forwarded = self.headers.get("X-Forwarded-For")
        client = self.client_address[0]
        headers["X-Forwarded-For"] = f"{forwarded}, {client}" if forwarded else client
        headers["X-Forwarded-Proto"] = "https"
        headers["Connection"] = "close"
        conn = http.client.HTTPConnection(HOST, self.server.next_backend(), timeout=90)
        try:
            conn.request(self.command, self.path, body=body, headers=headers)
            resp = conn.getresponse()
            self.send_response_only(resp.status, resp.reason)
            for key, value in resp.getheaders():
                if key.lower() not in HOP_HEADERS:
                    self.send_header(key, value)
            self.send_header("Connection", "close")
            self.end_headers()
            for _ in range(100_000):  # 6.5 GB at most
                chunk = resp.read(65536)
                if not chunk:
                    break
                self.wfile.write(chunk)
        except OSError:
            with contextlib.suppress(OSError):
                self.send_error(502)
        finally:
            conn.close()

    do_GET = do_POST = do_HEAD = do_PUT = do_DELETE = proxy


# --- A small HTTP client that keeps its cookies (also the Secure ones, over plain HTTP) -------


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class Client:
    """One browser: its cookies, sent to whichever port it asks (nodes or balancer)."""

    # Requests to this port go through the balancer, which tells the nodes they came over https.
    https_port = 0

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        content_type: str = "",
        port: int | None = None,
        timeout: float = 30,
    ) -> Response:
        port = port or self.port
        headers = {"Host": f"{HOST}:{port}", "Connection": "close", "User-Agent": "scaleout"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            origin = f"{'https' if port == Client.https_port else 'http'}://{HOST}:{port}"
            headers["Origin"] = origin
            headers["Referer"] = origin + path
        if content_type:
            headers["Content-Type"] = content_type
        conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
        finally:
            conn.close()
        for raw in resp.msg.get_all("Set-Cookie") or []:
            jar: SimpleCookie = SimpleCookie()
            jar.load(raw)
            for name, morsel in jar.items():
                gone = morsel["max-age"] == "0" or "1970" in morsel["expires"]
                if gone or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return Response(resp.status, resp.msg, data)

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, fields: dict, files: dict | None = None, **kwargs) -> Response:
        fields = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **fields}
        body, content_type = multipart(fields, files or {})
        return self.request("POST", path, body=body, content_type=content_type, **kwargs)

    def login(self, email_address: str, password: str = DEMO_PASSWORD, **kwargs) -> Response:
        page = self.get("/accounts/login/", **kwargs)
        if page.status != 200:
            return page
        return self.post(
            "/accounts/login/", {"login": email_address, "password": password}, **kwargs
        )


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = "scaleout" + secrets.token_hex(12)
    parts: list[bytes] = []
    for name, value in fields.items():
        for one in value if isinstance(value, list) else [value]:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{one}\r\n'.encode()
            )
    for name, (filename, data, mimetype) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {mimetype}\r\n\r\n'
        )
        parts.append(head.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


# --- Mixed load -------------------------------------------------------------------------------


@dataclass
class LoadResult:
    total: int = 0
    failed: list[str] = field(default_factory=list)
    in_flight_at_event: int = 0
    event_figures: str = ""
    kinds: Counter = field(default_factory=Counter)


# One whole login every few seconds: about 8 in a 22-second phase, 16 a minute at most.
LOGIN_EVERY_SECONDS = 3.0


class MixedLoad:
    """Client threads through the balancer: visitor home, dashboard, search, a form post (the
    language), and now and then a whole login; `event` runs once, `event_at` seconds in."""

    def __init__(
        self, stack: Stack, sessions: list[Client], duration: float, dashboard: str
    ) -> None:
        self.stack = stack
        self.dashboard = dashboard  # the edition's dashboard (/dashboard/ redirects there)
        self.sessions = sessions
        self.duration = duration
        self.lock = threading.Lock()
        self.in_flight = 0
        self.result = LoadResult()

    def one(self, kind: str, call: Callable[[], Response], ok: Callable[[Response], bool]) -> None:
        with self.lock:
            self.in_flight += 1
        started = time.monotonic() - STARTED
        try:
            response = call()
            good = ok(response)
            detail = f"{response.status} {response.location}".strip()
        except Exception as exc:
            good, detail = False, type(exc).__name__
        finally:
            with self.lock:
                self.in_flight -= 1
        with self.lock:
            self.result.total += 1
            self.result.kinds[kind] += 1
            if not good:
                self.result.failed.append(f"{kind}@{started:.1f}s:{detail}")

    def client_loop(self, index: int, deadline: float) -> None:
        session = self.sessions[index % len(self.sessions)]
        port = self.stack.balancer_port
        next_login = time.monotonic()
        for _round in range(100_000):
            if time.monotonic() >= deadline:
                return
            self.one("home", lambda: Client(port).get("/"), lambda r: r.status == 200)
            self.one("dashboard", lambda: session.get(self.dashboard), ok_200)
            self.one(
                "search",
                lambda: session.get("/search/?q=feedback"),
                lambda r: r.status == 200,
            )
            self.one(
                "form_post",
                lambda: session.post("/i18n/setlang/", {"language": "nl", "next": "/dashboard/"}),
                lambda r: r.status == 302,
            )
            if index == 0 and time.monotonic() >= next_login:
                # Paced by the clock, not by rounds: allauth allows 30 logins a minute per IP
                # ("login": "30/m/ip"), and two phases of load run within one minute; a
                # quicker platform must not turn the check's own logins into refusals (429).
                next_login = time.monotonic() + LOGIN_EVERY_SECONDS
                fresh = Client(port)
                self.one("login_page", lambda c=fresh: c.get("/accounts/login/"), ok_200)
                self.one(
                    "login",
                    lambda c=fresh: c.post(
                        "/accounts/login/", {"login": FACILITATOR, "password": DEMO_PASSWORD}
                    ),
                    lambda r: r.status == 302 and "/accounts/login" not in r.location,
                )

    def run(self, event_at: float, event: Callable[[], str], threads: int = 6) -> LoadResult:
        deadline = time.monotonic() + self.duration
        workers = [
            threading.Thread(target=self.client_loop, args=(i, deadline), daemon=True)
            for i in range(threads)
        ]
        for thread in workers:
            thread.start()
        time.sleep(event_at)
        with self.lock:
            self.result.in_flight_at_event = self.in_flight
        try:
            self.result.event_figures = event()
        except Exception as exc:
            self.result.event_figures = f"event failed: {exc}"
            self.result.failed.append(f"event:{exc}")
        for thread in workers:
            thread.join(timeout=max(1.0, deadline - time.monotonic()) + 60)
        return self.result


def ok_200(response: Response) -> bool:
    return response.status == 200


# --- Mail: a small, slow SMTP server -------------------------------------------------------------


class SmtpServer(socketserver.ThreadingTCPServer):
    """Just enough SMTP for Django's smtp backend (no TLS, no AUTH): 220, EHLO/HELO, MAIL FROM,
    RCPT TO, DATA … ".", RSET, NOOP, QUIT. A message counts as received (per recipient) when its
    final "." arrives; the "250" answer follows `delay` seconds later, like a slow mail server,
    so that a sending task spends most of its time waiting inside the send.

    `pending` holds the recipients of messages whose end was received and not yet answered; it
    changes only under `cond`, and `act_while_pending` runs an action (the kill) under it, so that
    the action happens exactly between "message received" and "250 sent"."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self, delay: float = 0.15) -> None:
        super().__init__((HOST, 0), SmtpHandler)
        self.port = self.server_address[1]
        self.delay = delay
        self.cond = threading.Condition()
        self.received: Counter = Counter()  # recipient -> messages received
        self.pending: Counter = Counter()  # recipient -> messages received, not yet answered
        self.answered: Counter = Counter()  # recipient -> "250" written after the message
        self.unanswered: Counter = Counter()  # recipient -> connection gone before the "250"
        self.messages = 0
        threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True
        ).start()

    def message_received(self, recipients: list[str]) -> None:
        with self.cond:
            self.messages += 1
            self.received.update(recipients)
            self.pending.update(recipients)
            self.cond.notify_all()

    def message_answered(self, recipients: list[str]) -> None:
        """Called (under `cond`) just before the "250" is written."""
        self.pending.subtract(recipients)
        self.pending += Counter()  # drop the zeros
        self.answered.update(recipients)
        self.cond.notify_all()

    def counts(self) -> Counter:
        with self.cond:
            return Counter(self.received)

    def act_while_pending(self, address: str, action: Callable[[], None], timeout: float) -> str:
        """Waits (at most `timeout` s) until a message to `address` was received and not yet
        answered, then runs `action` before the answer can go out: "mid-send". Else "answered"
        (its message went through before we saw it pending) or "not sent" (nothing in time)."""
        deadline = time.monotonic() + timeout
        with self.cond:
            for _ in range(1000):  # bounded; each wait ends at the deadline at the latest
                if self.pending[address]:
                    action()
                    return "mid-send"
                if self.answered[address]:
                    return "answered"
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self.cond.wait(min(left, 0.05))
        return "not sent"


class SmtpHandler(socketserver.StreamRequestHandler):
    server: SmtpServer
    timeout = 60
    MAX_LINES = 200_000  # per connection, also the lines of one message
    MAX_LINE = 100_000

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        with contextlib.suppress(OSError):
            self.conversation()

    def conversation(self) -> None:
        self.reply("220 scaleout ESMTP ready")
        recipients: list[str] = []
        for _ in range(self.MAX_LINES):
            raw = self.rfile.readline(self.MAX_LINE)
            if not raw:
                return  # the client went away
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            verb = line[:4].upper()
            if verb == "EHLO":
                self.reply("250-scaleout")
                self.reply("250 8BITMIME")
            elif verb == "HELO":
                self.reply("250 scaleout")
            elif verb == "MAIL":
                recipients = []
                self.reply("250 OK")
            elif verb == "RCPT":
                match = re.search(r"<([^>]*)>", line)
                address = (match.group(1) if match else line.split(":", 1)[-1]).strip().lower()
                recipients.append(address)
                self.reply("250 OK")
            elif verb == "DATA":
                if not recipients:
                    self.reply("503 RCPT first")
                    continue
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                if not self.read_message():
                    return
                self.server.message_received(recipients)
                time.sleep(self.server.delay)
                with self.server.cond:
                    self.server.message_answered(recipients)
                try:
                    self.reply("250 OK queued")
                except OSError:
                    with self.server.cond:
                        self.server.unanswered.update(recipients)
                    raise
                recipients = []
            elif verb == "RSET":
                recipients = []
                self.reply("250 OK")
            elif verb == "NOOP":
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")

    def read_message(self) -> bool:
        """Reads up to the line "."; False when the client went away before it."""
        for _ in range(self.MAX_LINES):
            raw = self.rfile.readline(self.MAX_LINE)
            if not raw:
                return False
            if raw in (b".\r\n", b".\n"):
                return True
        return False


# --- The steps ----------------------------------------------------------------------------------


@dataclass
class Row:
    step: str
    ok: bool
    figures: str
    seconds: float


class Check:
    """Runs the steps in order; a failed step is recorded and the next ones still run."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.rows: list[Row] = []
        self.data: dict = {}
        self.recipients = [f"ontvanger{i:02d}@scaleout.test" for i in range(TASK_COUNT + 1)]

    @property
    def dashboard(self) -> str:
        """The demo edition's dashboard: the page a logged-in member lands on."""
        return f"/editions/{self.data['slug']}/dashboard/"

    def step(self, name: str, body: Callable[[], tuple[bool, str]]) -> bool:
        log(f"step {name}")
        start = time.monotonic()
        try:
            ok, figures = body()
        except Exception as exc:
            ok, figures = False, f"error: {type(exc).__name__}: {exc}"[:600]
            traceback.print_exc(file=sys.stderr)
        self.rows.append(Row(name, ok, figures, time.monotonic() - start))
        log(f"  -> {'PASS' if ok else 'FAIL'}: {figures}")
        return ok

    # 0. the stack ------------------------------------------------------------------------------
    def start_stack(self) -> tuple[bool, str]:
        s = self.stack
        times = {}
        t = time.monotonic()
        s.start_postgres()
        times["postgres"] = time.monotonic() - t
        times["redis"] = s.start_redis()
        t = time.monotonic()
        s.start_s3()
        times["s3"] = time.monotonic() - t
        t = time.monotonic()
        s.manage("collectstatic", "--no-input", "-v", "0", timeout=300)
        times["collectstatic"] = time.monotonic() - t
        figures = ", ".join(f"{k} {v:.1f}s" for k, v in times.items())
        return True, figures + f"; ports pg {s.pg_port} redis {s.redis_port} s3 {s.s3_port}"

    def start_web(self) -> tuple[bool, str]:
        s = self.stack
        t = time.monotonic()
        for index in (0, 1):
            s.start_node(index)
        s.start_worker("w1")
        s.start_worker("w2")
        for port in s.node_ports:
            wait_until(f"node {port}", lambda p=port: Client(p).get("/").status == 200, 90, 0.5)
        s.balancer = Balancer(s.balancer_port, s.node_ports)
        threading.Thread(target=s.balancer.serve_forever, daemon=True).start()
        wait_until("balancer", lambda: Client(s.balancer_port).get("/").status == 200, 30)
        time.sleep(1)
        dead = [n for n in ("w1", "w2") if s.procs[n].poll() is not None]
        if dead:
            return False, f"worker(s) exited at start: {dead}: {s.log_tail(dead[0], 5)}"
        worker = " ".join(s.worker_argv("w")[2:3])
        health = Client(s.balancer_port).get("/healthz")
        try:
            health_status = json.loads(health.body).get("status", "?")
        except ValueError:
            health_status = "no JSON"
        return True, (
            f"nodes {s.node_ports} up, balancer {s.balancer_port}, workers ({worker}) "
            f"in {time.monotonic() - t:.1f}s; /healthz {health.status} {health_status}"
        )

    # 1. migrate + demo --------------------------------------------------------------------------
    def migrate_and_demo(self) -> tuple[bool, str]:
        s = self.stack
        t = time.monotonic()
        s.manage("migrate", "--no-input", "-v", "0", timeout=400)
        migrate = time.monotonic() - t
        t = time.monotonic()
        s.manage("load_demo", timeout=400)
        demo = time.monotonic() - t
        queued = s.sql(f"SELECT task_path, count(*) FROM {TASKS_TABLE} GROUP BY 1 ORDER BY 2 DESC")  # noqa: S608
        total = sum(n for _, n in queued)
        # Whatever the demo queued is taken out, so that the later steps count only their own.
        s.sql(f"DELETE FROM {TASKS_TABLE}")  # noqa: S608
        self.data.update(
            s.shell(
                SETUP_SNIPPET.replace("OUTSIDER_EMAIL", OUTSIDER).replace(
                    "OUTSIDER_PASSWORD", DEMO_PASSWORD
                )
            )
        )
        top = ", ".join(f"{path.rsplit('.', 1)[-1]} {n}" for path, n in queued[:4])
        return total == 0, (
            f"migrate {migrate:.1f}s, load_demo {demo:.1f}s, demo queued {total} task(s)"
            + (f" ({top}; removed)" if total else "")
        )

    # 2. session across nodes --------------------------------------------------------------------
    def session_across_nodes(self) -> tuple[bool, str]:
        a, b = self.stack.node_ports
        browser = Client(a)
        login = browser.login(FACILITATOR)
        on_a = browser.get(self.dashboard)
        on_b = browser.get(self.dashboard, port=b)
        again_a = browser.get(self.dashboard, port=a)
        ok = (
            login.status == 302
            and "/accounts/login" not in login.location
            and on_a.status == 200
            and on_b.status == 200
            and again_a.status == 200
        )
        return ok, (
            f"login on A {login.status}->{login.location or '-'}; dashboard A {on_a.status}, "
            f"B {on_b.status} {on_b.location}, A again {again_a.status}"
        )

    # 3. 50 email tasks, one worker killed --------------------------------------------------------
    def task_statuses(self, ids: list[str]) -> Counter:
        rows = self.stack.sql(
            f"SELECT status, count(*) FROM {TASKS_TABLE} WHERE id = ANY(%s::uuid[]) GROUP BY 1",  # noqa: S608
            (ids,),
        )
        return Counter(dict(rows))

    def enqueue_mails(self, recipients: list[str]) -> list[str]:
        return self.stack.shell(ENQUEUE_SNIPPET.replace("ADDRESSES_JSON", json.dumps(recipients)))

    def running_on(self, name: str, ids: list[str]) -> list[tuple[str, str]]:
        """(task id, address) of the tasks among `ids` that worker `name` is running now."""
        rows = self.stack.sql(
            f"SELECT id::text, args_kwargs FROM {TASKS_TABLE} WHERE status = 'RUNNING' "  # noqa: S608
            "AND worker_ids->>-1 = %s AND id = ANY(%s::uuid[])",
            (self.stack.worker_ids[name], ids),
        )
        # deliver_email's args: template, context, [[address, language]].
        return [(task_id, args["args"][2][0][0].lower()) for task_id, args in rows]

    def mails_once_with_a_worker_killed(self) -> tuple[bool, str]:
        """50 email tasks to a slow SMTP server; worker 1 is killed (SIGKILL) while it is inside a
        send: after the server received the whole message and before it answered "250". The
        exactly-once guard (core.queue.claim_email) recorded the message before the send, so the
        retry after the lease skips it: every address gets exactly one message. A kill between
        the claim and the send (only the fallback kill can land there) loses that one message
        instead of sending it twice: "lost in the kill window", tolerated once."""
        s = self.stack
        smtp = s.smtp
        targets = self.recipients[:TASK_COUNT]
        # The workers wait while the batch is written, so that the kill lands mid-batch.
        s.kill("w1", signal.SIGTERM, wait=20)
        s.kill("w2", signal.SIGTERM, wait=20)
        before = smtp.counts()
        ids = self.enqueue_mails(targets)
        t = time.monotonic()
        s.start_worker("w1")
        s.start_worker("w2")
        killed_id = s.worker_ids["w1"]
        kill = {"how": "not killed", "task": "", "address": "", "done": -1, "tries": 0}
        tried: set[str] = set()  # tasks whose send we waited for and missed
        for _ in range(3000):  # at most 60 s at >= 20 ms
            done = self.task_statuses(ids)["SUCCESSFUL"]
            if time.monotonic() - t > 60 or done >= TASK_COUNT:
                break
            running = self.running_on("w1", ids) if done >= TASK_COUNT // 2 - 5 else []
            running = [(task, address) for task, address in running if task not in tried]
            if running:
                task_id, address = running[0]
                kill.update(task=task_id, address=address, done=done)
                if done < TASK_COUNT // 2 + 10:
                    # Wait (<= 2 s) for this task's message to reach the server; kill before
                    # the server answers it.
                    kill["tries"] += 1
                    how = smtp.act_while_pending(address, lambda: s.signal_now("w1"), 2.0)
                    if how == "mid-send":
                        kill["how"] = how
                        break
                    tried.add(task_id)
                    continue
                # Fallback (the sharp point was missed 10+ times): kill it while it runs anyway.
                with smtp.cond:
                    s.signal_now("w1")
                    received, pending = smtp.received[address], smtp.pending[address]
                kill["how"] = (
                    "mid-send"
                    if pending
                    else "after the server answered"
                    if received
                    else "running, before the message reached the server"
                )
                break
            time.sleep(0.02)
        s.kill("w1", signal.SIGKILL)  # reaps it (it was killed above, if at all)
        # Wait (bounded) for the rest: the lease (5 s) gives w1's task back to w2.
        statuses: Counter = Counter()
        for _ in range(240):  # at most 120 s
            statuses = self.task_statuses(ids)
            if statuses["SUCCESSFUL"] + statuses["FAILED"] == TASK_COUNT:
                break
            time.sleep(0.5)
        elapsed = time.monotonic() - t
        counts = smtp.counts() - before
        address = kill["address"]
        missing = [r for r in targets if counts[r] == 0 and r != address]
        lost = [r for r in targets if counts[r] == 0 and r == address]
        twice = [r for r in targets if counts[r] > 1]
        left = {k: v for k, v in statuses.items() if k != "SUCCESSFUL"}
        killed_task = "-"
        if kill["task"]:
            status, workers = s.sql(
                f"SELECT status, worker_ids FROM {TASKS_TABLE} WHERE id = %s::uuid",  # noqa: S608
                (kill["task"],),
            )[0]
            guard = s.sql(
                "SELECT delivered FROM core_sentemail WHERE key LIKE %s", (kill["task"] + ":%",)
            )
            killed_task = (
                f"{status} after {len(workers)} runs ({' -> '.join(workers)}), guard row "
                f"{'delivered' if guard and guard[0][0] else 'undelivered' if guard else 'none'}"
            )
        # w1 comes back (a supervisor would restart it) for the next steps.
        s.start_worker("w1")
        ok = (
            kill["how"] in ("mid-send", "running, before the message reached the server")
            and not missing
            and not twice
            and len(lost) <= 1
            and statuses["SUCCESSFUL"] == TASK_COUNT
            and s.procs["w2"].poll() is None
        )
        if kill["how"] == "mid-send":
            at_kill = "SMTP server had received it, its 250 not yet sent"
        elif kill["how"] == "not killed":
            at_kill = "no task of w1 caught running"
        else:
            at_kill = kill["how"]
        return ok, (
            f"w1 ({killed_id}) SIGKILLed at {kill['done']}/{TASK_COUNT} done while sending to "
            f"{address or 'none'}: {kill['how']} ({at_kill}; {kill['tries']} wait(s) for the "
            f"send); killed task {killed_task}; {address or '-'} mailed {counts[address]}x; "
            f"SMTP messages {sum(counts[r] for r in targets)} to {TASK_COUNT} addresses, "
            f"missing {len(missing)}{' ' + str(missing[:3]) if missing else ''}, twice "
            f"{len(twice)}{' ' + str(twice[:3]) if twice else ''}, lost in the kill window "
            f"{len(lost)} (claimed, never sent: tolerated <= 1); tasks successful "
            f"{statuses['SUCCESSFUL']}, other {left or 0}; all done in {elapsed:.1f}s (lease 5 s)"
        )

    # 4. upload through A, download through B, privacy, purge ------------------------------------
    def upload_download_purge(self) -> tuple[bool, str]:
        s = self.stack
        a, b = s.node_ports
        problems: list[str] = []
        uploader = Client(a)
        login = uploader.login(PARTICIPANT)
        if login.status != 302:
            return False, f"participant login on A: {login.status}"
        slug = self.data["slug"]
        form = uploader.get(f"/editions/{slug}/library/new/")
        if form.status != 200:
            return False, f"upload form on A: {form.status} {form.location}"
        content = ("Scale-out " + secrets.token_hex(2000) + "\n").encode()
        before = s.bucket_keys()
        created = uploader.post(
            f"/editions/{slug}/library/new/",
            {
                "title": "Scale-out upload",
                "summary": "Een bestand via node A, gedownload via node B.",
                "kind": self.data["kind"],
                "body": "",
                "visibility": self.data["visibility"],
                "licence": self.data["licence"],
                "authors": str(self.data["uploader"]),
            },
            {"files": ("scaleout.txt", content, "text/plain")},
        )
        match = re.fullmatch(r"/library/(\d+)/", created.location)
        if created.status != 302 or not match:
            errors = re.findall(r'class="[^"]*error[^"]*"[^>]*>([^<]{0,200})', created.text())
            return False, f"upload on A: {created.status} {created.location} {errors[:3]}"
        document = int(match.group(1))
        new_keys = s.bucket_keys() - before
        page = uploader.get(f"/library/{document}/", port=b)
        links = re.findall(r"/library/files/(\d+)/download/", page.text())
        if page.status != 200 or not links:
            return False, f"document page on B: {page.status}, download links {len(links)}"
        download = f"/library/files/{links[0]}/download/"
        got = uploader.get(download, port=b)
        same = got.status == 200 and got.body == content
        if not same:
            problems.append(f"download on B {got.status} {got.location} same bytes {same}")
        # Someone who may not see it, through the balancer; and a visitor.
        outsider = Client(s.balancer_port)
        outsider_login = outsider.login(OUTSIDER)
        out_page = outsider.get(f"/library/{document}/")
        out_file = outsider.get(download)
        visitor_file = Client(s.balancer_port).get(download)
        if outsider_login.status != 302:
            problems.append(f"outsider login {outsider_login.status}")
        if out_page.status not in (403, 404) or out_file.status not in (403, 404):
            problems.append(f"outsider got page {out_page.status}, file {out_file.status}")
        if visitor_file.status == 200 or content in visitor_file.body:
            problems.append(f"visitor got the file ({visitor_file.status})")
        # The object: private (no grant to everyone), not readable anonymously if the server checks.
        public_grants, anonymous = [], "-"
        for key in new_keys:
            acl = s.s3().get_object_acl(Bucket=BUCKET, Key=key)
            public_grants += [
                g["Grantee"].get("URI", "")
                for g in acl.get("Grants", [])
                if g["Grantee"].get("URI", "").endswith(("AllUsers", "AuthenticatedUsers"))
            ]
            anon = Client(s.s3_port).get(f"/{BUCKET}/{key}")
            anonymous = f"{anon.status}" + (
                " (moto serves it: it does not enforce ACLs)" if anon.body == content else ""
            )
        if not new_keys:
            problems.append("no new object in the bucket")
        if public_grants:
            problems.append(f"public grants {public_grants}")
        # Deleted, purged: the object leaves the bucket.
        delete_page = uploader.get(f"/library/{document}/delete/", port=s.balancer_port)
        deleted = uploader.post(f"/library/{document}/delete/", {}, port=s.balancer_port)
        purge = s.manage("purge_library_bin", LIBRARY_BIN_DAYS="0").stdout.strip()
        remaining: set[str] = set(new_keys)
        for _ in range(20):  # the files go once the purge's transaction commits
            remaining = new_keys & s.bucket_keys()
            if not remaining:
                break
            time.sleep(0.5)
        if delete_page.status != 200 or deleted.status != 302:
            problems.append(f"delete {delete_page.status}/{deleted.status}")
        if remaining:
            problems.append(f"{len(remaining)} object(s) still in the bucket after purge")
        return not problems, (
            f"upload A {created.status}, {len(content)} B, objects {len(new_keys)}; download B "
            f"{got.status} same bytes {same}, redirect {'no' if not got.location else got.location}, "
            f"{got.headers.get('Content-Disposition', 'no disposition').split(';')[0]}; "
            f"outsider page {out_page.status} file {out_file.status}; visitor {visitor_file.status} "
            f"{visitor_file.location.split('?')[0]}; public grants {len(public_grants)}; "
            f"anonymous S3 GET {anonymous}; delete {deleted.status}; purge '{purge}'; "
            f"left in bucket {len(remaining)}"
            + (f"; PROBLEMS: {'; '.join(problems)}" if problems else "")
        )

    # 5 and 6. faults under load ------------------------------------------------------------------
    def load_sessions(self) -> list[Client]:
        sessions = []
        for address in LOAD_LOGINS:
            browser = Client(self.stack.balancer_port)
            response = browser.login(address)
            if response.status != 302 or "/accounts/login" in response.location:
                raise RuntimeError(f"login of {address}: {response.status} {response.location}")
            sessions.append(browser)
        return sessions

    def postgres_restart_under_load(self) -> tuple[bool, str]:
        s = self.stack
        sessions = self.load_sessions()
        load = MixedLoad(s, sessions, 20, self.dashboard)
        result = load.run(6, lambda: f"restart {s.restart_postgres():.1f}s")
        alive = [n for n in ("w1", "w2") if s.procs[n].poll() is None]
        after_ids = self.enqueue_mails([self.recipients[TASK_COUNT]])
        after = Counter()
        for _ in range(120):  # at most 60 s
            after = self.task_statuses(after_ids)
            if after["SUCCESSFUL"] + after["FAILED"] == len(after_ids):
                break
            time.sleep(0.5)
        failed = len(result.failed)
        mailed = s.smtp.counts()[self.recipients[TASK_COUNT]]
        ok = (
            failed <= result.in_flight_at_event
            and len(alive) == 2
            and after["SUCCESSFUL"] == len(after_ids)
            and mailed == 1
            and "failed" not in result.event_figures
        )
        return ok, (
            f"{result.event_figures}; requests {result.total} ({mix(result)}), failed {failed} "
            f"(in flight at restart {result.in_flight_at_event}){failure_summary(result)}; "
            f"workers alive {len(alive)}/2; task after restart "
            f"{'done' if after['SUCCESSFUL'] else dict(after) or 'not found'}, mailed {mailed}x"
        )

    def redis_stop_under_load(self) -> tuple[bool, str]:
        s = self.stack
        sessions = self.load_sessions()
        load = MixedLoad(s, sessions, 22, self.dashboard)

        def outage() -> str:
            s.kill("redis", signal.SIGKILL)
            time.sleep(10)
            back = s.start_redis()
            return f"redis down 10s, back in {back:.1f}s"

        result = load.run(5, outage)
        still = [c.get(self.dashboard).status for c in sessions]
        valid = sum(1 for status in still if status == 200)
        failed = len(result.failed)
        ok = failed == 0 and valid == len(sessions) and "failed" not in result.event_figures
        return ok, (
            f"{result.event_figures}; requests {result.total} ({mix(result)}), failed {failed}"
            f"{failure_summary(result)}; sessions valid afterwards {valid}/{len(sessions)}; "
            f"balancer sent A/B {'/'.join(str(s.balancer.served[p]) for p in s.node_ports)}"
        )


def mix(result: LoadResult) -> str:
    return " ".join(f"{kind} {n}" for kind, n in result.kinds.items())


def failure_summary(result: LoadResult) -> str:
    if not result.failed:
        return ""
    kinds = Counter(f.split("@")[0] + " " + f.rsplit(":", 1)[-1] for f in result.failed)
    times = [float(f.split("@")[1].split("s:")[0]) for f in result.failed if "@" in f]
    top = ", ".join(f"{k} x{n}" for k, n in kinds.most_common(4))
    span = f"; between {min(times):.1f}s and {max(times):.1f}s" if times else ""
    return f" [{top}{span}]"


SETUP_SNIPPET = """
import json
from allauth.account.models import EmailAddress
from leerplatform.accounts.models import User
from leerplatform.core.visibility import Visibility
from leerplatform.demo.edition import DEMO_SLUG
from leerplatform.editions.models import Edition
from leerplatform.library.models import DocumentKind, Licence

edition = Edition.objects.get(slug=DEMO_SLUG)
outsider = User.objects.create_user(
    email="OUTSIDER_EMAIL", password="OUTSIDER_PASSWORD", name="Buiten Staander"
)
EmailAddress.objects.create(user=outsider, email=outsider.email, verified=True, primary=True)
print("SCALEOUT_JSON", json.dumps({
    "slug": edition.slug,
    "uploader": User.objects.get(email="deelnemer@example.org").pk,
    "kind": DocumentKind.values[0],
    "licence": Licence.CC_BY.value,
    "visibility": Visibility.PLATFORM.value,
}))
"""

# One email per task, to one address: core's own email task with a real template (the
# application's receipt), its context plain JSON as the queue stores it.
ENQUEUE_SNIPPET = """
import json
from leerplatform.core.tasks import deliver_email
ids = []
for address in ADDRESSES_JSON:
    context = {
        "application": {"name": address.split("@")[0]},
        "edition": {"name": "Scale-out"},
        "confirmed": True,
        "my_applications_url": "http://127.0.0.1/my/applications/",
    }
    result = deliver_email.enqueue(
        "membership/email/application_received", context, [[address, "nl"]]
    )
    ids.append(str(result.id))
print("SCALEOUT_JSON", json.dumps(ids))
"""


def print_table(rows: list[Row]) -> None:
    width = max(len(r.step) for r in rows)
    fig_width = min(max(len(r.figures) for r in rows), 200)
    print()
    print(f"{'step':<{width}}  result  {'figures':<{fig_width}}  seconds")
    print(f"{'-' * width}  ------  {'-' * fig_width}  -------")
    for r in rows:
        print(
            f"{r.step:<{width}}  {'PASS' if r.ok else 'FAIL':<6}  {r.figures:<{fig_width}}  {r.seconds:7.1f}"
        )
    passed = sum(r.ok for r in rows)
    print(f"\n{passed}/{len(rows)} passed in {time.monotonic() - STARTED:.0f}s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the temp folder")
    args = parser.parse_args()

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)  # also when started in the background (SIGINT ignored)
    for name in (
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ):
        os.environ.pop(name, None)  # loopback only, never through a proxy (boto3 reads these)
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"
    stack = Stack(keep=args.keep)
    log(f"temp folder {stack.tmp}")
    check = Check(stack)
    status = 0
    try:
        # The set-up: without it no step can run (status 2). Step 1 failing on what the demo
        # queued still lets the others run; failing to migrate does not.
        if not (
            check.step("0a start postgres, redis, s3", check.start_stack)
            and (check.step("1 migrate + load_demo", check.migrate_and_demo) or check.data)
            and check.step("0b start nodes, workers, balancer", check.start_web)
        ):
            status = 2
        else:
            check.step("2 session A -> B", check.session_across_nodes)
            check.step("3 50 mails, worker killed", check.mails_once_with_a_worker_killed)
            check.step("4 upload A, download B, purge", check.upload_download_purge)
            check.step("5 postgres restart under load", check.postgres_restart_under_load)
            check.step("6 redis stop under load", check.redis_stop_under_load)
            if not all(r.ok for r in check.rows):
                status = 1
    except KeyboardInterrupt:
        log("interrupted")
        status = 130
    finally:
        if status:
            for name in ("node-a", "node-b", "w1", "w2"):
                tail = stack.log_tail(name, 12)
                if tail:
                    print(f"\n--- last lines of {name}.log ---\n{tail}", file=sys.stderr)
        stack.close()
    if check.rows:
        print_table(check.rows)
    return status


if __name__ == "__main__":
    sys.exit(main())
