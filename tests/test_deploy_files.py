"""The files in deploy/ work: nginx accepts the site, gunicorn its config, systemd the units, and the
example environment names only variables the settings read, with values they accept.

Real tools, no root: nginx -t runs the site inside a minimal nginx.conf in tmp_path with a
self-signed certificate made by openssl; gunicorn runs with the example environment; two gunicorn
nodes on one machine each get their own control socket; systemd-analyze verifies the units with
the install path pointed at this checkout (it checks that the programs exist).
"""

from __future__ import annotations

import contextlib
import http.client
import http.server
import json
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import environ
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
SITE = DEPLOY / "nginx" / "leerplatform.conf"
GUNICORN_CONF = DEPLOY / "gunicorn.conf.py"
ENV_EXAMPLE = DEPLOY / "leerplatform.env.example"
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))
VENV_BIN = Path(sys.executable).parent
INSTALL_DIR = "/srv/leerplatform"  # where the units and the site expect the checkout
CERT = "/etc/letsencrypt/live/leerplatform.example.org/fullchain.pem"
KEY = "/etc/letsencrypt/live/leerplatform.example.org/privkey.pem"
ASSIGNMENT = re.compile(r"^\s*#?\s*([A-Z][A-Z0-9_]*)=(.*)$")


class ExampleEnv(environ.Env):
    """django-environ reading the example into a dict of its own, not into os.environ."""

    ENVIRON: dict[str, str] = {}


@pytest.fixture(scope="module")
def example() -> ExampleEnv:
    ExampleEnv.ENVIRON = {}
    ExampleEnv.read_env(str(ENV_EXAMPLE))
    return ExampleEnv()


def example_keys(*, commented: bool) -> set[str]:
    keys = set()
    for line in ENV_EXAMPLE.read_text().splitlines():
        match = ASSIGNMENT.match(line)
        if match and (commented or not line.lstrip().startswith("#")):
            keys.add(match.group(1))
    return keys


def settings_keys() -> set[str]:
    text = "\n".join(p.read_text() for p in (ROOT / "src/leerplatform/settings").glob("*.py"))
    return set(re.findall(r"env\.\w+\(\s*\"([A-Z][A-Z0-9_]*)\"", text))


def gunicorn_keys() -> set[str]:
    return set(re.findall(r"\"(GUNICORN_[A-Z0-9_]+)\"", GUNICORN_CONF.read_text()))


