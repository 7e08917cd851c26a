"""Static weight (issue 16, point 6): every page loads one stylesheet and one script, both bundles;
in production they are hashed, compressed (brotli and gzip) and cached for good; every image has
its size. The first load's weight in a browser: tests/e2e/test_static_weight.py."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

from leerplatform.core.staticfiles import (
    BUNDLE_PATH,
    HTMX_LICENCE,
    JS_BUNDLE_PATH,
    JsBundleFinder,
    bundle_js,
    js_sources,
)
from leerplatform.editions.models import Edition, Phase, Role
from tests import factories
from tests.conftest import client_for
from tests.groups.factories_discussions import make_group
from tests.membership.factories_applications import make_application

PROJECT_DIR = Path(__file__).resolve().parents[2]
APPS_DIR = PROJECT_DIR / "src" / "leerplatform"
GOOD_KEY = "k" * 20 + "-random-enough-for-a-test-0123456789abcdefghij"

# Each feature's script lives beside its app; htmx and core's site scripts come first.
SCRIPTS = [
    "core/static/vendor/htmx-2.0.11/htmx.min.js",
    "core/static/leerplatform/js/form-focus.js",
    "core/static/leerplatform/js/upload-progress.js",
    "core/static/core/js/markdown-editor.js",
    "membership/static/membership/js/apply.js",
    "membership/static/membership/js/review.js",
    "notifications/static/notifications/js/mentions.js",
]

STYLESHEET = re.compile(r"<link\b[^>]*\brel=\"?stylesheet\b[^>]*>", re.I)
SCRIPT = re.compile(r"<script\b[^>]*>", re.I)
SRC = re.compile(r"\b(?:src|href)=\"([^\"]+)\"")
IMG = re.compile(r"<img\b[^>]*>", re.I)


# --- The script bundle ----------------------------------------------------------------------------


def _js_bundle() -> str:
    found = finders.find(JS_BUNDLE_PATH)
    assert found, "the script bundle is found among the static files"
    return Path(found).read_text(encoding="utf-8")


def test_the_sources_are_htmx_then_core_then_each_apps_scripts():
    assert [str(p.relative_to(APPS_DIR)) for p in js_sources()] == SCRIPTS


def test_the_script_bundle_joins_them_in_order_with_htmx_under_its_licence():
    bundle = _js_bundle()

    assert bundle.startswith(
        "/* --- vendor/htmx-2.0.11/htmx.min.js --- */\n" + HTMX_LICENCE + "\nvar htmx="
    )
    positions = []
    for path in SCRIPTS:
        text = (APPS_DIR / path).read_text(encoding="utf-8").rstrip()
        assert text in bundle, path
        positions.append(bundle.index(text))
    assert positions == sorted(positions)


def test_no_script_runs_into_the_next():
    # `})` followed by `(function` would call the first; every part ends with a semicolon.
    for part in re.split(r"\n/\* --- [^*]+ --- \*/\n", "\n" + _js_bundle())[1:]:
        assert part.rstrip().endswith(";"), part[:80]


@pytest.mark.parametrize("path", SCRIPTS[1:])
def test_our_scripts_keep_their_names_inside_a_function(path):
    """Every page runs every script: none may leave a variable of its own on the page. Each one
    is one function, called at once, that finds its elements or listens on the document."""
    text = (APPS_DIR / path).read_text(encoding="utf-8")
    code = re.sub(r"/\*.*?\*/|^\s*//[^\n]*", "", text, flags=re.S | re.M).strip()
    assert code.startswith("(function () {"), path
    assert code.endswith("})();"), path


def test_the_script_bundle_is_written_again_when_a_source_changes(tmp_path, settings, monkeypatch):
    settings.STATICFILES_BUNDLE_DIR = str(tmp_path / "build")
    first, second = tmp_path / "a.js", tmp_path / "b.js"
    first.write_text("var a = (function () { return 1; })\n", encoding="utf-8")
    second.write_text("(function () { window.b = 2; })();\n", encoding="utf-8")
    from leerplatform.core import staticfiles

    monkeypatch.setattr(staticfiles, "js_sources", lambda: [first, second])
    finder = JsBundleFinder()

    bundle = Path(finder.find(JS_BUNDLE_PATH))
    assert bundle.read_text(encoding="utf-8") == bundle_js([first, second])
    assert "return 1; })\n;\n" in bundle.read_text(encoding="utf-8")

    second.write_text("(function () { window.b = 3; })();\n", encoding="utf-8")
    os.utime(second, ns=(second.stat().st_atime_ns, second.stat().st_mtime_ns + 10**9))

    assert "window.b = 3" in Path(finder.find(JS_BUNDLE_PATH)).read_text(encoding="utf-8")
    assert finder.find("leerplatform/js/other.js") is None
    assert [path for path, _ in finder.list(None)] == [JS_BUNDLE_PATH]


# --- One stylesheet and one script per page --------------------------------------------------------


def _templates() -> list[Path]:
    return sorted(
        p for p in APPS_DIR.glob("*/templates/**/*.html") if "email" not in p.parent.parts
    )


def test_only_the_base_layout_loads_a_script_or_a_stylesheet():
    """A feature's script or stylesheet goes into its app's static folder (and so into the
    bundle), never into a template. The server error page stands alone: it links site.css."""
    for template in _templates():
        name = str(template.relative_to(APPS_DIR))
        text = template.read_text(encoding="utf-8")
        if name == "core/templates/base.html":
            assert len(SCRIPT.findall(text)) == 1 and len(STYLESHEET.findall(text)) == 1
        elif name == "core/templates/500.html":
            assert not SCRIPT.search(text) and len(STYLESHEET.findall(text)) == 1
        else:
            assert not SCRIPT.search(text), name
            assert not STYLESHEET.search(text), name


@pytest.mark.parametrize("template", _templates(), ids=lambda p: str(p.relative_to(APPS_DIR)))
def test_every_image_has_its_size(template):
    """width and height on every <img>: the browser keeps the room before the image arrives."""
    for tag in IMG.findall(template.read_text(encoding="utf-8")):
        assert re.search(r"\swidth=\"\d+\"", tag) and re.search(r"\sheight=\"\d+\"", tag), tag


@pytest.fixture
def world(db):
    edition = factories.make_edition(
        themes=2, phase=Phase.BUILDING, ends_on=timezone.localdate() + dt.timedelta(days=365)
    )
    Edition.objects.filter(pk=edition.pk).update(applications_open=True)
    edition.refresh_from_db()
    participant = factories.make_member(edition, role=Role.PARTICIPANT, name="Pia Participant")
    facilitator = factories.make_member(edition, role=Role.FACILITATOR, name="Fred Facilitator")
    group = make_group(edition, name="Werkgeluk in teams", members=[participant])
    make_application(edition, name="Anna Aanmelder")
    return {
        "edition": edition,
        "participant": participant,
        "facilitator": facilitator,
        "group": group,
    }


def _pages(world) -> list[tuple[str, object, str]]:
    slug = world["edition"].slug
    group = world["group"].pk
    return [
        ("visitor", None, "/"),
        ("visitor", None, reverse("editions:archive")),
        ("visitor", None, reverse("editions:about")),
        ("visitor", None, reverse("account_login")),
        ("visitor", None, reverse("editions:detail", kwargs={"slug": slug})),
        ("visitor", None, reverse("membership:apply", kwargs={"slug": slug})),
        ("participant", world["participant"], "/"),
        ("participant", world["participant"], reverse("editions:dashboard", kwargs={"slug": slug})),
        ("participant", world["participant"], reverse("accounts:profile")),
        ("participant", world["participant"], reverse("groups:detail", args=[group])),
        ("participant", world["participant"], reverse("groups:create_thread", args=[group])),
        ("facilitator", world["facilitator"], reverse("membership:review", kwargs={"slug": slug})),
        (
            "facilitator",
            world["facilitator"],
            reverse("membership:import_invitations", kwargs={"slug": slug}),
        ),
    ]


def test_key_pages_load_one_stylesheet_and_one_script_and_size_their_images(world):
    """Visitors' and members' pages, those with the Markdown editor, @mentions, the application
    form, the review queue and an upload among them: the two bundles, nothing else."""
    for who, user, url in _pages(world):
        response = client_for(user).get(url)
        assert response.status_code == 200, (who, url)
        html = response.content.decode()
        head_links = [SRC.search(tag).group(1) for tag in STYLESHEET.findall(html)]
        scripts = [SRC.search(tag).group(1) for tag in SCRIPT.findall(html)]
        assert head_links == [f"/static/{BUNDLE_PATH}"], (who, url)
        assert scripts == [f"/static/{JS_BUNDLE_PATH}"], (who, url)
        assert "defer" in SCRIPT.search(html).group(0)
        for tag in IMG.findall(html):
            assert " width=" in tag and " height=" in tag, (url, tag)


def test_the_script_bundle_is_served(client, edition):
    response = client.get(f"/static/{JS_BUNDLE_PATH}")
    assert response.status_code == 200
    assert "javascript" in response["Content-Type"]
    assert b"".join(response.streaming_content).decode() == _js_bundle()


# --- Production: hashed, compressed, cached -------------------------------------------------------

# Run in a child process with the production settings: collect, then ask WhiteNoise for each bundle
# by its hashed name, as a browser that takes brotli and gzip would.
_COLLECT_AND_ASK = """
import json, django
from django.core.management import call_command
django.setup()
call_command("collectstatic", "--noinput", "-v0")
from django.templatetags.static import static
from django.test import Client
answers = {}
for path in %r:
    url = static(path)
    for encoding in ("br, gzip", "gzip"):
        response = Client().get(url, HTTP_ACCEPT_ENCODING=encoding)
        answers[path + " " + encoding] = {
            "url": url,
            "status": response.status_code,
            "cache": response.get("Cache-Control", ""),
            "encoding": response.get("Content-Encoding", ""),
            "length": int(response.get("Content-Length", 0)),
        }
