"""The base layout: landmarks, phase bar, error pages, and a Content-Security-Policy of 'self'."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.views import defaults

from leerplatform.editions.models import Phase

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "leerplatform"


def test_every_page_has_a_skip_link_and_landmarks(client, edition):
    html = client.get("/").content.decode()
    assert '<a class="skip-link" href="#main">Naar de inhoud</a>' in html
    assert '<main id="main"' in html
    assert "<header" in html and "<footer" in html
    assert 'aria-label="Hoofdmenu"' in html


def test_edition_pages_show_the_current_phase_in_the_phase_bar(client, edition):
    edition.phase = Phase.BUILDING
    edition.save()
    html = client.get(reverse("editions:detail", kwargs={"slug": edition.slug})).content.decode()
    current = re.findall(r'<li class="phase-step phase-step--current" aria-current="step">', html)
    assert len(current) == 1
    assert "Fase 4 van 6: Bouwen aan leerklimaat en resultaten" in html
    assert html.count("phase-step--done") == 3


def test_pages_outside_an_edition_have_no_phase_bar(as_user, participant):
    html = as_user(participant).get(reverse("accounts:profile")).content.decode()
    assert "phase-bar" not in html


def test_content_security_policy_allows_only_this_server(client, edition):
    policy = client.get("/").headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "http" not in policy


# Read from a file, never served by this site: the index.html inside a person's data export
# (self-contained, so its styles are inline and it may link the world).
NOT_SERVED = {"privacy/templates/privacy/export/index.html"}


def _templates() -> list[Path]:
    # Pages only: an email's HTML (templates under an `email/` folder) is read in a mail client,
    # never served under this site's Content-Security-Policy, and mail clients need inline styles.
    return sorted(
        p
        for p in TEMPLATES.glob("*/templates/**/*.html")
        if "email" not in p.parent.parts and str(p.relative_to(TEMPLATES)) not in NOT_SERVED
    )


@pytest.mark.parametrize("template", _templates(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_templates_have_no_inline_script_or_style(template):
    text = template.read_text(encoding="utf-8")
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), "inline <script>"
    assert not re.search(r"<style\b", text), "inline <style>"
    assert not re.search(r"\sstyle=", text), "style attribute"
    assert not re.search(r"\son[a-z]+=", text), "event-handler attribute"
    assert not re.search(r"(src|href)=\"(https?:)?//", text), "asset from another server"


def test_unknown_page_gets_the_dutch_404_page(client, db):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Pagina niet gevonden</h1>" in html
    assert 'href="/"' in html


def test_server_error_page_is_dutch_and_needs_no_context(db):
    response = defaults.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Er ging iets mis" in html
    assert "Traceback" not in html


def test_csrf_failure_page_is_dutch(db, edition, participant):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(participant)
    response = client.post(reverse("accounts:profile"), {"name": "X"})
    assert response.status_code == 403
    assert "Formulier verlopen" in response.content.decode()
