"""Each consent a person gives is recorded with its time and version (issue 17, point 4)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from leerplatform.accounts.consent import DEFAULT_STATEMENT_VERSION, privacy_statement_version
from leerplatform.accounts.models import ConsentKind, ConsentRecord
from leerplatform.editions.models import Edition
from leerplatform.membership.services.agreements import accept_agreements, publish_agreements
from leerplatform.showcase.services import outputs as publication
from tests import factories
from tests.library.factories import make_document
from tests.membership.factories_applications import PASSWORD, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_edition(edition):
    Edition.objects.filter(pk=edition.pk).update(applications_open=True)
    edition.refresh_from_db()
    return edition


def test_an_application_records_the_privacy_statement_and_the_person_gets_it_on_confirmation(
    client, open_edition, django_capture_on_commit_callbacks
):
    url = reverse("membership:apply", kwargs={"slug": open_edition.slug})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, form_data(open_edition, email="Anna@Example.org"))

    [record] = ConsentRecord.objects.all()
    assert (record.kind, record.subject, record.version, record.given) == (
        ConsentKind.PRIVACY_STATEMENT,
        open_edition.name,
        DEFAULT_STATEMENT_VERSION,
        True,
    )
    assert record.user is None and record.email == "anna@example.org"

    link = re.search(r"https?://\S+/apply/verify/\S+/", mail.outbox[0].body).group(0)
    client.post(
        link.replace("http://testserver", ""),
        {"new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    record.refresh_from_db()
    assert record.user is not None and record.user.email == "anna@example.org"


def test_the_statement_version_follows_the_setting_and_else_the_installations_own_text(
    settings, tmp_path
):
    assert privacy_statement_version() == DEFAULT_STATEMENT_VERSION
    own = tmp_path / "privacy.md"
    own.write_text("# Onze privacyverklaring\n", encoding="utf-8")
    settings.PRIVACY_STATEMENT_FILE = str(own)
    fingerprint = privacy_statement_version()
    assert fingerprint.startswith("sha256:") and fingerprint != DEFAULT_STATEMENT_VERSION
    settings.PRIVACY_STATEMENT_VERSION = "2027-01"
    assert privacy_statement_version() == "2027-01"


def test_accepting_the_agreements_records_their_version_once(edition):
    facilitator = factories.make_member(edition, role="facilitator")
    participant = factories.make_member(edition)
    publish_agreements(
        edition=edition, text="Wat hier gedeeld wordt, blijft hier.", actor=facilitator
    )
    second = publish_agreements(edition=edition, text="Versie twee.", actor=facilitator)

    accept_agreements(agreement=second, user=participant)
    accept_agreements(agreement=second, user=participant)

    [record] = ConsentRecord.objects.filter(user=participant)
    assert (record.kind, record.version, record.subject) == (
        ConsentKind.AGREEMENTS,
        str(second.version),
        edition.name,
    )


def test_publication_decisions_are_recorded_yes_and_no_with_the_works_version():
    edition = factories.make_running_edition()
    anna = factories.make_member(edition, name="Anna Auteur")
    bert = factories.make_member(edition, name="Bert Bijdrager")
    document = make_document(edition, anna, title="Gesprekskaarten", authors=[anna, bert])
    output = publication.offer_document(document=document, actor=anna, notify=False)

    publication.give_consent(output=output, author=bert)
    publication.withdraw_consent(output=output, author=bert)

    records = list(ConsentRecord.objects.filter(user=bert).order_by("recorded_at", "pk"))
    assert [(r.kind, r.given) for r in records] == [
        (ConsentKind.PUBLICATION, True),
        (ConsentKind.PUBLICATION, False),
    ]
    assert all(r.subject == "Gesprekskaarten" for r in records)
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", records[0].version)
    assert not ConsentRecord.objects.filter(user=anna).exists()
