"""HTTP benchmark: our pages under gunicorn beside a bare Django "hello world", measured with wrk.

    .venv/bin/python bench/http_load.py                 # SQLite (or `make bench`)
    .venv/bin/python bench/http_load.py --db postgres   # PostgreSQL, 127.0.0.1:5432, user postgres
    .venv/bin/python bench/http_load.py --reuse --quick # keep the built database, short wrk runs
    .venv/bin/python bench/http_load.py --reuse --peer  # also pretalx, in one run (../shared/bench)
    .venv/bin/python bench/http_load.py --src /tmp/before/src  # measure another checkout's code

1. Builds `bench/library_data.py`'s large edition (2,000 participants, 200 groups, 20,000
   documents) in a throw-away database: /tmp/lp-bench/bench.sqlite3, or the PostgreSQL database
   `bench_http` (created and dropped here). `--reuse` keeps one built before.
2. collectstatic, then gunicorn (2 sync workers) serves Leerplatform with its production settings
   on 127.0.0.1:8150 (plain HTTP, Redis DB 5 as the cache, emptied first) and a single-file bare
   Django view on 127.0.0.1:8151, same gunicorn settings.
3. A participant (in two learning groups) is logged in by a real session in the same database
   (`Client.force_login`); its `sessionid` cookie goes with the logged-in pages.
4. Every page must answer 200 through gunicorn and contain its expected text; then per page a
   wrk warm-up and `wrk -t2 -c20 -d10s --latency` with a browser's Accept header.
5. Prints per page: req/s, share of the bare view's req/s (the median of its three runs: first,
   before the logged-in pages and last, as the machine drifts over a run), p50 and p99 latency (wrk's), the
   server's own p95 (the worker's time per request, from the access log of a second gunicorn of
   the same app on :8152, run for as long as a warm-up after each page), SQL queries per
   request (django.test.Client + CaptureQueriesContext, the second request), HTML bytes (from
   gunicorn), the median time of one request at a time in the test client, then each gunicorn
   worker's RSS. `--peer` then runs the pretalx harness with our
   pages as its extra targets (logged-in ones named `*_in`) and prints its table.

Results (tables, wrk output, bodies, server logs) go to /tmp/lp-bench/results/<time>-<db>/.
Figures of one noisy machine where wrk shares the cores with the servers: compare within a run.
"""

from __future__ import annotations

# A benchmark that starts local tools (gunicorn, wrk, createdb) and keeps its files in /tmp.
# ruff: noqa: S108, S603, S607
import argparse
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = Path(os.environ.get("BENCH_WORK", "/tmp/lp-bench"))
PORT, BARE_PORT = 8150, 8151
# Pages whose every request gets a path of its own (a counter after the path): a cold cache.
UNIQUE = {"search_cold"}
UNIQUE_SCRIPT = """
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
function init(args)
  start = os.time()
  n = 0
end
function request()
  n = n + 1
  return wrk.format(nil, wrk.path .. start .. tid .. "x" .. n)
end
"""
# The same app again, with gunicorn's access log, for the server's own time per request: a second
# short run per page against it, so that the measured runs log nothing (as bare and pretalx).
TIMED_PORT = 8152
REDIS_URL = "redis://127.0.0.1:6379/5"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_NAME = "bench_http"
PEER = Path(os.environ.get("PEER_HARNESS", ROOT.parent / "shared" / "bench" / "peer-pretalx"))
PEER_ROOT = Path(os.environ.get("PEER_ROOT", "/tmp/peer-pretalx"))
ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
SECRET_KEY = "bench-only-not-secret-" + "0123456789abcdef" * 3
WORKERS = 2
ACCESS_LOG = "access_ours.log"  # one line per request of ours: its time in the worker, in µs
PARTICIPANT = "bibliotheek1@example.org"  # in two learning groups (library_data.py)

BARE_APP = '''"""Single-file bare Django hello world (DEBUG off, no middleware, no DB)."""
from django.conf import settings
from django.http import HttpResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY="bare-hello-bench-only",
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    DATABASES={},
    USE_TZ=True,
)


def hello(request):
    return HttpResponse("Hello, world!\\n", content_type="text/plain")


urlpatterns = [path("", hello)]

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
'''


class BenchError(SystemExit):
    def __init__(self, message: str) -> None:
        super().__init__(f"FAIL: {message}")


def log(message: str) -> None:
    print(f"== {message}", flush=True)


