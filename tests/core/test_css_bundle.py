"""One stylesheet per page: the CSS bundle joins core's site.css and every app's own CSS."""

from __future__ import annotations

import os
import re
from pathlib import Path

from django.contrib.staticfiles import finders

from leerplatform.core import staticfiles
from leerplatform.core.staticfiles import BUNDLE_PATH, CssBundleFinder, bundle_css, css_sources

PROJECT_DIR = Path(__file__).resolve().parents[2]
APPS_DIR = PROJECT_DIR / "src" / "leerplatform"
GOOD_KEY = "k" * 20 + "-random-enough-for-a-test-0123456789abcdefghij"

# Each feature's CSS lives beside its app.
FEATURE_CSS = [
    "core/static/core/css/account.css",
    "core/static/core/css/forms.css",
    "core/static/core/css/markdown-editor.css",
    "core/static/core/css/pagination.css",
    "accounts/static/accounts/css/sso.css",
    "meetings/static/meetings/css/attendance.css",
    "library/static/library/css/files.css",
    "library/static/library/css/library.css",
    "search/static/search/css/search.css",
    "reflection/static/reflection/css/balance.css",
    "reflection/static/reflection/css/evaluation.css",
    "reflection/static/reflection/css/reflection.css",
    "showcase/static/showcase/css/outputs.css",
    "showcase/static/showcase/css/reports.css",
    "notifications/static/notifications/css/mentions_follow.css",
    "notifications/static/notifications/css/notifications.css",
    "notifications/static/notifications/css/preferences.css",
    "privacy/static/privacy/css/erasure.css",
    "privacy/static/privacy/css/export.css",
    "privacy/static/privacy/css/privacy.css",
    "pages/static/pages/css/activity.css",
    "pages/static/pages/css/dashboard.css",
    "pages/static/pages/css/public.css",
]


def _bundle() -> str:
    found = finders.find(BUNDLE_PATH)
    assert found, "the bundle is found among the static files"
    return Path(found).read_text(encoding="utf-8")


def test_the_bundle_holds_site_css_first_and_then_each_apps_css_in_app_order():
    bundle = _bundle()
    site = (APPS_DIR / "core/static/leerplatform/css/site.css").read_text(encoding="utf-8")

    assert bundle.startswith("/* --- leerplatform/css/site.css --- */\n" + site.rstrip())
    positions = []
    for path in FEATURE_CSS:
        text = (APPS_DIR / path).read_text(encoding="utf-8").rstrip()
        assert text in bundle, path
        positions.append(bundle.index(text))
    # library before search before reflection before showcase, as in INSTALLED_APPS.
    assert positions == sorted(positions)


def test_the_sources_are_our_apps_css_only():
    sources = [str(p.relative_to(APPS_DIR)) for p in css_sources()]

    assert sources == ["core/static/leerplatform/css/site.css", *FEATURE_CSS]


def test_no_stylesheet_is_left_in_core_but_site_css():
    assert [p.name for p in (APPS_DIR / "core/static/leerplatform/css").glob("*.css")] == [
        "site.css"
    ]


def test_every_page_links_the_bundle_only_and_it_is_served(client, edition):
    html = client.get("/").content.decode()

    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert stylesheets == ["/static/leerplatform/css/bundle.css"]
    response = client.get(stylesheets[0])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert b"".join(response.streaming_content).decode() == _bundle()


def test_the_bundle_is_written_again_when_a_source_changes(tmp_path, settings, monkeypatch):
    settings.STATICFILES_BUNDLE_DIR = str(tmp_path / "build")
    first, second = tmp_path / "a.css", tmp_path / "b.css"
    first.write_text(".a { color: red; }\n", encoding="utf-8")
    second.write_text(".b { color: blue; }\n", encoding="utf-8")
    monkeypatch.setattr(staticfiles, "css_sources", lambda: [first, second])
    finder = CssBundleFinder()

    bundle = Path(finder.find(BUNDLE_PATH))
    assert bundle.read_text(encoding="utf-8") == bundle_css([first, second])
    assert ".a { color: red; }" in bundle.read_text(encoding="utf-8")

    second.write_text(".b { color: green; }\n", encoding="utf-8")
    os.utime(second, ns=(second.stat().st_atime_ns, second.stat().st_mtime_ns + 10**9))

    assert ".b { color: green; }" in Path(finder.find(BUNDLE_PATH)).read_text(encoding="utf-8")
    assert finder.find("leerplatform/css/other.css") is None
    assert finder.find(BUNDLE_PATH, find_all=True) == [str(bundle)]
    assert [path for path, _ in finder.list(None)] == [BUNDLE_PATH]


# In production the bundle is hashed and compressed: tests/core/test_static_weight.py.