print(json.dumps(answers))
"""


def _has_brotli() -> bool:
    try:
        import brotli  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_in_production_the_bundles_are_hashed_compressed_and_cached_for_good(tmp_path):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(PROJECT_DIR / "src"),
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "leerplatform.settings.production",
        "SECRET_KEY": GOOD_KEY,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "STATICFILES_BUNDLE_DIR": str(tmp_path / "build"),
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "false",
    }
    bundles = [BUNDLE_PATH, JS_BUNDLE_PATH]
    result = subprocess.run(
        [sys.executable, "-c", _COLLECT_AND_ASK % (bundles,)],
        env=env,
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout.strip().splitlines()[-1])

    static_root = tmp_path / "static"
    manifest = json.loads((static_root / "staticfiles.json").read_text())
    brotli = _has_brotli()
    for path in bundles:
        hashed = manifest["paths"][path]
        stem, suffix = path.rsplit(".", 1)
        assert re.fullmatch(re.escape(stem) + r"\.[0-9a-f]{12}\." + suffix, hashed)
        collected = (static_root / hashed).read_text(encoding="utf-8")
        assert collected == (tmp_path / "build" / path).read_text(encoding="utf-8")
        assert (static_root / f"{hashed}.gz").exists()
        assert (static_root / f"{hashed}.br").exists() == brotli

        gzip = answers[f"{path} gzip"]
        best = answers[f"{path} br, gzip"]
        assert gzip["url"] == f"/static/{hashed}"
        for answer in (gzip, best):
            assert answer["status"] == 200
            assert "immutable" in answer["cache"]
            max_age = int(re.search(r"max-age=(\d+)", answer["cache"]).group(1))
            assert max_age >= 365 * 24 * 3600
        assert gzip["encoding"] == "gzip"
        assert gzip["length"] == (static_root / f"{hashed}.gz").stat().st_size
        assert best["encoding"] == ("br" if brotli else "gzip")