def readme_section(title: str) -> str:
    text = (ROOT / "README.md").read_text()
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def size_in_bytes(value: str) -> int:
    number, unit = re.fullmatch(r"(\d+)([kKmMgG]?)", value).groups()  # type: ignore[union-attr]
    return int(number) * {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[unit.lower()]


def nginx_directive(name: str) -> list[str]:
    return re.findall(rf"^\s*{name}\s+([^;]+);", SITE.read_text(), flags=re.MULTILINE)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- The example environment -------------------------------------------------------------------


def test_every_variable_of_the_example_is_read_by_the_settings_or_gunicorn():
    known = settings_keys() | gunicorn_keys() | {"DJANGO_SETTINGS_MODULE"}
    unknown = example_keys(commented=True) - known
    assert not unknown, f"deploy/leerplatform.env.example names variables nobody reads: {unknown}"


def test_every_variable_of_the_readme_is_in_the_example():
    section = readme_section("Configuration")
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    documented = {
        name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]*)`", row.split("|")[1])
    }
    assert documented, "no variables found in README's Configuration table"
    missing = documented - example_keys(commented=True)
    assert not missing, f"in README's Configuration, not in the example: {missing}"


def test_the_example_parses_with_the_types_the_settings_use(example):
    assert example.str("DJANGO_SETTINGS_MODULE") == "leerplatform.settings.production"
    assert example.bool("DEBUG") is False
    assert example.db_url("DATABASE_URL")["ENGINE"] == "django.db.backends.postgresql"
    email = example.email_url("EMAIL_URL")
    assert email["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert email["EMAIL_USE_TLS"] is True and email["EMAIL_PORT"] == 587
    assert example.str("DEFAULT_FROM_EMAIL") == "Leerplatform <noreply@leerplatform.example.org>"
    assert example.str("TASKS_BACKEND") == "database"
    assert example.int("TRUSTED_PROXY_COUNT") == 1
    for key in example_keys(commented=False):
        if key.endswith(("_BYTES", "_DAYS", "_SECONDS", "_COUNT", "_ATTEMPTS", "_AGE")):
            assert example.int(key) >= 0, key
    assert example.list("ALLOWED_HOSTS") == ["leerplatform.example.org"]
    assert example.str("SITE_URL").startswith("https://")


def test_the_example_has_no_inline_comments_systemd_would_keep_in_the_value():
    for line in ENV_EXAMPLE.read_text().splitlines():
        if ASSIGNMENT.match(line) and not line.lstrip().startswith("#"):
            assert " #" not in line.split("=", 1)[1], line


def test_filemail_takes_four_slashes_for_an_absolute_folder():
    """django-environ drops one slash: filemail:///var/mail is the relative path var/mail."""
    absolute = environ.Env.email_url_config("filemail:////var/mail/leerplatform")
    assert absolute["EMAIL_FILE_PATH"] == "/var/mail/leerplatform"
    assert environ.Env.email_url_config("filemail:///var/mail/x")["EMAIL_FILE_PATH"] == "var/mail/x"
    for text in (ENV_EXAMPLE.read_text(), readme_section("Configuration")):
        assert "filemail:////var/mail/leerplatform" in text
        for line in text.splitlines():  # three slashes only where it is called relative
            if re.search(r"filemail:///[^/]", line):
                assert "relative" in line, line


def test_the_upload_limit_of_nginx_is_above_the_librarys(example):
    (body,) = nginx_directive("client_max_body_size")
    limit = size_in_bytes(body.strip())
    # The library's limit plus room for the form's other fields and the multipart boundaries.
    assert limit >= settings.LIBRARY_MAX_UPLOAD_BYTES + 1024 * 1024
    assert limit >= example.int("LIBRARY_MAX_UPLOAD_BYTES") + 1024 * 1024
    assert limit > settings.PROFILE_PHOTO_MAX_BYTES


def test_nginx_serves_static_from_static_root_and_no_media(example):
    (alias,) = nginx_directive("alias")
    assert alias.strip().rstrip("/") == example.str("STATIC_ROOT").rstrip("/")
    assert "location /media" not in SITE.read_text()
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for" in SITE.read_text()


# --- nginx -------------------------------------------------------------------------------------


def nginx_binary() -> str:
    return shutil.which("nginx", path=os.environ.get("PATH", "") + ":/usr/sbin:/sbin") or "nginx"


def write_nginx_conf(tmp_path: Path, site: str) -> Path:
    """A minimal nginx.conf around `site` that keeps every path in tmp_path (no root paths)."""
    for tool in ("nginx", "openssl"):
        if not shutil.which(tool, path=os.environ.get("PATH", "") + ":/usr/sbin:/sbin"):
            pytest.skip(f"{tool} is not installed")
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=leerplatform.example.org",
            "-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem"),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    site = site.replace(CERT, str(tmp_path / "cert.pem")).replace(KEY, str(tmp_path / "key.pem"))
    (tmp_path / "site.conf").write_text(site)
    temp = "".join(
        f"  {kind}_temp_path {tmp_path / kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # Run as root (CI containers), the workers would be "nobody" and could not read tmp_path.
    user = "user root;\n" if os.geteuid() == 0 else ""
    (tmp_path / "nginx.conf").write_text(
        f"{user}worker_processes 1;\npid {tmp_path / 'nginx.pid'};\n"
        f"error_log {tmp_path / 'error.log'};\n"
        "events { worker_connections 64; }\n"
        f"http {{\n  access_log {tmp_path / 'access.log'};\n{temp}"
        f"  include {tmp_path / 'site.conf'};\n}}\n"
    )
    return tmp_path / "nginx.conf"


def nginx_command(conf: Path, *args: str) -> list[str]:
    prefix = conf.parent
    return [
        nginx_binary(),
        "-p",
        str(prefix),
        "-c",
        str(conf),
        "-e",
        str(prefix / "error.log"),
        *args,
    ]


def test_nginx_accepts_the_site(tmp_path):
    conf = write_nginx_conf(tmp_path, SITE.read_text())
    result = subprocess.run(nginx_command(conf, "-t"), capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


class EchoApp(http.server.BaseHTTPRequestHandler):
    """Stands in for the app nodes: answers with the headers (and body size) it received."""

    def answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        received = 0
        while received < length:
            chunk = self.rfile.read(min(1 << 20, length - received))
            if not chunk:
                break
            received += len(chunk)
        body = json.dumps({**{k.lower(): v for k, v in self.headers.items()}, "received": received})
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body.encode())

    do_GET = do_POST = answer

    def log_message(self, format, *args):
        pass


def test_nginx_runs_the_site_in_front_of_an_app(tmp_path):
    """The site for real on loopback ports: the redirect, the forwarded headers, the upload
    limit, static files with long caching, and /media/ going to the app rather than to files."""
    app = http.server.ThreadingHTTPServer(("127.0.0.1", 0), EchoApp)
    threading.Thread(target=app.serve_forever, daemon=True).start()
    http_port, https_port = free_port(), free_port()
    static = tmp_path / "static"
    (static / "css").mkdir(parents=True)
    (static / "css" / "site.0123abcd.css").write_text("body { color: black; }")
    site = SITE.read_text()
    site = re.sub(r"server 127\.0\.0\.1:800[12]", f"server 127.0.0.1:{app.server_port}", site)
    site = site.replace("listen [::]:80;", "").replace("listen [::]:443 ssl http2;", "")
    site = site.replace("listen 80;", f"listen 127.0.0.1:{http_port};")
    site = site.replace("listen 443 ssl", f"listen 127.0.0.1:{https_port} ssl")
    site = site.replace("/srv/leerplatform/var/static/", f"{static}/")
    conf = write_nginx_conf(tmp_path, site)
    nginx = subprocess.Popen(
        nginx_command(conf, "-g", "daemon off;"), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    tls = ssl.create_default_context()
    tls.check_hostname = False
    tls.verify_mode = ssl.CERT_NONE
    try:
        deadline = time.monotonic() + 20
        wait_for(https_port, nginx, deadline)

        def https(path: str, *, method: str = "GET", body: bytes | None = None, **headers):
            connection = http.client.HTTPSConnection(
                "127.0.0.1", https_port, context=tls, timeout=60
            )
            connection.request(
                method, path, body=body, headers={"Host": "leerplatform.example.org", **headers}
            )
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()

        plain = http.client.HTTPConnection("127.0.0.1", http_port, timeout=10)
        plain.request("GET", "/editions/?x=1", headers={"Host": "leerplatform.example.org"})
        response = plain.getresponse()
        assert response.status == 301
        assert response.getheader("Location") == "https://leerplatform.example.org/editions/?x=1"

        status, _, body = https("/dashboard/", **{"X-Forwarded-For": "192.0.2.99"})
        seen = json.loads(body)
        assert status == 200
        # nginx appends the address it saw; the client's own entry stays on the left.
        assert seen["x-forwarded-for"] == "192.0.2.99, 127.0.0.1"
        assert seen["x-forwarded-proto"] == "https"
        assert seen["host"] == "leerplatform.example.org"

        upload = b"x" * (settings.LIBRARY_MAX_UPLOAD_BYTES + 512 * 1024)  # the file and a form
        status, _, body = https("/library/1/files/new/", method="POST", body=upload)
        assert status == 200 and json.loads(body)["received"] == len(upload)
        # Too large: nginx answers 413 on the Content-Length alone, before any body is sent.
        connection = http.client.HTTPSConnection("127.0.0.1", https_port, context=tls, timeout=30)
        connection.putrequest("POST", "/library/1/files/new/", skip_host=True)
        connection.putheader("Host", "leerplatform.example.org")
        connection.putheader("Content-Length", str(31 * 1024 * 1024))
        connection.endheaders()
        assert connection.getresponse().status == 413

        status, headers, body = https("/static/css/site.0123abcd.css")
        assert status == 200 and body == b"body { color: black; }"
        assert (
            "immutable" in headers["Cache-Control"]
            and "max-age=31536000" in headers["Cache-Control"]
        )

        status, _, body = https("/media/library/secret.pdf")
        assert status == 200 and "x-forwarded-for" in json.loads(body)  # the app decides
    finally:
        nginx.send_signal(signal.SIGQUIT)
        try:
            nginx.wait(timeout=20)
        except subprocess.TimeoutExpired:
            nginx.kill()
        app.shutdown()


# --- gunicorn ----------------------------------------------------------------------------------


def production_env(example: ExampleEnv, tmp_path: Path, **extra: str) -> dict[str, str]:
    """The example environment with what a test machine lacks: a secret, a database it can open,
    local media, no Redis."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_"))}
    env.update(ExampleEnv.ENVIRON)
    env.update(
        SECRET_KEY=secrets.token_urlsafe(64),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        REDIS_URL="",
        MEDIA_STORAGE="filesystem",
        MEDIA_ROOT=str(tmp_path / "media"),
        STATIC_ROOT=str(tmp_path / "static"),
        PYTHONPATH=str(ROOT / "src"),
        RUNTIME_DIRECTORY=str(tmp_path / "run"),
    )
    env.update(extra)
    return env


def test_gunicorn_accepts_the_config_with_the_example_environment(example, tmp_path):
    result = subprocess.run(
        [
            str(VENV_BIN / "gunicorn"),
            "--check-config",
            "-c",
            str(GUNICORN_CONF),
            "leerplatform.wsgi",
        ],
        env=production_env(example, tmp_path),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def printed_config(env: dict[str, str]) -> dict[str, str]:
    result = subprocess.run(
        [
            str(VENV_BIN / "gunicorn"),
            "--print-config",
            "-c",
            str(GUNICORN_CONF),
            "leerplatform.wsgi",
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return {
        name.strip(): value.strip()
        for name, _, value in (line.partition("=") for line in result.stdout.splitlines())
    }


def test_the_control_socket_is_one_per_node_or_off(example, tmp_path):
    one = printed_config(production_env(example, tmp_path, GUNICORN_BIND="127.0.0.1:8001"))
    two = printed_config(production_env(example, tmp_path, GUNICORN_BIND="127.0.0.1:8002"))
    assert one["control_socket"] == str(tmp_path / "run" / "gunicorn-127-0-0-1-8001.ctl")
    assert two["control_socket"] != one["control_socket"]
    assert one["control_socket_disable"] == "False"
    off = printed_config(production_env(example, tmp_path, GUNICORN_CONTROL_SOCKET="off"))
    assert off["control_socket_disable"] == "True"
    assert one["workers"] == "5" and one["timeout"] == "60"
    assert one["forwarded_allow_ips"] == "['127.0.0.1', '::1']"


SETTINGS_WITH_MIDDLEWARE = """
from leerplatform.settings.production import *  # noqa: F403
# No collectstatic in a test: pages may name static files that no manifest lists.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
if "leerplatform.core.proxies.ClientIPMiddleware" not in MIDDLEWARE:
    MIDDLEWARE = ["leerplatform.core.proxies.ClientIPMiddleware", *MIDDLEWARE]
"""


def wait_for(port: int, process: subprocess.Popen, deadline: float) -> None:
    while time.monotonic() < deadline:
        assert process.poll() is None, "gunicorn exited"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"gunicorn did not listen on {port}")


def test_two_nodes_on_one_machine_keep_their_own_control_sockets_and_log_the_client(
    example, tmp_path
):
    """Two real gunicorn nodes with this config, as leerplatform-web@8001 and @8002 would run: both
    control sockets exist side by side, and behind the proxy the access log names the client."""
    (tmp_path / "deploy_settings.py").write_text(SETTINGS_WITH_MIDDLEWARE)
    ports = [free_port(), free_port()]
    nodes = []
    try:
        for port in ports:
            env = production_env(
                example,
                tmp_path,
                GUNICORN_BIND=f"127.0.0.1:{port}",
                GUNICORN_WORKERS="1",
                DJANGO_SETTINGS_MODULE="deploy_settings",
                EMAIL_URL="consolemail://",
                ADMIN_EMAILS="",
                PYTHONPATH=f"{ROOT / 'src'}:{tmp_path}",
            )
            log = (tmp_path / f"node-{port}.log").open("w")
            command = [str(VENV_BIN / "gunicorn"), "-c", str(GUNICORN_CONF), "leerplatform.wsgi"]
            nodes.append(
                subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
            )
        deadline = time.monotonic() + 60
        for port, node in zip(ports, nodes, strict=True):
            wait_for(port, node, deadline)
        for port in ports:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/robots.txt",
                headers={
                    "Host": "leerplatform.example.org",
                    "X-Forwarded-For": "192.0.2.99, 198.51.100.7",
                    "X-Forwarded-Proto": "https",
                },
            )
            # Any answer will do: the access log line is what counts.
            with contextlib.suppress(urllib.error.HTTPError):
                urllib.request.urlopen(request, timeout=30).close()  # noqa: S310 (loopback)
        sockets = {port: tmp_path / "run" / f"gunicorn-127-0-0-1-{port}.ctl" for port in ports}
        while time.monotonic() < deadline and not all(p.exists() for p in sockets.values()):
            time.sleep(0.2)
        assert all(path.is_socket() for path in sockets.values()), sockets
    finally:
        for node in nodes:
            node.send_signal(signal.SIGTERM)
        for node in nodes:
            node.wait(timeout=40)
    for port in ports:
        log = (tmp_path / f"node-{port}.log").read_text()
        lines = [line for line in log.splitlines() if 'xff="' in line and "/robots.txt" in line]
        assert lines, log
        # %(h)s: the client as TRUSTED_PROXY_COUNT=1 makes it; xff: the header as it arrived.
        assert lines[0].startswith('198.51.100.7 xff="192.0.2.99, 198.51.100.7"'), lines[0]
    # Each node removed its own socket when it stopped, and only its own.
    assert not any(path.exists() for path in sockets.values())


# --- systemd -----------------------------------------------------------------------------------


def test_the_units_are_there_and_restart_always():
    names = {unit.name for unit in UNITS}
    assert {"leerplatform-web.service", "leerplatform-worker@.service"} <= names
    for unit in UNITS:
        text = unit.read_text()
        if "Type=oneshot" in text:
            # A scheduled command: its timer starts it (systemd refuses Restart=always there).
            assert (DEPLOY / "systemd" / unit.name.replace(".service", ".timer")).exists()
        else:
            assert "Restart=always" in text
        assert "User=leerplatform" in text
        assert "EnvironmentFile=/etc/leerplatform/leerplatform.env" in text
    worker = (DEPLOY / "systemd" / "leerplatform-worker@.service").read_text()
    assert re.search(r"^ExecStart=.*manage\.py run_worker", worker, flags=re.MULTILINE)
    web = (DEPLOY / "systemd" / "leerplatform-web.service").read_text()
    assert f"--config {INSTALL_DIR}/deploy/gunicorn.conf.py" in web


def test_systemd_accepts_the_units(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed")
    # The programs must exist: point the install path at this checkout.
    timers = sorted((DEPLOY / "systemd").glob("*.timer"))
    for unit in [*UNITS, *timers]:
        (tmp_path / unit.name).write_text(unit.read_text().replace(INSTALL_DIR, str(ROOT)))
    instances = [
        "leerplatform-web.service",
        "leerplatform-web@8001.service",
        "leerplatform-worker@1.service",
        *(timer.name for timer in timers),
        *(timer.name.replace(".timer", ".service") for timer in timers),
    ]
    result = subprocess.run(
        [analyze, "verify", *(str(tmp_path / name) for name in instances)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    ours = [line for line in (result.stdout + result.stderr).splitlines() if "leerplatform" in line]
    assert result.returncode == 0 and not ours, result.stdout + result.stderr
