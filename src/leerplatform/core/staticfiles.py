"""One stylesheet and one script for every page: the bundles, served and collected like any static
file.

Each app keeps its feature CSS beside it, in `<app>/static/<app>/css/*.css`; core keeps the site's
foundation in `leerplatform/css/site.css`. `CssBundleFinder` (in `STATICFILES_FINDERS`) joins them
into one file, `leerplatform/css/bundle.css`: site.css first, then each of our apps' files in
`INSTALLED_APPS` order (by name within an app), so a feature's rules come after the ones they
build on.

Scripts go the same way: `JsBundleFinder` joins htmx (vendored, with its licence line), core's
`leerplatform/js/*.js` and then every app's `<app>/static/<app>/js/*.js`, in the same order, into
`leerplatform/js/bundle.js`. Every page loads it once (`base.html`, `defer`), so each script must
be safe on any page: it acts only where its elements are, and keeps its names inside a function.

A bundle is written to `STATICFILES_BUNDLE_DIR` and written again when a source changes, so that
`runserver` and the tests (WhiteNoise reading the finders) serve the current one and
`collectstatic` collects it — hashed and compressed by WhiteNoise's manifest storage in
production. Pages link the bundles only; they come from our own origin, as the
Content-Security-Policy ('self') asks.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal, overload

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import CheckMessage
from django.core.files.storage import FileSystemStorage

BUNDLE_PATH = "leerplatform/css/bundle.css"
JS_BUNDLE_PATH = "leerplatform/js/bundle.js"
SITE_CSS = "leerplatform/css/site.css"
SITE_JS = "leerplatform/js"
HTMX = "vendor/htmx-2.0.11/htmx.min.js"
HTMX_LICENCE = (
    "/*! htmx 2.0.11 (https://htmx.org), Zero-Clause BSD licence: vendor/htmx-2.0.11/LICENSE */"
)
OUR_APPS = "leerplatform."


def _core_static() -> Path:
    return Path(apps.get_app_config("core").path) / "static"


def _app_files(kind: str) -> list[Path]:
    """`<app>/static/<app>/<kind>/*.<kind>` of each of our apps, in INSTALLED_APPS order."""
    found: list[Path] = []
    for config in apps.get_app_configs():
        if not config.name.startswith(OUR_APPS):
            continue
        folder = config.name.rsplit(".", 1)[-1]
        found.extend(sorted((Path(config.path) / "static" / folder / kind).glob(f"*.{kind}")))
    return found


def css_sources() -> list[Path]:
    """The stylesheets of the bundle, in order: core's site.css, then every app's own CSS."""
    return [_core_static() / SITE_CSS, *_app_files("css")]


def js_sources() -> list[Path]:
    """The scripts of the bundle, in order: htmx, core's site scripts, then every app's own JS."""
    site = sorted((_core_static() / SITE_JS).glob("*.js"))
    return [_core_static() / HTMX, *site, *_app_files("js")]


def _name(source: Path) -> str:
    return "/".join(source.parts[-3:])  # e.g. library/css/files.css, vendor/htmx-2.0.11/htmx.min.js


def bundle_css(sources: list[Path]) -> str:
    """The sources one after the other, each under a comment that names it."""
    parts = []
    for source in sources:
        text = source.read_text(encoding="utf-8")
        parts.append(f"/* --- {_name(source)} --- */\n{text.rstrip()}\n")
    return "\n".join(parts)


def bundle_js(sources: list[Path]) -> str:
    """The scripts one after the other, each under a comment that names it (htmx's under its
    licence line) and ended by a semicolon, so that no script runs into the next one."""
    parts = []
    for source in sources:
        text = source.read_text(encoding="utf-8").rstrip()
        if not text.endswith(";"):
            text += "\n;"
        header = f"/* --- {_name(source)} --- */"
        if source.name == Path(HTMX).name:
            header += "\n" + HTMX_LICENCE
        parts.append(f"{header}\n{text}\n")
    return "\n".join(parts)


class _BundleFinder(BaseFinder):
    """Finds one bundle at `path`, (re)writing it first when a source has changed."""

    path: str

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.root = Path(settings.STATICFILES_BUNDLE_DIR)
        self.storage = FileSystemStorage(location=self.root)
        self._built_from: tuple[tuple[str, int, int], ...] | None = None

    def sources(self) -> list[Path]:
        raise NotImplementedError

    def join(self, sources: list[Path]) -> str:
        raise NotImplementedError

    def check(self, **kwargs: Any) -> list[CheckMessage]:
        return []

    @overload
    def find(self, path: str, find_all: Literal[False] = False) -> str | None: ...

    @overload
    def find(self, path: str, find_all: Literal[True]) -> list[str]: ...

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> str | list[str] | None:
        if path != self.path:
            return [] if find_all else None
        bundle = str(self.build())
        return [bundle] if find_all else bundle

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, FileSystemStorage]]:
        self.build()
        yield self.path, self.storage

    def build(self) -> Path:
        """Write the bundle when it is missing or a source changed since; returns its path."""
        target = self.root / self.path
        sources = self.sources()
        stamps = tuple((str(s), (stat := s.stat()).st_mtime_ns, stat.st_size) for s in sources)
        if stamps == self._built_from and target.exists():
            return target
        content = self.join(sources)
        if not target.exists() or target.read_text(encoding="utf-8") != content:
            _write_atomically(target, content)
        self._built_from = stamps
        return target


class CssBundleFinder(_BundleFinder):
    """Finds `leerplatform/css/bundle.css`."""

    path = BUNDLE_PATH

    def sources(self) -> list[Path]:
        return css_sources()

    def join(self, sources: list[Path]) -> str:
        return bundle_css(sources)


class JsBundleFinder(_BundleFinder):
    """Finds `leerplatform/js/bundle.js`."""

    path = JS_BUNDLE_PATH

    def sources(self) -> list[Path]:
        return js_sources()

    def join(self, sources: list[Path]) -> str:
        return bundle_js(sources)


def _write_atomically(target: Path, content: str) -> None:
    """Write by renaming a finished file into place: test workers may build at the same time."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".bundle-", suffix=target.suffix)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