# --- The pages (runs inside Django, in a subprocess with the servers' environment) ------------


def describe_pages() -> dict:
    """The pages to measure, each with the texts it must contain, a participant's session
    cookie, and the SQL queries of each page's second request. Runs in Django."""
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Q
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils.html import escape
    from django.utils.translation import gettext, override

    from leerplatform.accounts.models import User
    from leerplatform.core.visibility import Visibility
    from leerplatform.editions.models import Edition, Theme
    from leerplatform.groups.models import GroupMembership
    from leerplatform.library.models import Document
    from leerplatform.meetings.models import Meeting, MeetingKind
    from leerplatform.showcase.models import Output

    sys.path.insert(0, str(ROOT))
    from bench.library_data import SLUG

    edition = Edition.objects.get(slug=SLUG)
    participant = User.objects.get(email=PARTICIPANT)
    my_groups = [
        m.group
        for m in GroupMembership.objects.filter(user=participant, group__edition=edition)
        .select_related("group")
        .order_by("pk")
    ]
    meeting = (
        Meeting.objects.filter(edition=edition, kind=MeetingKind.REGULAR)
        .order_by("-starts_at")
        .first()
    )
    theme = Theme.objects.filter(edition=edition).order_by("position", "pk").first()
    alive = Document.objects.filter(edition=edition, deleted_at__isnull=True)
    public = list(alive.filter(visibility=Visibility.PUBLIC).order_by("-created_at", "-pk")[:200])
    mine = list(
        alive.filter(
            Q(visibility__in=[Visibility.PUBLIC, Visibility.PLATFORM]) | Q(group__in=my_groups)
        ).order_by("-created_at", "-pk")[:200]
    )
    outputs = list(
        Output.objects.filter(edition=edition, document__isnull=False).values_list(
            "document__title", flat=True
        )
    )
    if not (meeting and theme and public and outputs and my_groups):
        raise BenchError("the database lacks a meeting, theme, public output or group")
    with override("nl"):
        who_is_who = gettext("Who is who")
    # Texts as the templates write them (escaped), except the one piece of markup below.
    name, h = escape(edition.name), escape
    e = f"/editions/{SLUG}"

    def titles(documents) -> list[str]:
        return [escape(d.title) for d in documents]

    # (name, logged in, path, every one of these texts, at least one of these texts)
    pages = [
        ("home", False, "/", [name], []),
        ("edition", False, f"{e}/", [name, h(theme.title)], []),
        ("meeting", False, f"/meetings/{meeting.pk}/", [h(meeting.title)], []),
        ("outputs", False, f"{e}/outputs/", [name], [h(t) for t in outputs]),
        ("theme", False, f"{e}/agenda/{theme.pk}/", [h(theme.title)], titles(public)),
        ("library", False, f"{e}/library/", [name], titles(public)),
        ("document", False, f"/library/{public[0].pk}/", [h(public[0].title)], []),
        ("dashboard", True, f"{e}/dashboard/", [name, h(participant.name.split()[0])], []),
        ("group", True, f"/groups/{my_groups[0].pk}/", [h(my_groups[0].name)], []),
        ("meeting", True, f"/meetings/{meeting.pk}/", [h(meeting.title)], []),
        ("library", True, f"{e}/library/", [name], titles(mine)),
        ("people", True, f"{e}/people/", [h(who_is_who), "(fictief)"], []),
        ("groups", True, f"{e}/groups/", [name, "Leergroep "], []),
        (
            "search",
            True,
            "/search/?q=leergroepen",
            ["leergroepen"],
            ['href="/library/', 'href="/groups/'],
        ),
        # The same search with a parameter of its own on every request: never from the cache.
        (
            "search_cold",
            True,
            "/search/?q=leergroepen&n=0",
            ["leergroepen"],
            ['href="/library/', 'href="/groups/'],
        ),
    ]

    def client(logged_in: bool) -> Client:
        c = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT=ACCEPT)
        if logged_in:
            c.force_login(participant)
        return c

    described = []
    for page_name, logged_in, path, every, some in pages:
        c = client(logged_in)
        first = c.get(path)
        if first.status_code != 200:
            raise BenchError(
                f"{page_name} ({path}) answered {first.status_code} in the test client"
            )
        with CaptureQueriesContext(connection) as queries:
            c.get(path)
        query_count = len(queries)  # now: the next request empties the log it reads
        timings = []
        for i in range(5):
            started = time.perf_counter()
            c.get(f"{path}{i + 1}" if page_name in UNIQUE else path)
            timings.append((time.perf_counter() - started) * 1000)
        described.append(
            {
                "name": page_name + ("_in" if logged_in else ""),
                "logged_in": logged_in,
                "path": path,
                "every": every,
                "some": some,
                "queries": query_count,
                "unique": page_name in UNIQUE,
                "client_ms": sorted(timings)[2],
            }
        )
    session = client(True).cookies["sessionid"].value
    return {"pages": described, "cookie": f"sessionid={session}", "edition": name}


