"""The demo edition's library: realistic documents with real files, loaded safely twice."""

from __future__ import annotations

import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from pypdf import PdfReader

from leerplatform.accounts.models import User
from leerplatform.core.models import ActivityEntry
from leerplatform.core.visibility import Visibility
from leerplatform.demo import edition as demo
from leerplatform.demo.library import DOCUMENTS, load_library_examples, pdf_bytes
from leerplatform.library.models import (
    Attachment,
    Document,
    DocumentKind,
    FileVersion,
    TextStatus,
)
from leerplatform.library.services import documents as services
from leerplatform.search import index
from leerplatform.search.engine import Filters, search
from leerplatform.search.models import SearchEntry

pytestmark = pytest.mark.django_db

PARTICIPANT = "deelnemer@example.org"  # in "Werkgeluk in teams"


@pytest.fixture
def loaded(django_capture_on_commit_callbacks):
    # The files' text is read by a task enqueued after the commit, as for any upload.
    with django_capture_on_commit_callbacks(execute=True):
        return demo.load_demo()


def _documents(edition):
    return Document.objects.filter(edition=edition)


def _counts() -> dict[str, int]:
    return {
        "documents": Document.objects.count(),
        "files": Attachment.objects.count(),
        "versions": FileVersion.objects.count(),
        "ledger": ActivityEntry.objects.count(),
        "search entries": SearchEntry.objects.count(),
    }


def test_the_demo_library_has_a_dozen_documents_of_every_kind_but_other(loaded):
    documents = _documents(loaded)

    assert 10 <= documents.count() <= 14
    assert set(documents.values_list("kind", flat=True)) == set(DocumentKind.values) - {"other"}
    toolkit = documents.get(title="Toolkit strategische personeelsplanning")
    assert toolkit.kind == DocumentKind.TOOLKIT
    assert toolkit.themes.exists()
    assert all(len(d.body.split("\n\n")) >= 3 for d in documents)  # several paragraphs


def test_every_demo_document_has_a_file_and_some_belong_to_a_group_or_a_meeting(loaded):
    documents = _documents(loaded)

    assert all(d.attachments.exists() for d in documents)
    assert documents.filter(group__isnull=False).count() >= 4
    assert documents.filter(meeting__isnull=False).count() >= 3
    # Two or three public from the start, one more once the outputs demo publishes the toolkit.
    assert 2 <= documents.filter(visibility=Visibility.PUBLIC).count() <= 4
    assert documents.filter(visibility=Visibility.PLATFORM).count() >= documents.count() / 3


def test_the_files_are_word_pdf_csv_markdown_and_text_and_all_of_them_are_readable(loaded):
    versions = FileVersion.objects.filter(attachment__document__edition=loaded)
    suffixes = {v.original_name.rsplit(".", 1)[-1] for v in versions}

    assert {"docx", "pdf", "csv", "md", "txt"} <= suffixes
    assert not versions.exclude(text_status=TextStatus.DONE).exists()
    pdf = versions.filter(original_name__endswith=".pdf").first()
    with pdf.file.open("rb") as handle:
        text = PdfReader(io.BytesIO(handle.read())).pages[0].extract_text()
    assert "microlearning" in text.lower() or "leerpartner" in text.lower()


def test_the_hand_written_pdf_reads_back_with_accents_and_brackets():
    data = pdf_bytes("# Één titel\n\nIdeeën (voorlopig) voor de leergroep \\ werkdruk.")

    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()

    assert "Één titel" in text
    assert "Ideeën (voorlopig) voor de leergroep \\ werkdruk." in text


def test_the_toolkit_has_a_second_version_with_a_note(loaded):
    attachment = Attachment.objects.get(
        document__title="Toolkit strategische personeelsplanning",
        current__original_name__endswith=".docx",
    )
    versions = list(attachment.versions.order_by("number"))

    assert [v.number for v in versions] == [1, 2]
    assert attachment.current == versions[-1]
    assert versions[-1].note == "Verwerkt: feedback uit de tweede bijeenkomst"
    assert versions[-1].created_at > versions[0].created_at


def test_a_group_only_document_is_seen_by_its_group_only(loaded):
    minutes = _documents(loaded).get(visibility=Visibility.GROUP, group__name="Werkgeluk in teams")
    member = User.objects.get(email=PARTICIPANT)
    outsider = User.objects.get(email="bram.jansen@example.org")  # in another group

    assert minutes.group.memberships.filter(user=member, left_at__isnull=True).exists()
    assert minutes.title in [h.entry.title for h in search(member, "verslag leergroep").hits]
    assert minutes.title not in [h.entry.title for h in search(outsider, "verslag").hits]


def test_the_demo_participant_finds_the_toolkit_by_a_word_only_in_its_word_file(loaded):
    participant = User.objects.get(email=PARTICIPANT)
    toolkit = _documents(loaded).get(title="Toolkit strategische personeelsplanning")
    assert "scenariokaart" not in f"{toolkit.title} {toolkit.summary} {toolkit.body}".lower()

    # The file says "scenariokaarten"; the singular finds it through the Dutch stem.
    results = search(participant, "scenariokaart", filters=Filters(entry_type="document"))

    assert [hit.entry.title for hit in results.hits] == [toolkit.title]


def test_one_document_lies_in_the_bin_since_a_few_days_and_is_not_found(loaded):
    in_bin = list(_documents(loaded).in_bin())

    assert len(in_bin) == 1
    deleted = in_bin[0]
    assert timezone.now() - deleted.deleted_at < timezone.timedelta(days=7)
    assert deleted.deleted_by is not None
    participant = User.objects.get(email=PARTICIPANT)
    assert deleted.title not in [h.entry.title for h in search(participant, "onboarding").hits]


def test_documents_are_dated_in_the_edition(loaded):
    documents = _documents(loaded)

    assert all(loaded.starts_on <= d.created_at.date() <= loaded.ends_on for d in documents)


def test_the_search_index_is_complete_after_loading(loaded):
    def entries():
        return set(SearchEntry.objects.values_list("content_type", "object_id", "edition"))

    before = entries()
    index.rebuild()

    assert entries() == before
    document_type = ContentType.objects.get_for_model(Document)
    alive = _documents(loaded).alive().count()
    assert SearchEntry.objects.filter(content_type=document_type).count() == alive


def test_loading_the_demo_twice_adds_no_documents_files_or_ledger_rows(
    loaded, django_capture_on_commit_callbacks
):
    before = _counts()

    with django_capture_on_commit_callbacks(execute=True):
        demo.load_demo()
        assert load_library_examples(loaded) == []

    assert _counts() == before


def test_loading_again_keeps_changes_made_in_between(loaded, django_capture_on_commit_callbacks):
    toolkit = _documents(loaded).get(title="Toolkit strategische personeelsplanning")
    author = toolkit.authors.first()
    services.change_document(
        document=toolkit, actor=author, summary="Een nieuwe samenvatting van de toolkit."
    )
    in_bin = _documents(loaded).in_bin().get()

    with django_capture_on_commit_callbacks(execute=True):
        demo.load_demo()
        load_library_examples(loaded)

    toolkit.refresh_from_db()
    assert toolkit.summary == "Een nieuwe samenvatting van de toolkit."
    assert _documents(loaded).in_bin().get() == in_bin
    assert _documents(loaded).count() == len(DOCUMENTS)
