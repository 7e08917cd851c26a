"""The data migration of issue 11 (showcase 0003): public documents without every author's
consent become edition-wide and wait for consent; published outputs that lack a consent or whose
document is no longer public are no longer published."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser

from leerplatform.core.visibility import Visibility
from leerplatform.library.models import Document
from leerplatform.search import index
from leerplatform.search.engine import search
from leerplatform.search.models import SearchEntry
from leerplatform.showcase.models import Consent, ConsentStatus, Output
from leerplatform.showcase.services import outputs as publication
from tests import factories
from tests.library.factories import make_document

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "leerplatform.showcase.migrations.0003_public_needs_every_consent"
)


def _make_public_behind_the_back(document) -> None:
    """How the old code left it: public, whatever the consents (a bulk update skips the guard)."""
    Document.objects.filter(pk=document.pk).update(visibility=Visibility.PUBLIC)
    index.index(document)


def test_public_documents_without_every_consent_become_edition_wide_and_wait(edition):
    anna = factories.make_member(edition, name="Anna Auteur")
    bert = factories.make_member(edition, name="Bert Bijdrager")
    never_offered = make_document(edition, anna, title="Nooit aangeboden", authors=[anna, bert])
    _make_public_behind_the_back(never_offered)
    half = make_document(
        edition, anna, title="Half ingestemd", authors=[anna, bert], visibility="public"
    )
    _make_public_behind_the_back(half)
    fine = make_document(edition, anna, title="Helemaal goed", authors=[anna, bert])
    output = publication.offer_document(document=fine, actor=anna, notify=False)
    publication.give_consent(output=output, author=anna)
    publication.give_consent(output=output, author=bert)
    made_less_public = make_document(edition, bert, title="Later minder openbaar", authors=[bert])
    later = publication.offer_document(document=made_less_public, actor=bert, notify=False)
    publication.give_consent(output=later, author=bert)
    Document.objects.filter(pk=made_less_public.pk).update(visibility=Visibility.PLATFORM)
    assert any(h.entry.title == "Nooit aangeboden" for h in search(AnonymousUser(), "Nooit").hits)

    migration.forwards(apps, None)

    assert Document.objects.get(pk=never_offered.pk).visibility == Visibility.PLATFORM
    waiting = Output.objects.get(document=never_offered)
    assert waiting.published_at is None
    assert {c.author: c.status for c in waiting.consents.all()} == {
        anna: ConsentStatus.ASKED,
        bert: ConsentStatus.ASKED,
    }
    assert Document.objects.get(pk=half.pk).visibility == Visibility.PLATFORM
    assert Consent.objects.get(output__document=half, author=bert).status == ConsentStatus.ASKED
    assert Document.objects.get(pk=fine.pk).visibility == Visibility.PUBLIC
    assert Output.objects.get(document=fine).published_at is not None
    assert Output.objects.get(document=made_less_public).published_at is None
    assert not SearchEntry.objects.filter(
        object_id__in=[never_offered.pk, half.pk], visibility=Visibility.PUBLIC
    ).exists()
    # Once the asked author says yes, it is public as any other output.
    publication.give_consent(output=waiting, author=anna)
    publication.give_consent(output=waiting, author=bert)
    assert Document.objects.get(pk=never_offered.pk).visibility == Visibility.PUBLIC
    # Running it again changes nothing.
    migration.forwards(apps, None)
    assert Document.objects.get(pk=never_offered.pk).visibility == Visibility.PUBLIC