# --- Processes ---------------------------------------------------------------------------------


def run(cmd: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(cmd, env=env, text=True, capture_output=True, **kwargs)
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-3000:] + result.stderr[-3000:])
        raise BenchError(f"{' '.join(map(str, cmd[:4]))} … exited with {result.returncode}")
    return result


def python_bin() -> str:
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def gunicorn_bin() -> str:
    for candidate in (
        ROOT / ".venv" / "bin" / "gunicorn",
        Path("/tmp/lp-bench-gunicorn/bin/gunicorn"),
    ):
        if candidate.exists():
            return str(candidate)
    raise BenchError("gunicorn is not in .venv (pip install gunicorn into a venv of your own)")


def server_env(src: Path, database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="leerplatform.settings.production",
        PYTHONPATH=os.pathsep.join([str(src), str(ROOT)]),
        LEERPLATFORM_SRC=str(src),
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        DATABASE_URL=database_url,
        REDIS_URL=REDIS_URL,
        STATIC_ROOT=str(WORK / "static"),
        STATICFILES_BUNDLE_DIR=str(WORK / "build-static"),
        MEDIA_ROOT=str(WORK / "media"),
        SITE_URL=f"http://127.0.0.1:{PORT}",
        EMAIL_URL="consolemail://",
        LOG_LEVEL="WARNING",
    )
    return env


def build_database(options, env: dict) -> None:
    """The large edition in a fresh database, unless --reuse finds one built before."""
    built = WORK / f"built-{options.db}.txt"
    if options.reuse and built.exists():
        log(f"reusing the database built {built.read_text().strip()}")
        return
    built.unlink(missing_ok=True)
    if options.db == "postgres":
        admin = {**env, "PGUSER": "postgres", "PGHOST": "127.0.0.1", "PGPORT": "5432"}
        run(["dropdb", "--if-exists", PG_NAME], admin)
        run(["createdb", PG_NAME], admin)
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{WORK / 'bench.sqlite3'}{suffix}").unlink(missing_ok=True)
    log(f"building the large edition ({options.db}); this takes a few minutes")
    gen_env = {**env, "DJANGO_SETTINGS_MODULE": "leerplatform.settings.test"}
    started = time.monotonic()
    subprocess.run([python_bin(), str(ROOT / "bench" / "library_data.py")], env=gen_env, check=True)
    built.write_text(f"{time.strftime('%Y-%m-%d %H:%M')} from {env['LEERPLATFORM_SRC']}\n")
    log(f"built in {time.monotonic() - started:.0f} s")


def drop_database(options, env: dict) -> None:
    if options.db == "postgres" and not options.keep:
        admin = {**env, "PGUSER": "postgres", "PGHOST": "127.0.0.1", "PGPORT": "5432"}
        run(["dropdb", "--if-exists", PG_NAME], admin)
        (WORK / "built-postgres.txt").unlink(missing_ok=True)


