"""The privacy statement and "Mijn gegevens" (issue 17, point 4)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from leerplatform.accounts.consent import record_consent
from leerplatform.accounts.models import ConsentKind
from leerplatform.editions.models import Edition
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_default_statement_is_dutch_and_names_this_installations_periods(client, settings):
    settings.RETENTION_APPLICATIONS_MONTHS = 18
    settings.ERASURE_GRACE_DAYS = 7
    settings.PRIVACY_CONTACT_EMAIL = "privacy@example.org"
    html = client.get(reverse("privacy:statement")).content.decode()
    assert "<h1>Privacyverklaring</h1>" in html
    assert "18 maanden" in html and "7 dagen" in html
    assert 'href="mailto:privacy@example.org"' in html
    assert "Autoriteit Persoonsgegevens" in html
    assert reverse("privacy:my_data") in html


def test_an_installations_own_statement_is_shown_sanitised_with_its_version(
    client, settings, tmp_path
):
    own = tmp_path / "privacy.md"
    own.write_text("## Onze verklaring\n\nWij bewaren weinig.<script>alert(1)</script>\n")
    settings.PRIVACY_STATEMENT_FILE = str(own)
    settings.PRIVACY_STATEMENT_VERSION = "2027-01"
    html = client.get(reverse("privacy:statement")).content.decode()
    assert "Wij bewaren weinig." in html
    assert "<script>alert(1)</script>" not in html
    assert "Versie 2027-01." in html
    assert "Autoriteit Persoonsgegevens" not in html  # not the default text


def test_the_footer_and_the_application_form_link_to_the_statement(client):
    edition = factories.make_edition()
    Edition.objects.filter(pk=edition.pk).update(applications_open=True, ends_on="2099-01-01")
    statement = reverse("privacy:statement")
    assert f'href="{statement}"' in client.get(reverse("editions:home")).content.decode()
    form = client.get(reverse("membership:apply", kwargs={"slug": edition.slug}))
    assert f'href="{statement}"' in form.content.decode()


def test_my_data_shows_my_consents_and_nobody_elses():
    edition = factories.make_edition()
    me = factories.make_member(edition)
    other = factories.make_member(edition)
    record_consent(kind=ConsentKind.AGREEMENTS, subject="Mijn editie", version="3", user=me)
    record_consent(kind=ConsentKind.AGREEMENTS, subject="Andermans editie", version="9", user=other)
    record_consent(
        kind=ConsentKind.PUBLICATION, subject="Gesprekskaarten", version="v", user=me, given=False
    )

    html = client_for(me).get(reverse("privacy:my_data")).content.decode()

    assert "Afspraken van de editie: Mijn editie" in html
    assert escape("Publicatie van een opbrengst: Gesprekskaarten") in html
    assert "Nee (ingetrokken of geweigerd)" in html
    assert "Andermans editie" not in html
    assert 'aria-current="page"' in html and "Mijn gegevens" in html
