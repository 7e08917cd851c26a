"""What browsers ask of every site at fixed addresses: `/favicon.ico` and the web app manifest
(`/manifest.webmanifest`, linked from base.html's head). Views, kept apart from core.views'
status pages."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

_IMG = Path(__file__).resolve().parent / "static" / "leerplatform" / "img"
THEME_COLOUR = "#0b5269"  # --primary in site.css


@cache
def _favicon_bytes() -> bytes:
    return (_IMG / "favicon.ico").read_bytes()


@require_safe
@cache_control(public=True, max_age=60 * 60 * 24 * 7)
def favicon(request: HttpRequest) -> HttpResponse:
    """The icon browsers ask for at /favicon.ico whatever the page says (16, 32 and 48 px)."""
    return HttpResponse(_favicon_bytes(), content_type="image/x-icon")


@require_safe
@cache_control(public=True, max_age=60 * 60 * 24)
def manifest(request: HttpRequest) -> HttpResponse:
    """The web app manifest: name, icons, start page and colours, so that the platform can be
    put on a phone's home screen. In the platform's language (Dutch unless chosen otherwise)."""
    data = {
        "name": _("Leerplatform: learning together in higher professional education"),
        "short_name": "Leerplatform",
        "description": _(
            "A professional learning network for HRD professionals in higher professional "
            "education."
        ),
        "lang": request.LANGUAGE_CODE if hasattr(request, "LANGUAGE_CODE") else "nl",
        "start_url": reverse("editions:home"),
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": "#f4f6f8",
        "icons": [
            {
                "src": static("leerplatform/img/favicon.svg"),
                "sizes": "any",
                "type": "image/svg+xml",
            },
            {
                "src": static("leerplatform/img/icon-192.png"),
                "sizes": "192x192",
                "type": "image/png",
            },
            {
                "src": static("leerplatform/img/icon-512.png"),
                "sizes": "512x512",
                "type": "image/png",
            },
            {
                "src": static("leerplatform/img/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    return HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/manifest+json; charset=utf-8",
    )
