"""The accessibility statement (issue 18): public, after the Dutch government's model (status,
how it was tested, what does not comply yet, date, feedback, enforcement), linked in the footer."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = "/toegankelijkheid/"


def test_the_statement_lives_at_toegankelijkheid():
    assert reverse("editions:accessibility") == URL


def test_a_visitor_reads_the_statement_in_english(client):
    client.cookies["leerplatform_language"] = "en"
    response = client.get(URL)
    assert response.status_code == 200
    text = response.content.decode()
    assert "<h1>Accessibility statement</h1>" in text
    assert "Status: partially compliant" in text
    assert "WCAG 2.1 level AA" in text and "EN 301 549" in text
    assert "1280 and of 320 pixels" in text
    assert "axe-core" in text
    assert "4 December 2026" in text  # the date it was drawn up
    assert "114 pages" in text and "two regions with the same name" in text  # the re-check
    assert "tagged PDF (PDF/UA)" in text
    assert "by the WCAG-EM method" in text  # why the status stays partial
    assert "Nationale ombudsman" in text
    assert f'href="{reverse("editions:contact")}"' in text
    assert "testserver" in text  # the statement names the website it applies to


@override_settings(PRIVACY_CONTACT_EMAIL="toegankelijkheid@example.org")
def test_the_feedback_route_names_the_contact_address(client):
    response = client.get(URL)
    assert 'href="mailto:toegankelijkheid@example.org"' in response.content.decode()


def test_every_page_links_to_it_in_the_footer(client):
    response = client.get(reverse("editions:about"))
    footer = response.content.decode().split('<footer class="site-footer">')[1]
    assert f'href="{URL}"' in footer
    assert f'href="{reverse("privacy:statement")}"' in footer
