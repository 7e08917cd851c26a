"""Outputs to the field: offering, consent, publication, withdrawal, the public page and its feed.

The rule under test: an output is public only when every author has consented, and stops being
public the moment one withdraws — on the public page, in the feed, in the library and in search.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from leerplatform.core.models import ActivityEntry, Verb
from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Role
from leerplatform.groups.models import GroupMembership, LearningGroup, ProgressReport
from leerplatform.library.models import Document
from leerplatform.meetings.models import MeetingKind
from leerplatform.search.engine import search
from leerplatform.showcase.models import Consent, ConsentStatus, Output
from leerplatform.showcase.queries.outputs import FEED_SIZE
from leerplatform.showcase.services import outputs as services
from tests import factories
from tests.conftest import client_for
from tests.library.factories import bulk_documents, make_document, make_group

BASE_URL = "http://testserver/"


@pytest.fixture(autouse=True)
def _site_url(settings):
    # Links in the consent emails are made from SITE_URL (core.links).
    settings.SITE_URL = BASE_URL.rstrip("/")


# --- Fixtures ------------------------------------------------------------------------------------


@pytest.fixture
def edition(db):
    """An edition running for another year: its closing meeting, a month ahead, lies within it
    (a withdrawal deadline never passes the edition's end)."""
    return factories.make_edition(ends_on=timezone.localdate() + dt.timedelta(days=365))


@pytest.fixture
def closing(edition):
    """The edition's closing meeting, a month ahead: consent can still be withdrawn."""
    return factories.make_meeting(
        edition,
        day=timezone.localdate() + dt.timedelta(days=30),
        kind=MeetingKind.CLOSING,
        title="Slotbijeenkomst",
    )


@pytest.fixture
def anna(edition):
    return factories.make_member(edition, name="Anna Auteur")


@pytest.fixture
def bert(edition):
    return factories.make_member(edition, name="Bert Bijdrager")


@pytest.fixture
def group(edition, anna, bert):
    return make_group(edition, coordinators=[anna], members=[bert], name="Werkgeluk in teams")


@pytest.fixture
def document(edition, anna, bert, closing):
    return make_document(
        edition,
        anna,
        title="Toolkit werkgeluk",
        summary="Gesprekskaarten over werkgeluk in teams.",
        authors=[anna, bert],
        themes=[edition.themes.order_by("position").first()],
    )


def _offer(document, actor):
    return services.offer_document(document=document, actor=actor)


def _published(document, anna, bert) -> Output:
    output = _offer(document, anna)
    services.give_consent(output=output, author=anna)
    services.give_consent(output=output, author=bert)
    return Output.objects.get(pk=output.pk)


def _page(edition, user=None) -> str:
    response = client_for(user).get(reverse("showcase:outputs", kwargs={"slug": edition.slug}))
    assert response.status_code == 200
    return response.content.decode()


def _feed(edition) -> str:
    response = client_for(None).get(reverse("showcase:feed", kwargs={"slug": edition.slug}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return response.content.decode()


def _found_by_visitors(title: str) -> bool:
    results = search(AnonymousUser(), title)
    return any(hit.entry.title == title for hit in results.hits)


def _visibility(document) -> str:
    return Document.objects.get(pk=document.pk).visibility


# --- Offering ------------------------------------------------------------------------------------


def test_offering_a_document_asks_every_author_and_emails_the_others(
    document, anna, bert, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        output = _offer(document, anna)
    consents = {c.author: c.status for c in output.consents.all()}
    assert consents == {anna: ConsentStatus.ASKED, bert: ConsentStatus.ASKED}
    assert output.published_at is None
    assert _visibility(document) == Visibility.PLATFORM
    entry = ActivityEntry.objects.get(verb=Verb.OUTPUT_OFFERED)
    assert entry.actor == anna and entry.direction == "bring"
    # The request is a notification ("consent_requested", by email at once): never to the one
    # who offered it (she is asked on the page she is on).
    assert [m.to[0] for m in mailoutbox] == [bert.email]
    consents_url = BASE_URL.rstrip("/") + reverse(
        "showcase:consents", kwargs={"slug": document.edition.slug}
    )
    assert all(consents_url in m.body for m in mailoutbox)
    assert all("Toolkit werkgeluk" in m.subject for m in mailoutbox)


def test_no_email_is_sent_when_the_offer_fails(document, anna, mailoutbox):
    _offer(document, anna)
    mailoutbox.clear()
    with pytest.raises(ValidationError):
        _offer(document, anna)
    assert Output.objects.count() == 1
    assert mailoutbox == []


def test_a_facilitator_may_offer_but_another_participant_may_not(edition, document, facilitator):
    other = factories.make_member(edition)
    with pytest.raises(PermissionDenied):
        _offer(document, other)
    response = client_for(other).post(reverse("showcase:offer_document", args=[document.pk]))
    assert response.status_code == 403
    assert not Output.objects.exists()
    response = client_for(facilitator).post(reverse("showcase:offer_document", args=[document.pk]))
    assert response.status_code == 302
    assert Output.objects.get().proposed_by == facilitator


def test_a_group_only_document_cannot_be_offered_by_whoever_cannot_see_it(
    edition, group, anna, bert, facilitator, closing
):
    secret = make_document(
        edition, anna, title="Intern verslag", authors=[anna, bert], group=group, visibility="group"
    )
    response = client_for(facilitator).post(reverse("showcase:offer_document", args=[secret.pk]))
    assert response.status_code == 404
    assert not Output.objects.exists()


def test_the_final_report_is_offered_to_the_groups_active_members(
    edition, group, anna, bert, closing, mailoutbox, django_capture_on_commit_callbacks
):
    left = factories.make_member(edition)
    GroupMembership.objects.create(group=group, user=left, left_at=timezone.now())
    with pytest.raises(ValidationError):  # no report for the closing meeting yet
        services.offer_report(group=group, actor=anna)
    ProgressReport.objects.create(
        group=group, meeting=closing, author=anna, what_we_did="We maakten een *toolkit*."
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(anna).post(reverse("showcase:offer_report", args=[group.pk]))
    assert response.status_code == 302
    output = Output.objects.get()
    assert output.report.meeting == closing and output.group == group
    assert {c.author for c in output.consents.all()} == {anna, bert}
    assert [m.to[0] for m in mailoutbox] == [bert.email]  # anna offered it


def test_only_coordinators_and_facilitators_offer_the_final_report(
    edition, group, anna, bert, facilitator, closing
):
    ProgressReport.objects.create(group=group, meeting=closing, author=anna, what_we_did="Veel.")
    response = client_for(bert).post(reverse("showcase:offer_report", args=[group.pk]))
    assert response.status_code == 403
    assert not Output.objects.exists()
    response = client_for(facilitator).post(reverse("showcase:offer_report", args=[group.pk]))
    assert response.status_code == 302
    assert Output.objects.count() == 1


# --- Consent and publication ---------------------------------------------------------------------


def test_the_last_consent_publishes_makes_the_document_public_and_findable(
    edition, document, anna, bert
):
    output = _offer(document, anna)
    services.give_consent(output=output, author=anna)
    output.refresh_from_db()
    assert output.published_at is None
    assert _visibility(document) == Visibility.PLATFORM
    assert not _found_by_visitors("Toolkit werkgeluk")

    services.give_consent(output=output, author=bert)
    output.refresh_from_db()
    assert output.published_at is not None
    assert _visibility(document) == Visibility.PUBLIC
    assert _found_by_visitors("Toolkit werkgeluk")
    assert "Toolkit werkgeluk" in _page(edition)
    assert "Toolkit werkgeluk" in _feed(edition)
    # One OUTPUT_PUBLISHED per author: each sees it in their own give-and-take.
    published = ActivityEntry.objects.filter(verb=Verb.OUTPUT_PUBLISHED)
    assert sorted(e.actor.name for e in published) == ["Anna Auteur", "Bert Bijdrager"]
    assert {e.direction for e in published} == {"bring"}


def test_an_unconsented_output_appears_nowhere_public(edition, document, anna, bert):
    output = _offer(document, anna)
    services.give_consent(output=output, author=anna)
    assert "Toolkit werkgeluk" not in _page(edition)
    assert "Toolkit werkgeluk" not in _feed(edition)
    assert not _found_by_visitors("Toolkit werkgeluk")
    assert client_for(None).get(document.get_absolute_url()).status_code == 302  # log in first


def test_a_document_chosen_public_shows_on_the_outputs_page_only_once_consented(
    edition, anna, bert, closing
):
    public = make_document(
        edition, anna, title="Openbare handreiking", authors=[anna, bert], visibility="public"
    )
    # Choosing "public" offered it: Anna's choice is her yes, Bert's is asked.
    output = Output.objects.get(document=public)
    assert {c.author: c.status for c in output.consents.all()} == {
        anna: ConsentStatus.GIVEN,
        bert: ConsentStatus.ASKED,
    }
    assert _visibility(public) == Visibility.PLATFORM
    assert "Openbare handreiking" not in _page(edition)
    assert "Openbare handreiking" not in _feed(edition)
    services.give_consent(output=output, author=bert)
    assert "Openbare handreiking" in _page(edition)


def test_withdrawing_unpublishes_at_once_everywhere(edition, document, anna, bert, closing):
    output = _published(document, anna, bert)
    services.withdraw_consent(output=output, author=bert)
    output.refresh_from_db()
    assert output.published_at is None
    assert _visibility(document) == Visibility.PLATFORM
    assert "Toolkit werkgeluk" not in _page(edition)
    assert "Toolkit werkgeluk" not in _feed(edition)
    assert not _found_by_visitors("Toolkit werkgeluk")
    assert Consent.objects.get(output=output, author=bert).status == ConsentStatus.WITHDRAWN
    # Consenting again publishes again, without counting the publication twice.
    services.give_consent(output=output, author=bert)
    assert Output.objects.get(pk=output.pk).published_at is not None
    assert ActivityEntry.objects.filter(verb=Verb.OUTPUT_PUBLISHED).count() == 2


def test_a_withdrawn_group_only_document_becomes_group_only_again(
    edition, group, anna, bert, closing
):
    secret = make_document(
        edition,
        anna,
        title="Werkgeluk meten",
        authors=[anna, bert],
        group=group,
        visibility="group",
    )
    output = _published(secret, anna, bert)
    assert _visibility(secret) == Visibility.PUBLIC
    assert "Werkgeluk meten" in _page(edition)
    services.withdraw_consent(output=output, author=anna)
    assert _visibility(secret) == Visibility.GROUP
    assert "Werkgeluk meten" not in _page(edition)
    assert not _found_by_visitors("Werkgeluk meten")
    # Nobody outside the group sees it on the facilitators' overview either.
    facilitator = factories.make_member(edition, role=Role.FACILITATOR)
    html = client_for(facilitator).get(reverse("showcase:manage", kwargs={"slug": edition.slug}))
    assert "Werkgeluk meten" not in html.content.decode()


def test_a_document_public_before_it_was_offered_goes_back_to_the_edition_on_withdrawal(
    edition, anna, bert, closing
):
    public = make_document(
        edition, anna, title="Openbare handreiking", authors=[anna, bert], visibility="public"
    )
    output = services.give_consent(output=Output.objects.get(document=public), author=bert)
    assert _visibility(public) == Visibility.PUBLIC
    services.withdraw_consent(output=output, author=bert)
    assert _visibility(public) == Visibility.PLATFORM


def test_withdrawal_after_the_closing_meeting_is_refused(edition, document, anna, bert, closing):
    output = _published(document, anna, bert)
    closing.starts_at -= dt.timedelta(days=60)
    closing.ends_at -= dt.timedelta(days=60)
    closing.save()
    with pytest.raises(ValidationError) as refused:
        services.withdraw_consent(output=output, author=bert)
    assert refused.value.code == "too_late"
    client = client_for(bert)
    client.cookies["leerplatform_language"] = "en"
    response = client.post(
        reverse("showcase:consent", args=[output.pk]), {"decision": "withdraw"}, follow=True
    )
    assert "can no longer be withdrawn" in response.content.decode()
    assert Output.objects.get(pk=output.pk).published_at is not None
    assert Consent.objects.get(output=output, author=bert).status == ConsentStatus.GIVEN
    assert _visibility(document) == Visibility.PUBLIC


def test_consent_by_a_non_author_is_refused_and_changes_nothing(
    edition, document, anna, bert, facilitator
):
    output = _offer(document, anna)
    services.give_consent(output=output, author=anna)
    for intruder in (facilitator, factories.make_member(edition), factories.make_user()):
        response = client_for(intruder).post(
            reverse("showcase:consent", args=[output.pk]), {"decision": "give"}
        )
        assert response.status_code == 404
        with pytest.raises(PermissionDenied):
            services.give_consent(output=output, author=intruder)
    assert Output.objects.get(pk=output.pk).published_at is None
    assert Consent.objects.filter(output=output).count() == 2
    assert not ActivityEntry.objects.filter(verb=Verb.CONSENT_GIVEN, actor=facilitator).exists()


def test_the_consents_page_shows_each_author_what_is_asked_and_nobody_else(
    edition, document, anna, bert
):
    output = _offer(document, anna)
    url = reverse("showcase:consents", kwargs={"slug": edition.slug})
    html = client_for(bert).get(url).content.decode()
    assert "Toolkit werkgeluk" in html
    assert "Gesprekskaarten over werkgeluk in teams." in html  # what will be public
    assert "Anna Auteur" in html  # who else is an author
    assert reverse("showcase:consent", args=[output.pk]) in html
    other = factories.make_member(edition)
    html = client_for(other).get(url).content.decode()
    assert "Toolkit werkgeluk" not in html


def test_an_author_consents_through_the_page(edition, document, anna, bert):
    output = _offer(document, anna)
    services.give_consent(output=output, author=anna)
    response = client_for(bert).post(
        reverse("showcase:consent", args=[output.pk]), {"decision": "give"}
    )
    assert response.status_code == 302
    assert response.url.endswith(f"#output-{output.pk}")
    assert Output.objects.get(pk=output.pk).published_at is not None


def test_consent_decisions_are_kept_out_of_every_stream(edition, document, anna, bert):
    output = _offer(document, anna)
    services.give_consent(output=output, author=anna)
    services.withdraw_consent(output=output, author=anna)
    for verb in (Verb.CONSENT_GIVEN, Verb.CONSENT_WITHDRAWN):
        entry = ActivityEntry.objects.get(verb=verb)
        assert entry.visibility == Visibility.GROUP


# --- The public page and the feed ----------------------------------------------------------------


def test_the_public_page_groups_outputs_per_theme_with_reports_and_public_documents(
    edition, group, anna, bert, closing
):
    theme = edition.themes.order_by("position").first()
    group_doc = make_document(
        edition, anna, title="Werkgeluk-scan", authors=[anna], group=group, themes=[theme]
    )
    output = _offer(group_doc, anna)
    services.give_consent(output=output, author=anna)
    make_document(
        edition, bert, title="Openbare notulen", group=group, visibility="public", authors=[bert]
    )
    make_document(
        edition, bert, title="Groepsgeheim", group=group, visibility="group", authors=[bert]
    )
    ProgressReport.objects.create(
        group=group, meeting=closing, author=anna, what_we_did="We deden een **pilot**."
    )
    report = services.offer_report(group=group, actor=anna)
    services.give_consent(output=report, author=anna)
    services.give_consent(output=report, author=bert)

    html = _page(edition)
    assert theme.title in html and "Werkgeluk in teams" in html
    assert "Werkgeluk-scan" in html
    assert "Final report of Werkgeluk in teams" in html or "Werkgeluk in teams" in html
    assert "<strong>pilot</strong>" in html
    assert "Openbare notulen" in html
    assert "Groepsgeheim" not in html
    feed = _feed(edition)
    assert feed.index("Werkgeluk in teams") < feed.index("Werkgeluk-scan")  # newest first


def test_the_public_page_has_a_title_a_description_open_graph_and_the_feed_link(edition):
    html = _page(edition)
    assert "<title>" in html and edition.name in html.split("<title>")[1].split("</title>")[0]
    assert '<meta name="description"' in html
    for tag in ("og:title", "og:description", "og:type", "og:url", "og:site_name"):
        assert f'property="{tag}"' in html
    assert '<meta property="og:locale" content="nl_NL">' in html
    feed_url = "http://testserver" + reverse("showcase:feed", kwargs={"slug": edition.slug})
    assert 'rel="alternate" type="application/atom+xml"' in html and feed_url in html


def test_the_feed_has_absolute_links_authors_and_dates(edition, document, anna, bert):
    _published(document, anna, bert)
    feed = _feed(edition)
    assert '<feed xml:lang="nl" xmlns="http://www.w3.org/2005/Atom">' in feed
    assert f"http://testserver{document.get_absolute_url()}" in feed
    assert "<name>Anna Auteur, Bert Bijdrager</name>" in feed
    assert "<updated>" in feed and "Gesprekskaarten over werkgeluk" in feed


def test_an_unpublished_edition_has_no_public_page_or_feed(edition):
    edition.is_published = False
    edition.save()
    client = client_for(None)
    assert client.get(reverse("showcase:outputs", kwargs={"slug": edition.slug})).status_code == 404
    assert client.get(reverse("showcase:feed", kwargs={"slug": edition.slug})).status_code == 404


def _many_outputs(edition, size: int) -> None:
    """`size` published document outputs in groups, with final reports and public documents, as
    plain rows (what the services would leave behind)."""
    closing = factories.make_meeting(edition, kind=MeetingKind.CLOSING, title="Slot")
    themes = list(edition.themes.order_by("position"))
    authors = [factories.make_member(edition) for _ in range(3)]
    groups = []
    for n in range(max(1, size // 5)):
        group = LearningGroup.objects.create(edition=edition, name=f"Groep {n}", status="active")
        group.themes.set([themes[n % len(themes)]])
        groups.append(group)
    now = timezone.now()
    for n, group in enumerate(groups):
        documents = bulk_documents(
            edition,
            5,
            authors=authors,
            themes=themes[:2],
            group=group,
            visibility=Visibility.PUBLIC,
            title=f"Product {n}-",
            files=2,
        )
        outputs = Output.objects.bulk_create(
            Output(edition=edition, group=group, document=d, published_at=now) for d in documents
        )
        report = ProgressReport.objects.create(group=group, meeting=closing, what_we_did="Tekst.")
        outputs.append(
            Output.objects.create(edition=edition, group=group, report=report, published_at=now)
        )
        Consent.objects.bulk_create(
            Consent(output=o, author=a, status=ConsentStatus.GIVEN)
            for o in outputs
            for a in authors
        )
        bulk_documents(edition, 2, group=group, visibility=Visibility.PUBLIC, title=f"Los {n}-")


@pytest.mark.parametrize("size", [3, 60])
def test_the_public_page_and_the_feed_cost_fixed_queries(
    edition, size, django_assert_max_num_queries
):
    _many_outputs(edition, size)
    client = client_for(None)
    url = reverse("showcase:outputs", kwargs={"slug": edition.slug})
    client.get(url)
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.context["page"].output_count == max(1, size // 5) * 6
    with django_assert_max_num_queries(8):
        response = client.get(reverse("showcase:feed", kwargs={"slug": edition.slug}))
    assert response.content.decode().count("<entry>") == min(max(1, size // 5) * 6, FEED_SIZE)


def test_the_public_page_is_paged_in_the_agendas_order_and_stays_small(edition):
    """60 outputs of 10 groups: 30 a page, each page with its theme and group headings."""
    _many_outputs(edition, 50)
    url = reverse("showcase:outputs", kwargs={"slug": edition.slug})
    first = client_for(None).get(url)
    second = client_for(None).get(url + "?page=2")
    shown = [
        output.pk
        for response in (first, second)
        for block in response.context["page"].themes
        for item in [*block.groups]
        for output in [*item.products, *([item.final_report] if item.final_report else [])]
    ]
    assert len(shown) == len(set(shown)) == first.context["page"].output_count == 60
    assert first.context["page"].pages.paginator.num_pages == 2
    for response in (first, second):
        html = response.content.decode()
        assert len(response.content) <= 60_000
        assert 'aria-current="page"' in html and "<h2" in html and "<h3" in html
    assert "?page=2" in first.content.decode()


# --- The facilitators' overview ------------------------------------------------------------------


def test_facilitators_see_each_authors_consent_and_remind_the_waiting_ones(
    edition, document, anna, bert, facilitator, mailoutbox, django_capture_on_commit_callbacks
):
    output = _offer(document, anna)
    services.give_consent(output=output, author=anna)
    url = reverse("showcase:manage", kwargs={"slug": edition.slug})
    html = client_for(facilitator).get(url).content.decode()
    assert "Toolkit werkgeluk" in html and "Anna Auteur" in html and "Bert Bijdrager" in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(facilitator).post(url, {"output": output.pk})
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [[bert.email]]


@pytest.mark.parametrize("size", [3, 30])
def test_the_overview_and_the_consents_page_cost_fixed_queries(
    edition, facilitator, size, django_assert_max_num_queries
):
    _many_outputs(edition, size)
    author = Consent.objects.first().author
    client = client_for(facilitator)
    url = reverse("showcase:manage", kwargs={"slug": edition.slug})
    client.get(url)
    with django_assert_max_num_queries(12):
        client.get(url)
    client = client_for(author)
    url = reverse("showcase:consents", kwargs={"slug": edition.slug})
    client.get(url)
    with django_assert_max_num_queries(12):
        client.get(url)


# --- The boxes on the document and group pages ---------------------------------------------------


def test_the_document_page_offers_it_to_its_authors_and_shows_the_state(
    edition, document, anna, bert
):
    other = factories.make_member(edition)
    offer_url = reverse("showcase:offer_document", args=[document.pk])
    assert offer_url in client_for(anna).get(document.get_absolute_url()).content.decode()
    assert offer_url not in client_for(other).get(document.get_absolute_url()).content.decode()
    output = _offer(document, anna)
    services.give_consent(output=output, author=anna)
    client = client_for(bert)
    client.cookies["leerplatform_language"] = "en"
    html = client.get(document.get_absolute_url()).content.decode()
    assert "1 of 2 authors have consented" in html
    assert reverse("showcase:consents", kwargs={"slug": edition.slug}) in html


def test_the_group_page_offers_the_final_report_to_coordinators(edition, group, anna, closing):
    offer_url = reverse("showcase:offer_report", args=[group.pk])
    html = client_for(anna).get(reverse("groups:detail", args=[group.pk])).content.decode()
    assert offer_url not in html  # no final report yet
    ProgressReport.objects.create(group=group, meeting=closing, author=anna, what_we_did="Veel.")
    html = client_for(anna).get(reverse("groups:detail", args=[group.pk])).content.decode()
    assert offer_url in html


def test_the_kept_offer_box_shows_each_viewer_their_part_and_each_consent_at_once(
    edition, document, anna, bert, facilitator
):
    """The box is a shared fragment keyed on what it shows: an author gets "your consent", a
    facilitator looking at the same state does not, and a consent shows in the count at once."""
    consents = reverse("showcase:consents", kwargs={"slug": edition.slug})
    # Logged in first: a login writes the person's last_login, which empties every kept entry.
    clients = {viewer: client_for(viewer) for viewer in (anna, bert, facilitator)}

    def box(viewer) -> str:
        client = clients[viewer]
        client.cookies["leerplatform_language"] = "en"
        html = client.get(document.get_absolute_url()).content.decode()
        return html.split('class="card offer-box"')[1].split("</section>")[0]

    output = _offer(document, anna)
    assert consents in box(bert)
    assert consents not in box(facilitator)
    assert consents in box(bert)  # not the facilitator's entry
    assert "0 of 2 authors have consented" in box(anna)
    services.give_consent(output=output, author=bert)
    assert "1 of 2 authors have consented" in box(anna)
    assert "Anna Auteur" in box(anna) and "Bert Bijdrager" not in box(anna)


# --- The demo ------------------------------------------------------------------------------------


def test_the_demo_has_published_outputs_and_one_waiting_for_the_demo_participant(db):
    from leerplatform.demo.edition import load_demo
    from leerplatform.demo.outputs import load_outputs_examples

    edition = load_demo()
    load_outputs_examples(edition)
    count = Output.objects.count()
    assert load_outputs_examples(edition) == []
    assert Output.objects.count() == count
    published = Output.objects.filter(edition=edition, published_at__isnull=False)
    assert published.count() >= 2
    assert published.filter(document__title="Toolkit strategische personeelsplanning").exists()
    waiting = Consent.objects.get(author__email="deelnemer@example.org", status="asked")
    assert waiting.output.published_at is None
    assert waiting.output.document.visibility != Visibility.PUBLIC
    html = _page(edition)
    assert "Toolkit strategische personeelsplanning" in html
    assert waiting.output.document.title not in html
    assert ContentType.objects.get_for_model(Output)  # the ledger points at outputs
