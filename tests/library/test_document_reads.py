"""Reading a document is taking: the document's page records DOCUMENT_READ once per person per
document, never for one's own document (an author, its creator, an uploader), never for a
visitor; one's own download is kept as neutral. Reads are nobody else's business: never in the
activity feed."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from leerplatform.core import activity
from leerplatform.core.models import ActivityEntry, Direction, Verb
from leerplatform.library.services import files as file_services
from leerplatform.pages.queries.activity import FEED_VERBS, PRIVATE_VERBS, recent_activity
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
def document(edition, author):
    return ff.make_document(edition, author, uploads=[ff.upload("a.txt", b"inhoud")])


def _reads(user) -> int:
    return ActivityEntry.objects.filter(verb=Verb.DOCUMENT_READ, actor=user).count()


def test_reading_a_document_is_taken_once(document, reader):
    client = client_for(reader)
    for _ in range(3):
        assert client.get(document.get_absolute_url()).status_code == 200
    assert _reads(reader) == 1
    entry = ActivityEntry.objects.get(verb=Verb.DOCUMENT_READ, actor=reader)
    assert entry.direction == Direction.TAKE
    assert entry.target == document


def test_reading_ones_own_document_records_nothing(document, author, edition):
    assert client_for(author).get(document.get_absolute_url()).status_code == 200
    assert _reads(author) == 0
    # A co-author named by someone else reads it: their own too.
    co_author = factories.make_member(edition, name="Cas Coauteur")
    named = ff.make_document(edition, author, title="Samen", authors=[author, co_author])
    client_for(co_author).get(named.get_absolute_url())
    assert _reads(co_author) == 0


def test_a_visitor_records_nothing(document, client):
    response = client.get(document.get_absolute_url())
    assert response.status_code == 302
    assert not ActivityEntry.objects.filter(verb=Verb.DOCUMENT_READ).exists()


def test_the_ledger_keeps_one_read_per_person_and_document(document, reader):
    file_services.record_read(document=document, user=reader)
    # Past the service's check (two first views at once): the database refuses the second row.
    with pytest.raises(IntegrityError), transaction.atomic():
        activity.record(
            actor=reader, verb=Verb.DOCUMENT_READ, edition=document.edition, target=document
        )
    assert _reads(reader) == 1


def test_ones_own_download_is_neutral(document, author, reader):
    attachment = document.attachments.get()
    own = file_services.record_download(version=attachment.current, user=author)
    assert own is not None and own.direction == Direction.NEUTRAL and own.data["own"] is True
    other = file_services.record_download(version=attachment.current, user=reader)
    assert other is not None and other.direction == Direction.TAKE and "own" not in other.data


def test_reads_never_show_in_the_feed(document, reader, author, edition):
    client_for(reader).get(document.get_absolute_url())
    assert Verb.DOCUMENT_READ in PRIVATE_VERBS and Verb.DOCUMENT_READ not in FEED_VERBS
    for viewer in (reader, author):
        verbs = {entry.verb for entry in recent_activity(edition=edition, user=viewer)}
        assert Verb.DOCUMENT_READ not in verbs


@pytest.mark.parametrize("others", [1, 40])
def test_the_document_page_costs_a_fixed_number_of_queries(
    edition, author, others, django_assert_max_num_queries
):
    """The first view adds the read (check, own, insert in a savepoint); later views one check."""
    document = ff.make_document(
        edition, author, uploads=[ff.upload(f"{i}.txt", b"x") for i in range(3)]
    )
    for i in range(others):
        reader = factories.make_member(edition, name=f"Lezer {i}")
        file_services.record_read(document=document, user=reader)
    reader = factories.make_member(edition, name="Nieuwe lezer")
    client = client_for(reader)
    url = reverse("library:document", args=[document.pk])
    client.get(reverse("editions:dashboard", kwargs={"slug": edition.slug}))  # warm the caches
    with django_assert_max_num_queries(FIRST_VIEW):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(LATER_VIEW):
        assert client.get(url).status_code == 200
    assert _reads(reader) == 1


# The page's own queries, the bell, and for the read: whether it was read already, whether one of
# the files is one's own upload, the insert (in a savepoint: two statements more).
FIRST_VIEW = 17  # the page (12), the check, the own-upload check, the insert in a savepoint (+2)
LATER_VIEW = 13  # the page (12) and the check whether it was read already
