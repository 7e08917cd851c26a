"""Benchmark: search latency and the library list page, on the data of `bench/library_data.py`.

    DATABASE_URL=sqlite:////tmp/lp_bench.sqlite3 .venv/bin/python bench/library.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lp_bench .venv/bin/python bench/library.py

Run the generator on the same DATABASE_URL first. Prints:

- search: `leerplatform.search.query.search` over a fixed list of 30 queries (single words, inflected
  forms that only match through stemming, two-word queries, common and rare words, one without
  hits), for a participant who is in two learning groups and for a visitor; each query timed
  `--repeat` times after one warm-up pass; the median and p95 of all those timings, the slowest
  queries, and the SQL queries one search costs. Target: p95 under 100 ms.
- the library list page, `/editions/<slug>/library/`, through Django's test client logged in as
  that participant: median and p95 of `--requests` requests and the SQL query count. Target:
  under 50 ms. (Also the last page, where OFFSET pagination is at its slowest.)
- the search page, `/search/?q=…`, through the test client as that participant and as a visitor,
  for a few of the queries above (common, inflected, rare, two words, with a filter, none found):
  median and p95 of the server time over `--requests` requests per query, the SQL queries and the
  page's HTML size (target: p95 under 50 ms and at most 60 KB). `--search-only` measures just the
  search function and this page.

Figures, not a pass/fail test. Single process, so one core for Python; the database server of
PostgreSQL runs beside it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from bench.library_data import SLUG, setup_django  # noqa: E402

SEARCH_TARGET_MS = 100
PAGE_TARGET_MS = 50
SEARCH_PAGE_TARGET_MS = 50
SEARCH_PAGE_MAX_KB = 60

# The search page's queries: common, inflected, rare, two words, a filter, nothing found.
PAGE_QUERIES = [
    {"q": "leergroepen"},
    {"q": "werkdruk"},
    {"q": "teamleiders"},
    {"q": "vlootschouw"},
    {"q": "duurzame inzetbaarheid"},
    {"q": "leiderschap", "type": "document", "kind": "toolkit"},
    {"q": "zeppelinhangar"},
]

QUERIES = [
    # single, common words
    "leergroep",
    "werkdruk",
    "talentontwikkeling",
    "professionalisering",
    "inclusie",
    "onboarding",
    "leiderschap",
    "werkgeluk",
    "intervisie",
    # inflected forms: found through the stem
    "leergroepen",
    "medewerker",
    "teamleiders",
    "loopbaangesprek",
    "ontwikkelde",
    "hogescholen",
    "feedbackgesprek",
    # rarer words: a topic of a few hundred documents, or of a handful
    "vlootschouw",
    "exitgesprekken",
    "generatieregeling",
    "schaduwformatie",
    "zelfroosteren",
    # two words
    "duurzame inzetbaarheid",
    "strategische personeelsplanning",
    "werkdruk teams",
    "onboarding docenten",
    "leiderschap teamleiders",
    "reverse mentoring",
    "talentenscan leidinggevenden",
    "microlearning vragenlijst",
    # nothing to find
    "zeppelinhangar",
]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def mark(value: float, target: float) -> str:
    return "ok" if value < target else "MISSES TARGET"


def bench_search(user, label: str, repeat: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from leerplatform.search.engine import search

    for query in QUERIES:  # warm-up: caches, the stemmer's lru_cache, the database's pages
        search(user, query)
    timings: list[float] = []
    per_query: list[tuple[float, str, int]] = []
    for query in QUERIES:
        mine = []
        for _ in range(repeat):
            started = time.perf_counter()
            results = search(user, query)
            mine.append((time.perf_counter() - started) * 1000)
        timings += mine
        per_query.append((statistics.median(mine), query, results.total))
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        results = search(user, "duurzame inzetbaarheid")
    p95 = percentile(timings, 0.95)
    print(
        f"search as {label:<34} median {statistics.median(timings):6.1f} ms   "
        f"p95 {p95:6.1f} ms   ({len(queries)} SQL queries, {len(timings)} timings)   "
        f"{mark(p95, SEARCH_TARGET_MS)}"
    )
    per_query.sort(reverse=True)
    slowest = ", ".join(f"{q!r} {ms:.0f} ms ({n} hits)" for ms, q, n in per_query[:5])
    print(f"    slowest: {slowest}")


def bench_page(client, path: str, label: str, requests: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    connection.queries_log.clear()  # a request resets the log; a full one would hide them
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    # Read now: `captured_queries` is a view of the log, which the next request resets.
    query_count = len(queries)
    sql_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
    if response.status_code != 200:
        print(f"{label:<44} status {response.status_code}: not measured")
        return
    if response.content.strip() == b"todo":
        print(f"{label:<44} (the view still answers 'todo': figures mean nothing yet)")
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
    p95 = percentile(timings, 0.95)
    print(
        f"{label:<44} median {statistics.median(timings):6.1f} ms   p95 {p95:6.1f} ms   "
        f"({query_count} SQL queries, {sql_ms:.0f} ms of SQL in the first request)   "
        f"{mark(p95, PAGE_TARGET_MS)}"
    )


def bench_search_page(client, label: str, requests: int) -> None:
    from urllib.parse import urlencode

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    everything: list[float] = []
    worst_kb = 0.0
    for params in PAGE_QUERIES:
        path = "/search/?" + urlencode(params)
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        query_count = len(queries)
        if response.status_code != 200:
            print(f"    {path:<52} status {response.status_code}: not measured")
            continue
        kb = len(response.content) / 1024
        worst_kb = max(worst_kb, kb)
        timings = []
        for _ in range(requests):
            started = time.perf_counter()
            client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
        everything += timings
        print(
            f"    {path:<52} median {statistics.median(timings):6.1f} ms   "
            f"p95 {percentile(timings, 0.95):6.1f} ms   {query_count:2d} SQL   {kb:6.1f} KB"
        )
    if everything:
        p95 = percentile(everything, 0.95)
        print(
            f"search page as {label:<29} median {statistics.median(everything):6.1f} ms   "
            f"p95 {p95:6.1f} ms   largest page {worst_kb:.1f} KB   "
            f"{mark(p95, SEARCH_PAGE_TARGET_MS)}, "
            f"{'ok' if worst_kb <= SEARCH_PAGE_MAX_KB else 'TOO LARGE'}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="timings per search query")
    parser.add_argument("--requests", type=int, default=30, help="requests per page")
    parser.add_argument(
        "--search-only", action="store_true", help="the search function and page, not the library"
    )
    options = parser.parse_args()
    database = setup_django()
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import Count, Q
    from django.test import Client

    from leerplatform.accounts.models import User
    from leerplatform.editions.models import Edition
    from leerplatform.library.models import Document
    from leerplatform.search.models import SearchEntry

    # No setup_test_environment(): its instrumented template rendering (copying every context
    # for the test client) would add a third to the page's time, which production never pays.
    edition = Edition.objects.filter(slug=SLUG).first()
    if edition is None:
        sys.exit(f"No edition {SLUG!r} here: run bench/library_data.py on this DATABASE_URL first.")
    participant = (
        User.objects.filter(memberships__edition=edition, memberships__role="participant")
        .annotate(
            group_count=Count(
                "group_memberships",
                filter=Q(group_memberships__left_at__isnull=True),
                distinct=True,
            )
        )
        .filter(group_count=2)
        .order_by("pk")
        .first()
    )
    documents = Document.objects.filter(edition=edition).alive().count()
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(
        f"load average {load} on {os.cpu_count()} cores (figures are only fair on a quiet machine)"
    )
    print(
        f"database: {database}; {documents} documents, {SearchEntry.objects.count()} search "
        f"entries; participant {participant.email} (in 2 groups)\n"
    )
    bench_search(participant, "a participant in 2 groups", options.repeat)
    bench_search(AnonymousUser(), "a visitor", options.repeat)
    print()
    client = Client()
    client.force_login(participant)
    from django.test.utils import override_settings

    # The server's own time: not a visitor's page from the visitor cache (a query typed once).
    with override_settings(VISITOR_CACHE_SECONDS=0):
        bench_search_page(client, "a participant in 2 groups", options.requests)
        bench_search_page(Client(), "a visitor", options.requests)
    print()
    if options.search_only:
        return
    library = f"/editions/{edition.slug}/library/"
    bench_page(client, library, "library list page (participant)", options.requests)
    from leerplatform.library.queries.documents import PAGE_SIZE, visible_documents

    visible = visible_documents(user=participant, edition=edition).count()
    last = max(1, -(-visible // PAGE_SIZE))
    bench_page(
        client, f"{library}?page={last}", f"library list, last page ({last})", options.requests
    )


if __name__ == "__main__":
    main()
