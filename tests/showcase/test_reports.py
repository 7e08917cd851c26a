"""The closing report: made end to end as a background task in Dutch or English, what it shows
and what it never shows (group-only and edition-only documents, private journal entries, names
without consent), failure, progress, publishing and downloading, the ledger, the query count of
its data, and the demo."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from leerplatform.accounts.models import Institution, User
from leerplatform.core import activity
from leerplatform.core.models import ActivityEntry, Verb
from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Membership, Role
from leerplatform.groups.models import (
    ActivityKind,
    ActivityStatus,
    GroupActivity,
    GroupMembership,
    GroupStatus,
    LearningGroup,
    ProgressReport,
    WorkPlanVersion,
)
from leerplatform.meetings.models import (
    MeetingKind,
    ProgrammeItem,
    ProgrammeItemKind,
    Registration,
)
from leerplatform.reflection.models import JournalEntry
from leerplatform.showcase.models import (
    ClosingReport,
    Consent,
    ConsentStatus,
    Output,
    ReportStatus,
)
from leerplatform.showcase.queries import reports as queries_reports
from leerplatform.showcase.services import reports as services_reports
from tests import factories
from tests.conftest import client_for
from tests.library.factories import make_document

pytestmark = pytest.mark.django_db

# Words that must be in the report, and words that must never be.
EDITION_NAME = "Leerplatform Veerkracht 2019"
GROUP_NAME = "Leergroep Veerkrachtige teams"
PUBLIC_DOCUMENT = "Openbare toolkit veerkracht"
PUBLISHED_OUTPUT = "Handreiking teamgesprekken"
CONSENTED_AUTHOR = "Anneke Toestemming"
AGREED_AMBITION = "Afgesproken ambitie over veerkracht"
DRAFT_AMBITION = "Latere concepttekst zonder akkoord"
FINAL_REPORT = "Slotverslag van de leergroep over veerkracht"
ACTIVITY = "Intervisie over veerkrachtige teams"
PLENARY = "Werkplaats leren van elkaars casus"

GROUP_ONLY_DOCUMENT = "Groepsgeheim notulenoverzicht"
EDITION_ONLY_DOCUMENT = "Editienotitie niet openbaar"
PRIVATE_JOURNAL = "Mijn privegedachte over de bijeenkomst"
UNCONSENTED_AUTHOR = "Bram Bezwaarmaker"
UNCONSENTED_OUTPUT = "Voorstel zonder akkoord"
PUBLIC_DOC_AUTHOR = "Carla Nietgenoemd"
HIDDEN_GROUP = "Leergroep Binnenskamers"
HIDDEN_WORKPLAN = "Ambitie die binnen de groep blijft"
HIDDEN_ACTIVITY = "Activiteit die binnen de groep blijft"
UNCONSENTED_REPORT = "Eindverslag zonder instemming van de auteurs"


def _squash(text: str) -> str:
    """Text without any white space: PDF text extraction breaks lines where the layout did."""
    return re.sub(r"\s+", "", text)


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return _squash(" ".join(page.extract_text() or "" for page in reader.pages))


def pages_of(content: bytes) -> int:
    return len(PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def rich_edition(db):
    """An edition with everything the report shows, and everything it must never show."""
    edition = factories.make_edition(
        name=EDITION_NAME,
        description="Een jaar lang leren over **veerkracht** in het hbo.",
        phase="consolidation",
    )
    theme = edition.themes.first()
    theme.title = "Veerkracht en werkdruk"
    theme.save()
    institution = Institution.objects.order_by("name").first()
    anneke = factories.make_member(edition, name=CONSENTED_AUTHOR, institution=institution)
    bram = factories.make_member(edition, name=UNCONSENTED_AUTHOR, institution=institution)
    carla = factories.make_member(edition, name=PUBLIC_DOC_AUTHOR)
    first = factories.make_meeting(edition, day=dt.date(2019, 10, 10), theme=theme)
    closing = factories.make_meeting(
        edition, day=dt.date(2020, 5, 14), kind=MeetingKind.CLOSING, title="Slotbijeenkomst"
    )
    ProgrammeItem.objects.create(
        meeting=first,
        starts_at=dt.time(10),
        ends_at=dt.time(12),
        kind=ProgrammeItemKind.PLENARY_WORKSHOP,
        title=PLENARY,
    )
    for person in (anneke, bram):
        Registration.objects.create(meeting=first, user=person, attended_at=first.starts_at)

    group = LearningGroup.objects.create(
        edition=edition,
        name=GROUP_NAME,
        status=GroupStatus.ACTIVE,
        workplan_visibility=Visibility.PLATFORM,
        activities_visibility=Visibility.PLATFORM,
    )
    group.themes.set([theme])
    for person in (anneke, bram, carla):
        GroupMembership.objects.create(group=group, user=person)
    WorkPlanVersion.objects.create(
        group=group, number=1, ambition=AGREED_AMBITION, agreed_at=timezone.now(), author=anneke
    )
    WorkPlanVersion.objects.create(group=group, number=2, ambition=DRAFT_AMBITION, author=bram)
    GroupActivity.objects.create(
        group=group,
        kind=ActivityKind.INTERVISION,
        title=ACTIVITY,
        date=dt.date(2019, 11, 1),
        status=ActivityStatus.DONE,
    )
    ProgressReport.objects.create(
        group=group, meeting=first, what_we_did="Een eerder verslag.", author=anneke
    )
    ProgressReport.objects.create(
        group=group, meeting=closing, what_we_did=FINAL_REPORT, author=anneke
    )

    hidden = LearningGroup.objects.create(
        edition=edition, name=HIDDEN_GROUP, status=GroupStatus.ACTIVE
    )
    GroupMembership.objects.create(group=hidden, user=carla)
    WorkPlanVersion.objects.create(group=hidden, number=1, ambition=HIDDEN_WORKPLAN)
    GroupActivity.objects.create(
        group=hidden, kind=ActivityKind.OTHER, title=HIDDEN_ACTIVITY, date=dt.date(2019, 12, 1)
    )
    # Its final report is offered to the field, but not every author has consented yet.
    waiting_report = ProgressReport.objects.create(
        group=hidden, meeting=closing, what_we_did=UNCONSENTED_REPORT, author=carla
    )
    ProgressReport.objects.create(
        group=hidden, meeting=first, what_we_did="Een eerder verslag van binnenskamers."
    )
    offered = Output.objects.create(edition=edition, group=hidden, report=waiting_report)
    Consent.objects.create(output=offered, author=carla, status=ConsentStatus.WITHDRAWN)

    make_document(edition, carla, title=PUBLIC_DOCUMENT, group=group, visibility=Visibility.PUBLIC)
    make_document(
        edition, carla, title=GROUP_ONLY_DOCUMENT, group=group, visibility=Visibility.GROUP
    )
    make_document(
        edition, carla, title=EDITION_ONLY_DOCUMENT, group=group, visibility=Visibility.PLATFORM
    )
    published = make_document(
        edition,
        anneke,
        title=PUBLISHED_OUTPUT,
        group=group,
        visibility=Visibility.PUBLIC,
        authors=[anneke],
    )
    # Its only author chose "public": her yes was all it needed.
    assert Output.objects.get(document=published).published_at is not None
    unconsented = make_document(
        edition,
        bram,
        title=UNCONSENTED_OUTPUT,
        group=group,
        visibility=Visibility.PUBLIC,
        authors=[bram, anneke],
    )
    # Bram chose "public" (his yes counts); Anneke's is asked: not published.
    assert Output.objects.get(document=unconsented).published_at is None
    JournalEntry.objects.create(
        user=bram,
        edition=edition,
        meeting=first,
        answers=[{"question": "Wat heb ik geleerd?", "answer": PRIVATE_JOURNAL}],
        note=PRIVATE_JOURNAL,
    )
    activity.record(actor=anneke, verb=Verb.DOCUMENT_ADDED, edition=edition)
    return edition


@pytest.fixture
def facilitator_of(rich_edition):
    return factories.make_member(rich_edition, role=Role.FACILITATOR, name="Fleur Facilitator")


def _make(client, edition, language, capture):
    with capture(execute=True):
        response = client.post(
            reverse("showcase:reports", kwargs={"slug": edition.slug}), {"language": language}
        )
    assert response.status_code == 302
    return ClosingReport.objects.filter(edition=edition).latest("requested_at")


def _download(client, report):
    response = client.get(reverse("showcase:download_report", args=[report.pk]))
    content = b"".join(response.streaming_content) if response.status_code == 200 else b""
    return response, content


# --- Made end to end ---------------------------------------------------------------------------


def test_a_facilitator_makes_the_dutch_report_as_a_background_task(
    rich_edition, facilitator_of, django_capture_on_commit_callbacks
):
    client = client_for(facilitator_of)
    report = _make(client, rich_edition, "nl", django_capture_on_commit_callbacks)

    assert report.status == ReportStatus.DONE
    assert report.progress == 100
    assert report.pages > 1
    assert report.finished_at is not None
    assert report.file.name.startswith("reports/") and report.file.name.endswith(".pdf")
    response, content = _download(client, report)
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    assert pages_of(content) == report.pages
    text = pdf_text(content)
    for expected in (
        EDITION_NAME,
        "Veerkrachtenwerkdruk",
        GROUP_NAME,
        PUBLIC_DOCUMENT,
        PUBLISHED_OUTPUT,
        CONSENTED_AUTHOR,
        AGREED_AMBITION,
        ACTIVITY,
        FINAL_REPORT,
        PLENARY,
        "1mei2019",  # Dutch dates
    ):
        assert _squash(expected) in text, expected
    # The agreed plan, not the later draft.
    assert _squash(DRAFT_AMBITION) not in text


def test_the_report_is_a_tagged_pdf_ua_with_its_language_title_and_headings(
    rich_edition, facilitator_of, django_capture_on_commit_callbacks
):
    client = client_for(facilitator_of)
    report = _make(client, rich_edition, "nl", django_capture_on_commit_callbacks)
    reader = PdfReader(io.BytesIO(_download(client, report)[1]))
    catalog = reader.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert catalog["/Lang"] == "nl"
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title.startswith("Slotrapport")
    assert "pdfuaid:part" in reader.xmp_metadata.rdf_root.toxml()

    def roles(element) -> set[str]:
        element = element.get_object()
        found = {str(element.get("/S", ""))}
        kids = element.get("/K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            if hasattr(kid, "get_object") and isinstance(kid.get_object(), dict):
                found |= roles(kid)
        return found

    tags = roles(catalog["/StructTreeRoot"])
    assert {"/H1", "/H2", "/Table", "/L", "/P"} <= tags


def test_the_english_report_has_english_headings_and_dates(
    rich_edition, facilitator_of, django_capture_on_commit_callbacks
):
    client = client_for(facilitator_of)
    report = _make(client, rich_edition, "en", django_capture_on_commit_callbacks)

    assert report.status == ReportStatus.DONE and report.language == "en"
    text = pdf_text(_download(client, report)[1])
    for heading in ("Closingreport", "Thelearningagenda", "Themeetings", "Giveandtakeinthenetwork"):
        assert heading.lower() in text.lower()
    assert "1May2019" in text
    assert "1mei2019" not in text


def test_the_report_never_shows_what_may_not_go_to_the_field(
    rich_edition, facilitator_of, django_capture_on_commit_callbacks
):
    client = client_for(facilitator_of)
    text = pdf_text(
        _download(client, _make(client, rich_edition, "nl", django_capture_on_commit_callbacks))[1]
    )

    for secret in (
        GROUP_ONLY_DOCUMENT,
        EDITION_ONLY_DOCUMENT,
        PRIVATE_JOURNAL,
        UNCONSENTED_AUTHOR,
        UNCONSENTED_OUTPUT,
        HIDDEN_WORKPLAN,
        HIDDEN_ACTIVITY,
        UNCONSENTED_REPORT,
        "Een eerder verslag van binnenskamers",
        "Fleur Facilitator",
    ):
        assert _squash(secret) not in text, secret
    # The group that keeps its work to itself is there, its work is not.
    assert _squash(HIDDEN_GROUP) in text
    assert _squash("verschijnt hier zodra alle auteurs toestemming hebben gegeven") in text


# --- Failure, refusals, progress ---------------------------------------------------------------


def test_a_report_that_cannot_be_stored_fails_with_the_reason_and_the_page_still_works(
    rich_edition, facilitator_of, django_capture_on_commit_callbacks, settings, tmp_path
):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = str(blocker)
    client = client_for(facilitator_of)

    report = _make(client, rich_edition, "nl", django_capture_on_commit_callbacks)

    assert report.status == ReportStatus.FAILED
    assert report.error
    assert report.finished_at is not None
    assert not report.file
    page = client.get(reverse("showcase:reports", kwargs={"slug": rich_edition.slug}))
    assert page.status_code == 200
    assert "kon niet worden gemaakt" in page.content.decode()
    assert _download(client, report)[0].status_code == 404


def test_only_dutch_or_english_can_be_asked_for(rich_edition, facilitator_of):
    with pytest.raises(ValidationError) as error:
        services_reports.request_report(edition=rich_edition, language="fr", actor=facilitator_of)
    assert "language" in error.value.message_dict
    assert not ClosingReport.objects.exists()


def test_one_report_is_made_at_a_time(rich_edition, facilitator_of):
    services_reports.request_report(edition=rich_edition, language="nl", actor=facilitator_of)
    with pytest.raises(ValidationError):
        services_reports.request_report(edition=rich_edition, language="en", actor=facilitator_of)
    assert ClosingReport.objects.count() == 1


def test_the_task_makes_a_queued_report_once(rich_edition, facilitator_of):
    report = services_reports.request_report(
        edition=rich_edition, language="nl", actor=facilitator_of
    )
    assert services_reports.run_generation(report_id=report.pk) == ReportStatus.DONE
    file_name = ClosingReport.objects.get(pk=report.pk).file.name
    assert services_reports.run_generation(report_id=report.pk) == ReportStatus.DONE
    assert ClosingReport.objects.get(pk=report.pk).file.name == file_name
    assert services_reports.run_generation(report_id=report.pk + 999) == "missing"


def test_the_progress_row_polls_while_the_report_is_made_and_stops_when_done(
    rich_edition, facilitator_of
):
    report = ClosingReport.objects.create(
        edition=rich_edition, language="nl", status=ReportStatus.RUNNING, progress=30, step="render"
    )
    client = client_for(facilitator_of)
    url = reverse("showcase:report_progress", args=[report.pk])

    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' in partial
    assert '<progress max="100" value="30"' in partial
    assert "De pagina’s opmaken" in partial
    assert "<html" not in partial
    # Only the meter is replaced while it polls: the row, its link and its status line stay.
    assert "<tr" not in partial and "closing-report__refresh" not in partial
    assert 'role="status"' not in partial and "hx-swap-oob" not in partial
    # Without JavaScript: a whole page with a link to look again.
    page = client.get(url).content.decode()
    assert "<html" in page and f'href="{url}"' in page

    report.status, report.progress = ReportStatus.DONE, 100
    report.save()
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in partial and "<progress" not in partial
    # Done: the meter goes, the changed parts come out of band, the link keeps its id (htmx
    # keeps the focus on it) and the row's status line says it once.
    assert "<tr" not in partial
    assert f'id="closing-report-{report.pk}-meter" hidden' in partial
    assert (
        f'<span id="closing-report-{report.pk}-badge" class="status status--done" hx-swap-oob="true">'
        in partial
    )
    download = reverse("showcase:download_report", args=[report.pk])
    assert f'<a id="closing-report-{report.pk}-link" href="{download}"' in partial
    assert (
        f'<p id="closing-report-{report.pk}-said" hx-swap-oob="innerHTML">Het slotrapport is klaar.</p>'
        in partial
    )
    assert f'id="closing-report-{report.pk}-public" hx-swap-oob="true"' in partial


def test_a_failed_report_says_so_once_and_keeps_the_focus_place(rich_edition, facilitator_of):
    report = ClosingReport.objects.create(
        edition=rich_edition, language="nl", status=ReportStatus.FAILED, error="Geen lettertype"
    )
    url = reverse("showcase:report_progress", args=[report.pk])
    partial = client_for(facilitator_of).get(url, headers={"HX-Request": "true"}).content.decode()
    assert f'<summary id="closing-report-{report.pk}-link">' in partial
    assert "Geen lettertype" in partial
    assert "Het slotrapport kon niet worden gemaakt." in partial


# --- Publishing and downloading ----------------------------------------------------------------


def _finished(edition, language="nl") -> ClosingReport:
    report = ClosingReport(
        edition=edition,
        language=language,
        status=ReportStatus.DONE,
        progress=100,
        pages=3,
        finished_at=timezone.now(),
    )
    report.file.save("x.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    report.save()
    return report


def test_nobody_but_the_facilitators_downloads_a_report_before_it_is_published(
    rich_edition, facilitator_of, participant, staff
):
    report = _finished(rich_edition)
    participant_of_edition = factories.make_member(rich_edition, name="Dirk Deelnemer")
    assert _download(client_for(None), report)[0].status_code == 404
    assert _download(client_for(participant_of_edition), report)[0].status_code == 404
    assert _download(client_for(facilitator_of), report)[0].status_code == 200
    assert _download(client_for(staff), report)[0].status_code == 200


def test_once_published_everyone_downloads_it_and_the_ledger_says_so(rich_edition, facilitator_of):
    report = _finished(rich_edition)
    client = client_for(facilitator_of)

    response = client.post(
        reverse("showcase:publish_report", args=[report.pk]), {"action": "publish"}
    )

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.published_at is not None
    visitor_response, content = _download(client_for(None), report)
    assert visitor_response.status_code == 200
    assert content.startswith(b"%PDF")
    entry = ActivityEntry.objects.get(verb=Verb.REPORT_PUBLISHED)
    assert entry.actor == facilitator_of and entry.edition == rich_edition
    assert queries_reports.published_reports(edition=rich_edition) == [report]

    client.post(reverse("showcase:publish_report", args=[report.pk]), {"action": "unpublish"})
    report.refresh_from_db()
    assert report.published_at is None
    assert _download(client_for(None), report)[0].status_code == 404


def test_a_newer_report_replaces_the_published_one_in_its_language(rich_edition, facilitator_of):
    old, english = _finished(rich_edition), _finished(rich_edition, "en")
    services_reports.publish_report(report=old, actor=facilitator_of)
    services_reports.publish_report(report=english, actor=facilitator_of)
    new = _finished(rich_edition)

    services_reports.publish_report(report=new, actor=facilitator_of)

    published = ClosingReport.objects.filter(published_at__isnull=False)
    assert set(published) == {new, english}


def test_an_unfinished_report_cannot_be_published(rich_edition, facilitator_of):
    report = ClosingReport.objects.create(edition=rich_edition, language="nl")
    with pytest.raises(ValidationError):
        services_reports.publish_report(report=report, actor=facilitator_of)


def test_asking_for_a_report_is_in_the_ledger_but_in_no_stream(rich_edition, facilitator_of):
    report = services_reports.request_report(
        edition=rich_edition, language="nl", actor=facilitator_of
    )
    entry = ActivityEntry.objects.get(verb=Verb.REPORT_GENERATED)
    assert entry.actor == facilitator_of and entry.target_id == str(report.pk)
    assert entry.visibility == Visibility.GROUP


def test_the_page_lists_the_reports_with_their_pages_and_size(rich_edition, facilitator_of):
    _finished(rich_edition)
    page = client_for(facilitator_of).get(
        reverse("showcase:reports", kwargs={"slug": rich_edition.slug})
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "De PDF openen" in html
    assert "15\xa0bytes" in html or "15 bytes" in html
    assert 'name="language"' in html


# --- Query count -------------------------------------------------------------------------------


def _participants_with_ledgers(edition, count: int) -> None:
    """`count` participants from several institutions, each with ledger rows, in a group."""
    institutions = list(Institution.objects.order_by("name")[:5])
    stamp = f"{edition.pk}-{count}"
    users = User.objects.bulk_create(
        User(
            email=f"q{stamp}-{i}@example.org",
            name=f"Deelnemer {i}",
            institution=institutions[i % len(institutions)] if institutions else None,
        )
        for i in range(count)
    )
    Membership.objects.bulk_create(
        Membership(user=u, edition=edition, role=Role.PARTICIPANT) for u in users
    )
    group = LearningGroup.objects.create(
        edition=edition,
        name=f"Groep {stamp}",
        status=GroupStatus.ACTIVE,
        workplan_visibility=Visibility.PLATFORM,
        activities_visibility=Visibility.PLATFORM,
    )
    GroupMembership.objects.bulk_create(GroupMembership(group=group, user=u) for u in users)
    WorkPlanVersion.objects.create(group=group, number=1, ambition="Samen leren.")
    for user in users:
        activity.record(actor=user, verb=Verb.POSTED, edition=edition)
        activity.record(actor=user, verb=Verb.DOWNLOADED, edition=edition)


@pytest.mark.parametrize("size", [10, 200])
def test_the_report_data_costs_a_fixed_number_of_queries(
    rich_edition, size, django_assert_max_num_queries
):
    _participants_with_ledgers(rich_edition, size)
    with django_assert_max_num_queries(13):
        data = queries_reports.report_data(edition=rich_edition)
    assert data.participants >= size
    assert sum(p.bring for p in data.balance) >= size


def test_the_number_of_queries_does_not_grow_with_the_network(rich_edition):
    counts = []
    for size in (10, 200):
        _participants_with_ledgers(rich_edition, size)
        with CaptureQueriesContext(connection) as queries:
            queries_reports.report_data(edition=rich_edition)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_give_and_take_is_counted_per_meeting_period(rich_edition):
    data = queries_reports.report_data(edition=rich_edition)
    # The fixture's ledger rows were all written now: after both (2019–2020) meetings.
    assert [p.bring for p in data.balance[:2]] == [0, 0]
    assert (
        data.balance[-1].bring
        == ActivityEntry.objects.filter(edition=rich_edition, direction="bring").count()
    )


# --- The demo ----------------------------------------------------------------------------------


def test_the_demo_has_a_published_dutch_closing_report(django_capture_on_commit_callbacks):
    from leerplatform.demo.edition import load_demo
    from leerplatform.demo.reports import load_report_examples

    with django_capture_on_commit_callbacks(execute=True):
        edition = load_demo()
    with django_capture_on_commit_callbacks(execute=True):
        first = load_report_examples(edition)
        second = load_report_examples(edition)

    assert first == second
    assert ClosingReport.objects.filter(edition=edition).count() == 1
    assert first.status == ReportStatus.DONE and first.language == "nl"
    assert first.published_at is not None and first.pages > 1
    response, content = _download(client_for(None), first)
    assert response.status_code == 200
    assert _squash(edition.name) in pdf_text(content)
