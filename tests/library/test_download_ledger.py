"""A download records "taken" in the ledger only when the person came from our own pages (Fetch
Metadata), and at most once per person per file per day: another site cannot write to someone's
balance by linking to a file, and reloading a file does not inflate it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import models
from django.urls import reverse
from django.utils import timezone

from leerplatform.core.models import ActivityEntry, Verb
from tests import factories
from tests.conftest import client_for
from tests.library import factories_files as ff

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(edition):
    return factories.make_member(edition, name="Anouk Auteur")


@pytest.fixture
def reader(edition):
    return factories.make_member(edition, name="Lotte Lezer")


@pytest.fixture
def attachment(edition, author):
    document = ff.make_document(edition, author, uploads=[ff.upload("a.txt", b"inhoud")])
    return document.attachments.get()


def _taken(user) -> int:
    return ActivityEntry.objects.filter(verb=Verb.DOWNLOADED, actor=user).count()


def _get(client, url, site=None):
    headers = {"Sec-Fetch-Site": site} if site else {}
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"inhoud"
    return response


@pytest.mark.parametrize("site", ["cross-site"])
def test_a_cross_site_request_downloads_but_records_nothing(attachment, reader, site):
    client = client_for(reader)
    _get(client, reverse("library:download", args=[attachment.pk]), site)
    _get(client, reverse("library:download_version", args=[attachment.current_id]), site)
    assert _taken(reader) == 0


@pytest.mark.parametrize("site", ["same-origin", "same-site", "none", None])
def test_a_download_from_our_own_pages_is_recorded(attachment, reader, site):
    _get(client_for(reader), reverse("library:download", args=[attachment.pk]), site)
    assert _taken(reader) == 1


def test_a_file_is_taken_at_most_once_per_person_per_day(attachment, reader, author, edition):
    client = client_for(reader)
    url = reverse("library:download", args=[attachment.pk])
    for _ in range(3):
        _get(client, url, "same-origin")
    # Another version of the same file is the same file.
    _get(client, reverse("library:download_version", args=[attachment.current_id]), "same-origin")
    assert _taken(reader) == 1
    # Another person taking it counts for them.
    other = factories.make_member(edition, name="Olga Ander")
    _get(client_for(other), url, "same-origin")
    assert _taken(other) == 1
    # Another file counts on its own.
    second = ff.make_document(
        edition, author, title="Tweede", uploads=[ff.upload("b.txt", b"inhoud")]
    ).attachments.get()
    _get(client, reverse("library:download", args=[second.pk]), "same-origin")
    assert _taken(reader) == 2


def test_the_next_day_counts_again(attachment, reader):
    client = client_for(reader)
    url = reverse("library:download", args=[attachment.pk])
    _get(client, url, "same-origin")
    # The ledger refuses changes; the test moves yesterday's row back past the plain queryset.
    models.QuerySet.update(
        ActivityEntry.objects.filter(verb=Verb.DOWNLOADED),
        created_at=timezone.now() - dt.timedelta(days=1),
    )
    _get(client, url, "same-origin")
    assert _taken(reader) == 2
