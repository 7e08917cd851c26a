"""One stylesheet for every page: the CSS bundle, served and collected like any static file.

Each app keeps its feature CSS beside it, in `<app>/static/<app>/css/*.css`; core keeps the site's
foundation in `leerplatform/css/site.css`. `CssBundleFinder` (in `STATICFILES_FINDERS`) joins them
into one file, `leerplatform/css/bundle.css`: site.css first, then each of our apps' files in
`INSTALLED_APPS` order (by name within an app), so a feature's rules come after the ones they
build on. The bundle is written to `STATICFILES_BUNDLE_DIR` and written again when a source
changes, so that `runserver` and the tests (WhiteNoise reading the finders) serve the current
one and `collectstatic` collects it — hashed and compressed by WhiteNoise's manifest storage in
production. Pages link the bundle only (`base.html`); it comes from our own origin, as the
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
SITE_CSS = "leerplatform/css/site.css"
OUR_APPS = "leerplatform."


def css_sources() -> list[Path]:
    """The stylesheets of the bundle, in order: core's site.css, then every app's own CSS."""
    sources = [Path(apps.get_app_config("core").path) / "static" / SITE_CSS]
    for config in apps.get_app_configs():
        if not config.name.startswith(OUR_APPS):
            continue
        folder = config.name.rsplit(".", 1)[-1]
        sources.extend(sorted((Path(config.path) / "static" / folder / "css").glob("*.css")))
    return sources


def bundle_css(sources: list[Path]) -> str:
    """The sources one after the other, each under a comment that names it."""
    parts = []
    for source in sources:
        name = "/".join(source.parts[-3:])  # e.g. library/css/files.css
        text = source.read_text(encoding="utf-8")
        parts.append(f"/* --- {name} --- */\n{text.rstrip()}\n")
    return "\n".join(parts)


class CssBundleFinder(BaseFinder):
    """Finds `leerplatform/css/bundle.css`, (re)writing it first when a source has changed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.root = Path(settings.STATICFILES_BUNDLE_DIR)
        self.storage = FileSystemStorage(location=self.root)
        self._built_from: tuple[tuple[str, int, int], ...] | None = None

    def check(self, **kwargs: Any) -> list[CheckMessage]:
        return []

    @overload
    def find(self, path: str, find_all: Literal[False] = False) -> str | None: ...

    @overload
    def find(self, path: str, find_all: Literal[True]) -> list[str]: ...

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> str | list[str] | None:
        if path != BUNDLE_PATH:
            return [] if find_all else None
        bundle = str(self.build())
        return [bundle] if find_all else bundle

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, FileSystemStorage]]:
        self.build()
        yield BUNDLE_PATH, self.storage

    def build(self) -> Path:
        """Write the bundle when it is missing or a source changed since; returns its path."""
        target = self.root / BUNDLE_PATH
        sources = css_sources()
        stamps = tuple((str(s), (stat := s.stat()).st_mtime_ns, stat.st_size) for s in sources)
        if stamps == self._built_from and target.exists():
            return target
        content = bundle_css(sources)
        if not target.exists() or target.read_text(encoding="utf-8") != content:
            _write_atomically(target, content)
        self._built_from = stamps
        return target


def _write_atomically(target: Path, content: str) -> None:
    """Write by renaming a finished file into place: test workers may build at the same time."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".bundle-", suffix=".css")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
