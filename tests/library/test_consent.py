"""Public only with everyone's yes (issue 11, acceptance 1).

For every way a document's visibility or its authors can change — create, edit, add an author,
remove an author, withdraw consent, take the offer back, the bin, the admin, a direct save, a
search index rebuild — a visitor sees the document (its page, the library, search, the outputs
page, the feed, the closing report) only when every one of its authors has consented, and then
everywhere at once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from leerplatform.core.models import ActivityEntry
from leerplatform.core.visibility import Visibility
from leerplatform.library.models import Document
from leerplatform.library.services import documents as services
from leerplatform.meetings.models import MeetingKind
from leerplatform.search import index
from leerplatform.search.engine import search
from leerplatform.showcase.models import Consent, ConsentStatus, Output
from leerplatform.showcase.queries.reports import report_data
from leerplatform.showcase.receivers import PublicationRefused
from leerplatform.showcase.services import outputs as publication
from tests import factories
from tests.conftest import client_for
from tests.library.factories import make_document

pytestmark = pytest.mark.django_db

TITLE = "Gesprekskaarten werkgeluk"
CHANNELS = ("page", "library", "search", "outputs", "feed", "closing report")


@pytest.fixture
def edition(db):
    """A running edition: after an edition's end, consent can no longer be withdrawn (the showcase
    withdrawal deadline, tested in tests/showcase)."""
    return factories.make_running_edition()


@pytest.fixture
def anna(edition):
    return factories.make_member(edition, name="Anna Auteur")


@pytest.fixture
def bert(edition):
    return factories.make_member(edition, name="Bert Bijdrager")


@pytest.fixture
def carla(edition):
    return factories.make_member(edition, name="Carla Coauteur")


@pytest.fixture(autouse=True)
def closing(edition):
    """A closing meeting ahead: consent can still be withdrawn."""
    return factories.make_meeting(
        edition, day=timezone.localdate() + dt.timedelta(days=30), kind=MeetingKind.CLOSING
    )


# --- What a visitor sees -------------------------------------------------------------------------


def seen_by_visitor(edition) -> dict[str, bool]:
    """Where a visitor finds the document, channel by channel."""
    visitor = client_for(None)
    document = Document.objects.get(title=TITLE)
    page = visitor.get(reverse("library:document", args=[document.pk]))
    library = visitor.get(reverse("library:library", kwargs={"slug": edition.slug}))
    outputs = visitor.get(reverse("showcase:outputs", kwargs={"slug": edition.slug}))
    feed = visitor.get(reverse("showcase:feed", kwargs={"slug": edition.slug}))
    report = report_data(edition=edition)
    in_report = [p.title for g in report.groups for p in g.products] + [
        p.title for p in report.other_products
    ]
    title = escape(TITLE).encode()
    return {
        "page": page.status_code == 200,
        "library": title in library.content,
        "search": any(h.entry.title == TITLE for h in search(AnonymousUser(), TITLE).hits),
        "outputs": title in outputs.content,
        "feed": title in feed.content,
        "closing report": TITLE in in_report,
    }


def every_author_consented(document) -> bool:
    """Told from the rows alone: an open offer, and a given consent of each current author."""
    output = Output.objects.filter(document=document, taken_back_at__isnull=True).first()
    authors = set(document.authors.values_list("pk", flat=True))
    if output is None or not authors:
        return False
    given = set(
        Consent.objects.filter(output=output, status=ConsentStatus.GIVEN).values_list(
            "author_id", flat=True
        )
    )
    return authors <= given


def check(edition, *, visible: bool) -> None:
    """Seen everywhere or nowhere, as expected, and seen only with every author's consent;
    a rebuilt search index says the same."""
    document = Document.objects.get(title=TITLE)
    seen = seen_by_visitor(edition)
    assert seen == dict.fromkeys(CHANNELS, visible), seen
    assert (document.visibility == Visibility.PUBLIC) == visible
    if visible:
        assert every_author_consented(document)
    index.rebuild()
    found = any(h.entry.title == TITLE for h in search(AnonymousUser(), TITLE).hits)
    assert found == visible


def _output() -> Output:
    return Output.objects.get(document__title=TITLE)


def _form(authors, visibility: str) -> dict:
    return {
        "title": TITLE,
        "summary": "Kaarten voor het teamgesprek over werkgeluk.",
        "kind": "toolkit",
        "body": "",
        "authors": [a.pk for a in authors],
        "visibility": visibility,
        "licence": "cc-by-4.0",
    }


def _edit(user, authors, visibility: str) -> None:
    document = Document.objects.get(title=TITLE)
    response = client_for(user).post(
        reverse("library:edit", args=[document.pk]), _form(authors, visibility)
    )
    assert response.status_code == 302, response.content.decode()[:2000]


# --- The ways, each a story of steps: (what is done, whether a visitor sees it after) ------------

Step = tuple[Callable[[], object], bool]


def _create_with_co_author(edition, anna, bert, carla) -> list[Step]:
    return [
        (
            lambda: make_document(
                edition, anna, title=TITLE, authors=[anna, bert], visibility="public"
            ),
            False,
        ),
        (lambda: publication.give_consent(output=_output(), author=bert), True),
    ]


def _create_page(edition, anna, bert, carla) -> list[Step]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    def create():
        data = _form([anna, bert], "public") | {
            "files": SimpleUploadedFile("a.txt", b"tekst", content_type="text/plain")
        }
        response = client_for(anna).post(
            reverse("library:create", kwargs={"slug": edition.slug}), data
        )
        assert response.status_code == 302

    return [
        (create, False),
        (lambda: publication.give_consent(output=_output(), author=bert), True),
    ]


def _edit_page_add_co_author_and_public(edition, anna, bert, carla) -> list[Step]:
    return [
        (lambda: make_document(edition, anna, title=TITLE), False),
        (lambda: _edit(anna, [anna, bert], "public"), False),
        (lambda: publication.give_consent(output=_output(), author=bert), True),
    ]


def _add_an_author_to_a_public_document(edition, anna, bert, carla) -> list[Step]:
    return [
        (lambda: make_document(edition, anna, title=TITLE, visibility="public"), True),
        (lambda: _edit(anna, [anna, carla], "public"), False),
        (lambda: publication.give_consent(output=_output(), author=carla), True),
    ]


def _add_an_author_through_the_service(edition, anna, bert, carla) -> list[Step]:
    def add():
        document = Document.objects.get(title=TITLE)
        services.change_document(document=document, actor=anna, authors=[anna, carla])

    return [
        (lambda: make_document(edition, anna, title=TITLE, visibility="public"), True),
        (add, False),
        (lambda: publication.give_consent(output=_output(), author=carla), True),
    ]


def _remove_an_author(edition, anna, bert, carla) -> list[Step]:
    return [
        (
            lambda: make_document(
                edition, anna, title=TITLE, authors=[anna, bert, carla], visibility="public"
            ),
            False,
        ),
        (lambda: publication.give_consent(output=_output(), author=bert), False),
        # Carla is no author any more: everyone who is has said yes.
        (lambda: _edit(anna, [anna, bert], "public"), True),
        # Removing one who consented leaves it with its other authors' yes.
        (lambda: _edit(anna, [anna], "public"), True),
    ]


def _withdraw_consent(edition, anna, bert, carla) -> list[Step]:
    return [
        (
            lambda: make_document(
                edition, anna, title=TITLE, authors=[anna, bert], visibility="public"
            ),
            False,
        ),
        (lambda: publication.give_consent(output=_output(), author=bert), True),
        (lambda: publication.withdraw_consent(output=_output(), author=bert), False),
        # The chooser's own consent can be withdrawn too.
        (lambda: publication.give_consent(output=_output(), author=bert), True),
        (lambda: publication.withdraw_consent(output=_output(), author=anna), False),
        # Saving the page again is no one's yes.
        (lambda: _edit(bert, [anna, bert], "public"), False),
    ]


def _take_back_and_choose_again(edition, anna, bert, carla) -> list[Step]:
    return [
        (
            lambda: make_document(
                edition, anna, title=TITLE, authors=[anna, bert], visibility="public"
            ),
            False,
        ),
        (lambda: publication.give_consent(output=_output(), author=bert), True),
        (lambda: _edit(bert, [anna, bert], "platform"), False),
        # Taken back: a late consent publishes nothing.
        (lambda: publication.give_consent(output=_output(), author=anna), False),
        (lambda: _edit(bert, [anna, bert], "public"), True),
        (lambda: _edit(anna, [anna, bert], "platform"), False),
    ]


def _direct_save_or_admin(edition, anna, bert, carla, staff) -> list[Step]:
    def direct_save():
        document = Document.objects.get(title=TITLE)
        document.visibility = Visibility.PUBLIC
        with pytest.raises(PublicationRefused):
            document.save()

    def admin_save():
        document = Document.objects.get(title=TITLE)
        client = client_for(staff)
        url = reverse("admin:library_document_change", args=[document.pk])
        response = client.post(url, {"title": TITLE, "visibility": "public"})
        assert response.status_code == 403
        output = Output.objects.get(document=document)
        url = reverse("admin:showcase_consent_change", args=[output.consents.first().pk])
        assert client.post(url, {"status": "given"}).status_code == 403

    def author_added_behind_the_back():
        document = Document.objects.get(title=TITLE)
        with pytest.raises(PublicationRefused), transaction.atomic():
            document.authors.add(carla)

    return [
        (
            lambda: make_document(
                edition, anna, title=TITLE, authors=[anna, bert], visibility="public"
            ),
            False,
        ),
        (direct_save, False),
        (admin_save, False),
        (lambda: publication.give_consent(output=_output(), author=bert), True),
        (author_added_behind_the_back, True),
    ]


WAYS = {
    "create": _create_with_co_author,
    "create page": _create_page,
    "edit page": _edit_page_add_co_author_and_public,
    "add author (page)": _add_an_author_to_a_public_document,
    "add author (service)": _add_an_author_through_the_service,
    "remove author": _remove_an_author,
    "withdraw consent": _withdraw_consent,
    "take back": _take_back_and_choose_again,
}


@pytest.mark.parametrize("way", WAYS)
def test_a_visitor_sees_a_document_only_with_every_authors_consent(
    way, edition, anna, bert, carla, django_capture_on_commit_callbacks
):
    for number, (action, visible) in enumerate(WAYS[way](edition, anna, bert, carla), start=1):
        with django_capture_on_commit_callbacks(execute=True):
            action()
        try:
            check(edition, visible=visible)
        except AssertionError as error:
            raise AssertionError(f"{way}, step {number}: {error}") from error


def test_the_bin_and_restoring_keep_to_the_consents(edition, anna, bert):
    document = make_document(edition, anna, title=TITLE, authors=[anna, bert], visibility="public")
    check(edition, visible=False)
    services.delete_document(document=document, actor=anna)
    services.restore_document(document=document, actor=anna)
    check(edition, visible=False)
    publication.give_consent(output=_output(), author=bert)
    check(edition, visible=True)
    services.delete_document(document=document, actor=anna)
    assert not any(seen_by_visitor_in_bin(edition).values())
    # Withdrawn while in the bin: restoring does not bring it back to the public.
    publication.withdraw_consent(output=_output(), author=bert)
    services.restore_document(document=document, actor=bert)
    check(edition, visible=False)
    publication.give_consent(output=_output(), author=bert)
    services.delete_document(document=document, actor=anna)
    services.restore_document(document=document, actor=anna)
    check(edition, visible=True)


def seen_by_visitor_in_bin(edition) -> dict[str, bool]:
    seen = seen_by_visitor(edition)
    index.rebuild()
    seen["rebuilt search"] = any(
        h.entry.title == TITLE for h in search(AnonymousUser(), TITLE).hits
    )
    return seen


def test_no_save_outside_the_consent_flow_makes_a_document_public(
    edition, anna, bert, carla, staff
):
    for number, (action, visible) in enumerate(
        _direct_save_or_admin(edition, anna, bert, carla, staff), start=1
    ):
        action()
        try:
            check(edition, visible=visible)
        except AssertionError as error:
            raise AssertionError(f"step {number}: {error}") from error


def test_the_chooser_who_is_no_author_gives_no_consent(edition, anna, bert):
    facilitator = factories.make_member(edition, role="facilitator", name="Fenna Facilitator")
    make_document(edition, facilitator, title=TITLE, authors=[anna], visibility="public")
    check(edition, visible=False)
    assert _output().consents.get().status == ConsentStatus.ASKED
    publication.give_consent(output=_output(), author=anna)
    check(edition, visible=True)


def test_choosing_public_asks_the_others_by_email_and_says_what_happens(
    edition, anna, bert, mailoutbox, django_capture_on_commit_callbacks
):
    document = make_document(edition, anna, title=TITLE)
    client = client_for(anna)
    client.cookies["leerplatform_language"] = "en"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("library:edit", args=[document.pk]),
            _form([anna, bert], "public"),
            follow=True,
        )
    html = response.content.decode()
    assert "It becomes public once every author has agreed" in html
    assert [m.to for m in mailoutbox] == [[bert.email]]
    # The edit page says where it stands, and keeps "public" chosen.
    page = client.get(reverse("library:edit", args=[document.pk])).content.decode()
    assert "waiting for the authors" in page
    assert re.search(r'value="public"[^>]*checked', page)
    assert "Bert Bijdrager" in page


def test_ledger_rows_of_library_documents_are_never_public(edition, anna):
    document = make_document(edition, anna, title=TITLE, visibility="public")
    services.change_document(document=document, actor=anna, summary="Een nieuwe samenvatting.")
    assert Document.objects.get(pk=document.pk).visibility == Visibility.PUBLIC
    rows = ActivityEntry.objects.filter(target_id=str(document.pk), verb__startswith="document")
    assert rows.count() == 2
    assert not rows.filter(visibility=Visibility.PUBLIC).exists()


def test_a_public_document_is_refused_by_the_guard_on_create(edition, anna):
    with pytest.raises(ValidationError):
        Document.objects.create(
            edition=edition,
            title=TITLE,
            summary="s",
            kind="toolkit",
            visibility=Visibility.PUBLIC,
        )


@pytest.mark.parametrize("way", ["withdraw consent", "add author", "take back"])
def test_a_published_closing_report_that_may_name_it_is_withdrawn_with_it(
    way, edition, anna, bert, carla
):
    from leerplatform.showcase.models import ClosingReport, ReportStatus

    make_document(edition, anna, title=TITLE, authors=[anna, bert], visibility="public")
    publication.give_consent(output=_output(), author=bert)
    now = timezone.now()

    def report(language, requested_at):
        return ClosingReport.objects.create(
            edition=edition,
            language=language,
            status=ReportStatus.DONE,
            file=f"reports/{language}.pdf",
            requested_at=requested_at,
            finished_at=requested_at,
            published_at=requested_at,
        )

    newer = report("nl", now + dt.timedelta(minutes=1))
    older = report("en", now - dt.timedelta(days=30))  # made before it was published
    if way == "withdraw consent":
        publication.withdraw_consent(output=_output(), author=bert)
    elif way == "add author":
        _edit(anna, [anna, bert, carla], "public")
    else:
        _edit(anna, [anna, bert], "platform")
    check(edition, visible=False)
    assert ClosingReport.objects.get(pk=newer.pk).published_at is None
    assert ClosingReport.objects.get(pk=older.pk).published_at is not None
