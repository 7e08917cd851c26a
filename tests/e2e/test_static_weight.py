"""A page's first load in a real browser (issue 16, point 6): the home page for a visitor and the
dashboard for a participant, on the demo edition and with an empty browser cache, weigh less than
150 KB over the wire, load one stylesheet and one script, and run the script without an error.

The test server sends the static files as they are; production's WhiteNoise sends the brotli (or
gzip) file `collectstatic` wrote beside each one. So each static file counts at the size of that
compressed file, made here by WhiteNoise's own compressor from the bytes the browser received
(the same rule: only when it saves at least 5 %); everything else, the HTML included, counts as
sent, uncompressed, as gunicorn sends it."""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext
from whitenoise.compress import Compressor

from leerplatform.core.staticfiles import BUNDLE_PATH, JS_BUNDLE_PATH
from leerplatform.demo.edition import load_demo
from tests.e2e.test_journeys import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BUDGET = 150 * 1024
COMPRESSOR = Compressor(quiet=True)


@pytest.fixture
def demo(live_server):
    return load_demo()


@dataclass
class Loaded:
    path: str
    kind: str
    sent: int  # bytes of the body as the test server sent it
    wire: int  # bytes production sends: compressed where collectstatic compresses

    @property
    def line(self) -> str:
        return f"{self.kind:10} {self.sent:>8} {self.wire:>8}  {self.path}"


def _compressed(path: str, body: bytes) -> int:
    if not path.startswith("/static/") or not COMPRESSOR.should_compress(path):
        return len(body)
    sizes = [len(Compressor.compress_gzip(body))]
    if COMPRESSOR.use_brotli:
        sizes.append(len(Compressor.compress_brotli(body)))
    best = min(sizes)
    return best if best <= 0.95 * len(body) else len(body)


def _first_load(context: BrowserContext, url: str) -> tuple[list[Loaded], int]:
    page = context.new_page()
    errors: list[str] = []
    responses = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", lambda response: responses.append(response))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    loaded = []
    html_gzipped = 0
    for response in responses:
        path = urlsplit(response.url).path
        body = b"" if 300 <= response.status < 400 else response.body()
        loaded.append(Loaded(path, response.request.resource_type, len(body), 0))
        loaded[-1].wire = _compressed(path, body)
        if response.request.resource_type == "document":
            html_gzipped += len(gzip.compress(body, 9))
    assert not errors, errors
    page.close()
    return loaded, html_gzipped


def _check(loaded: list[Loaded], html_gzipped: int, name: str) -> int:
    total = sum(item.wire for item in loaded)
    print(f"\n{name}: {total / 1024:.1f} KB over the wire (HTML gzipped: {html_gzipped} B)")
    print("\n".join(item.line for item in loaded))
    stylesheets = [item.path for item in loaded if item.kind == "stylesheet"]
    scripts = [item.path for item in loaded if item.kind == "script"]
    assert stylesheets == [f"/static/{BUNDLE_PATH}"]
    assert scripts == [f"/static/{JS_BUNDLE_PATH}"]
    assert total < BUDGET, f"{name}: {total} bytes on a first load"
    return total


def test_the_home_page_and_the_dashboard_weigh_less_than_150_kb_on_a_first_load(
    browser: Browser, live_server, demo
):
    visitor = browser.new_context()
    try:
        _check(*_first_load(visitor, live_server.url + "/"), "home (visitor)")
    finally:
        visitor.close()

    login = browser.new_context()
    try:
        page = login.new_page()
        log_in(page, live_server.url, "deelnemer@example.org")
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        session = login.storage_state()
    finally:
        login.close()

    # A new context with the session only: its cache is empty, as on a first visit.
    member = browser.new_context(storage_state=session)
    try:
        loaded, html_gzipped = _first_load(member, live_server.url + "/dashboard/")
        assert any("/dashboard/" in item.path for item in loaded if item.kind == "document")
        _check(loaded, html_gzipped, "dashboard (participant)")
    finally:
        member.close()