class Servers:
    """Ours and the bare view under gunicorn; stopped by their PIDs."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.procs: dict[str, subprocess.Popen] = {}

    def start(self, name: str, port: int, app: str, env: dict, extra: list[str]) -> None:
        cmd = [gunicorn_bin(), "--workers", str(WORKERS), "--worker-class", "sync"]
        cmd += ["--log-level", "warning", "--bind", f"127.0.0.1:{port}"]
        cmd += ["--no-control-socket", *extra, app]  # its default path is shared by all gunicorns
        logfile = (self.out / f"{name}.log").open("w")
        self.procs[name] = subprocess.Popen(cmd, env=env, stdout=logfile, stderr=logfile)

    def wait_up(self, port: int, path: str) -> None:
        for _ in range(240):
            for name, proc in self.procs.items():
                if proc.poll() is not None:
                    raise BenchError(f"server {name} died: see {self.out / name}.log")
            try:
                get(port, path, cookie=None)
                return
            except OSError:
                time.sleep(0.25)
        raise BenchError(f"port {port} did not answer")

    def workers(self, name: str) -> list[int]:
        master = self.procs[name].pid
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                children.append(int(stat.parent.name))
        return sorted(children)

    def stop(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.procs.values():
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def get(port: int, path: str, cookie: str | None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Accept": ACCEPT}
    if cookie:
        headers["Cookie"] = cookie
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, body


# --- wrk -----------------------------------------------------------------------------------------


def wrk(
    url: str, duration: str, cookie: str | None, threads: int, conns: int, unique: bool = False
) -> str:
    cmd = ["wrk", f"-t{threads}", f"-c{conns}", f"-d{duration}", "--timeout", "30s", "--latency"]
    if unique:
        script = WORK / "unique.lua"
        script.write_text(UNIQUE_SCRIPT)
        cmd += ["-s", str(script)]
    cmd += ["-H", f"Accept: {ACCEPT}"]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    return subprocess.run([*cmd, url], text=True, capture_output=True, check=True).stdout


def parse_wrk(text: str) -> dict:
    def ms(value: str) -> float:
        number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
        return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]

    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    errors = re.search(r"Socket errors:.*", text)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),
        "p50": ms(re.search(r"^\s+50%\s+(\S+)", text, re.M).group(1)),
        "p99": ms(re.search(r"^\s+99%\s+(\S+)", text, re.M).group(1)),
        "requests": int(re.search(r"(\d+) requests in", text).group(1)),
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
        "errors": errors.group(0) if errors else "",
    }


def server_p95(access: Path, start: int) -> float | None:
    """The 95th percentile of the time a worker spent on each request of the run, in ms, from
    gunicorn's access log (written from byte `start` on): the server's own time, without the
    time a request waited in the listen queue, which wrk's latency includes."""
    with access.open("rb") as lines:
        lines.seek(start)
        times = sorted(int(line) / 1000 for line in lines.read().split() if line.isdigit())
    return times[min(len(times) - 1, int(len(times) * 0.95))] if times else None


def fmt_ms(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.0f} ms" if value >= 10 else f"{value:.1f} ms"


# --- The run -------------------------------------------------------------------------------------


def check_pages(described: dict, out: Path) -> None:
    """Every page through gunicorn: 200, and the texts it must contain."""
    log("HTTP checks against gunicorn (200 and the expected text)")
    for page in described["pages"]:
        cookie = described["cookie"] if page["logged_in"] else None
        status, body = get(PORT, page["path"], cookie)
        (out / f"{page['name']}.html").write_bytes(body)
        text = body.decode("utf-8", "replace")
        print(f"  {page['name']:<12} {status} {len(body):>8} B  {page['path']}")
        if status != 200:
            raise BenchError(f"{page['name']} ({page['path']}) answered {status}")
        missing = [t for t in page["every"] if t not in text]
        if missing or (page["some"] and not any(t in text for t in page["some"])):
            what = missing or ["any of the expected titles"]
            raise BenchError(f"{page['name']} ({page['path']}) lacks {what!r}: see {out}")
        page["bytes"] = len(body)


def measure(described: dict, options, out: Path) -> dict:
    """Per page: a warm-up, then the measured wrk run. Before each run the server finishes what
    wrk left in its queue (a slow page's backlog would otherwise eat the next run's time)."""
    duration, warmup = ("5s", "2s") if options.quick else (options.duration, "3s")
    threads, conns = options.threads, options.connections
    # The bare view three times (first, before the logged-in pages, last): the machine drifts
    # over a run, and a share is taken of the median of the three (`bare_rps`).
    pages = [
        (p["name"], PORT, p["path"], described["cookie"] if p["logged_in"] else None, p["unique"])
        for p in described["pages"]
    ]
    first_in = next((i for i, p in enumerate(described["pages"]) if p["logged_in"]), len(pages))
    targets = [
        ("bare", BARE_PORT, "/", None, False),
        *pages[:first_in],
        ("bare_2", BARE_PORT, "/", None, False),
        *pages[first_in:],
        ("bare_3", BARE_PORT, "/", None, False),
    ]
    log(f"wrk -t{threads} -c{conns} -d{duration} --latency per page, after a {warmup} warm-up")
    results = {}
    for name, port, path, cookie, unique in targets:
        url = f"http://127.0.0.1:{port}{path}"
        wrk(url, warmup, cookie, threads, conns, unique)
        get(port, path, cookie)  # waits for the warm-up's backlog
        text = wrk(url, duration, cookie, threads, conns, unique)
        get(port, path, cookie)
        (out / f"wrk_{name}.txt").write_text(text)
        results[name] = parse_wrk(text)
        results[name]["server_p95"] = None
        if port == PORT:
            access = out / ACCESS_LOG
            start = access.stat().st_size if access.exists() else 0
            wrk(f"http://127.0.0.1:{TIMED_PORT}{path}", warmup, cookie, threads, conns, unique)
            get(TIMED_PORT, path, cookie)
            results[name]["server_p95"] = server_p95(access, start)
        print(f"  {name:<12} {results[name]['rps']:>8.1f} req/s", flush=True)
    return results


