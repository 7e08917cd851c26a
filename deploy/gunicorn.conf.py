"""Gunicorn settings of one Leerplatform app node: `gunicorn -c deploy/gunicorn.conf.py leerplatform.wsgi`.

Everything a site changes comes from the environment (deploy/leerplatform.env.example, loaded by
the systemd unit), so the same file serves every node:

- GUNICORN_BIND: where this node listens (default 127.0.0.1:8001). nginx's upstream lists it.
- GUNICORN_WORKERS: worker processes (default 2 × CPUs + 1, at most 8); GUNICORN_THREADS per worker
  (default 1: sync workers).
- GUNICORN_TIMEOUT: seconds a request may take before its worker is restarted (default 60; keep it
  below nginx's proxy_read_timeout, 75 s in deploy/nginx/leerplatform.conf).
- GUNICORN_FORWARDED_ALLOW_IPS: the addresses of the proxies (nginx) whose X-Forwarded-Proto
  gunicorn believes (default 127.0.0.1,::1: nginx on this machine). The client address itself is
  Django's business: TRUSTED_PROXY_COUNT (leerplatform.core.proxies).
- GUNICORN_CONTROL_SOCKET: gunicorn ≥ 25 opens a control socket for `gunicornc`. Its default path
  ($XDG_RUNTIME_DIR or ~/.gunicorn/gunicorn.ctl) is one per user, so two nodes of one user on one
  machine fight over it: the second unlinks the first's socket and binds its own, and the first to
  stop deletes the other's. Here each node gets its own path, gunicorn-<node>.ctl in systemd's
  RuntimeDirectory (the node's name is GUNICORN_NODE, else its bind address); `off` turns the
  socket off; any other value is the path.
"""

from __future__ import annotations

import multiprocessing
import os
import re

_env = os.environ.get


def _int(name: str, default: int) -> int:
    value = _env(name, "").strip()
    return int(value) if value else default


bind = [address.strip() for address in _env("GUNICORN_BIND", "127.0.0.1:8001").split(",")]
workers = _int("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 8))
threads = _int("GUNICORN_THREADS", 1)
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = 5
# A worker is replaced after this many requests (with jitter, so they do not all go at once).
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = max_requests // 10
# Heartbeat files in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108

forwarded_allow_ips = _env("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs to stdout/stderr: journald keeps them (journalctl -u leerplatform-web).
accesslog = "-"
errorlog = "-"
loglevel = _env("GUNICORN_LOG_LEVEL", "info")
# %(h)s is REMOTE_ADDR as the request leaves Django: behind trusted proxies
# (TRUSTED_PROXY_COUNT > 0) leerplatform.core.proxies.ClientIPMiddleware has made it the client's
# address. xff= is the X-Forwarded-For header as it arrived (its last entry is what our nginx saw;
# entries to the left are the client's own claims). %(M)s: milliseconds.
access_log_format = (
    '%(h)s xff="%({x-forwarded-for}i)s" %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s '
    '"%(f)s" "%(a)s" %(M)sms'
)

node = _env("GUNICORN_NODE", "") or re.sub(r"[^A-Za-z0-9]+", "-", bind[0]).strip("-")
proc_name = f"leerplatform-{node}"
_control = _env("GUNICORN_CONTROL_SOCKET", "").strip()
if _control.lower() in {"off", "none", "false", "0", "no"}:
    control_socket_disable = True
elif _control:
    control_socket = _control
else:
    # systemd's RuntimeDirectory= (deploy/systemd/*.service), else var/run in the project folder.
    _run_dir = (_env("RUNTIME_DIRECTORY", "") or "").split(":")[0] or os.path.join(
        os.getcwd(), "var", "run"
    )
    control_socket = os.path.join(_run_dir, f"gunicorn-{node}.ctl")
control_socket_mode = 0o600