BARE_RUNS = ("bare", "bare_2", "bare_3")


def bare_rps(results: dict) -> float:
    """The median of the bare view's runs (`measure`): what every share is taken of."""
    runs = sorted(results[name]["rps"] for name in BARE_RUNS if name in results)
    return runs[len(runs) // 2]


def table(described: dict, results: dict, rss: list[float], options, src: Path) -> str:
    bare = bare_rps(results)
    runs = " / ".join(f"{results[n]['rps']:.1f}" for n in BARE_RUNS if n in results)
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    duration = "5s (--quick)" if options.quick else options.duration
    lines = [
        f"Leerplatform HTTP benchmark, {options.db}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        f"code: {src}; {os.cpu_count()} cores, loadavg {load}; gunicorn {WORKERS} sync workers, "
        f"production settings, Redis cache; wrk -t{options.threads} -c{options.connections} "
        f"-d{duration} --latency",
        "",
        "| page | who | req/s | share of bare | p50 | p99 | server p95 | SQL queries "
        "| HTML bytes | 1-client ms | non-2xx |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| bare hello (median of {runs}) | - | {bare:.1f} | 100 % "
        f"| {fmt_ms(results['bare']['p50'])} "
        f"| {fmt_ms(results['bare']['p99'])} | - | 0 | 14 | - | {results['bare']['non2xx']} |",
    ]
    for page in described["pages"]:
        r = results[page["name"]]
        who = "participant" if page["logged_in"] else "visitor"
        label = page["name"].removesuffix("_in")
        lines.append(
            f"| {label} `{page['path']}` | {who} | {r['rps']:.1f} | {100 * r['rps'] / bare:.2f} % "
            f"| {fmt_ms(r['p50'])} | {fmt_ms(r['p99'])} | {fmt_ms(r['server_p95'])} "
            f"| {page['queries']} | {page['bytes']:,} "
            f"| {page['client_ms']:.0f} | {r['non2xx']} |"
        )
    lines.append("")
    lines.append(
        "p50/p99: wrk's latency (with the time a request waits for a free worker); server p95: "
        "the time a worker spent on the request (gunicorn's access log of a second server of the "
        "same app, in a second, warm-up-long run). SQL queries: the second "
        "request through django.test.Client; 1-client ms: the median of 5 more, one at a time, in "
        "one process (no gunicorn, no network)."
    )
    lines.append(
        "RSS of the gunicorn workers after the runs: "
        + ", ".join(f"{mb:.0f} MB" for mb in rss)
        + " (goal: each under 150 MB)"
    )
    errors = [f"{n}: {r['errors']}" for n, r in results.items() if r["errors"]]
    if errors:
        lines.append("wrk socket errors: " + "; ".join(errors))
    return "\n".join(lines) + "\n"


def run_peer(described: dict, options, out: Path) -> str:
    """The pretalx harness, with our running pages as its extra targets, in one run."""
    if not (PEER_ROOT / "data" / "seed.json").exists():
        log("setting up pretalx (setup.sh, once)")
        subprocess.run(["bash", str(PEER / "setup.sh")], check=True)
    busy = subprocess.run(["ss", "-ltn"], text=True, capture_output=True).stdout
    if re.search(r"127\.0\.0\.1:810[01]\b|\*:810[01]\b|0\.0\.0\.0:810[01]\b", busy):
        raise BenchError("port 8100 or 8101 (the peer harness's) is in use")
    targets = " ".join(
        f"ours_{p['name']}=http://127.0.0.1:{PORT}{p['path']}"
        for p in described["pages"]
        if not p["unique"]  # the peer harness repeats one path
    )
    env = {**os.environ, "EXTRA_TARGETS": targets, "EXTRA_COOKIE": described["cookie"]}
    if options.quick:
        env["WRK_DURATION"], env["WARMUP"] = "5s", "2s"
    else:
        env["WRK_DURATION"] = options.duration
    log("pretalx harness (bench.sh) with our pages as extra targets")
    result = subprocess.run(
        ["bash", str(PEER / "bench.sh")], env=env, text=True, capture_output=True
    )
    (out / "peer-output.txt").write_text(result.stdout + result.stderr)
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-3000:] + result.stderr[-3000:])
        raise BenchError(f"the peer harness exited with {result.returncode}")
    found = re.search(r"raw wrk output, logs and table: (\S+)", result.stdout)
    peer_table = Path(found.group(1)) / "table.md" if found else None
    text = peer_table.read_text() if peer_table and peer_table.exists() else result.stdout
    queries = ", ".join(f"{p['name']} {p['queries']}" for p in described["pages"])
    return text + f"\nSQL queries of our pages (test client, 2nd request): {queries}\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--reuse", action="store_true", help="keep a database built before")
    parser.add_argument("--keep", action="store_true", help="do not drop the PostgreSQL database")
    parser.add_argument("--quick", action="store_true", help="5 s wrk runs, 2 s warm-ups")
    parser.add_argument("--peer", action="store_true", help="also run the pretalx harness")
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="the code to serve")
    parser.add_argument("--duration", default="10s", help="wrk duration per page")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--describe", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.describe:  # the subprocess in the servers' environment
        print(json.dumps(describe_pages()))
        return

    src = options.src.resolve()
    if not (src / "leerplatform" / "settings" / "production.py").exists():
        raise BenchError(f"{src} is not Leerplatform's src/")
    if not shutil.which("wrk"):
        raise BenchError("wrk is missing (apt-get install wrk)")
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    out = WORK / "results" / f"{stamp}-{options.db}"
    out.mkdir(parents=True)
    database_url = (
        f"{PG_SERVER}/{PG_NAME}"
        if options.db == "postgres"
        else f"sqlite:///{WORK / 'bench.sqlite3'}"
    )
    env = server_env(src, database_url)
    build_database(options, env)

    log("collectstatic; emptying the Redis cache (DB 5)")
    run([python_bin(), "-m", "django", "collectstatic", "--noinput", "--clear", "-v0"], env)
    run(["redis-cli", "-n", REDIS_URL.rsplit("/", 1)[1], "flushdb"], env)

    servers = Servers(out)
    done = False
    try:
        (WORK / "bare").mkdir(exist_ok=True)
        (WORK / "bare" / "hello.py").write_text(BARE_APP)
        log(f"gunicorn: ours on :{PORT}, bare Django on :{BARE_PORT} ({WORKERS} sync workers)")
        app = ["--chdir", str(src), "leerplatform.wsgi:application"]
        servers.start("ours", PORT, app[-1], env, app[:-1])
        access = ["--access-logfile", str(out / ACCESS_LOG), "--access-logformat", "%(D)s"]
        servers.start("ours_timed", TIMED_PORT, app[-1], env, [*app[:-1], *access])
        servers.start("bare", BARE_PORT, "hello:application", env, ["--chdir", str(WORK / "bare")])
        servers.wait_up(BARE_PORT, "/")
        servers.wait_up(PORT, "/healthz")
        servers.wait_up(TIMED_PORT, "/healthz")

        log("pages, a participant's session and SQL queries (django.test.Client)")
        described = json.loads(
            run([python_bin(), str(Path(__file__).resolve()), "--describe"], env).stdout
        )
        check_pages(described, out)
        results = measure(described, options, out)
        rss = [rss_mb(pid) for pid in servers.workers("ours")]
        report = table(described, results, rss, options, src)
        (out / "table.md").write_text(report)
        print("\n" + report)
        if options.peer:
            peer = run_peer(described, options, out)
            (out / "peer-table.md").write_text(peer)
            print("\n" + peer)
        print(f"results: {out}")
        done = True
    finally:
        servers.stop()
        if done:  # after a failure the database stays, for a run with --reuse
            drop_database(options, env)


if __name__ == "__main__":
    main()
