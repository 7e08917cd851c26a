"""The activity feed: a sentence per row that names who did what to what, a link to the thing,
filters, nothing private or confidential, grouped per day, and a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from leerplatform.core import activity
from leerplatform.core.models import Verb
from leerplatform.core.visibility import Visibility
from leerplatform.editions import services as edition_services
from leerplatform.editions.models import Edition, Phase, Role
from leerplatform.groups.services.discussions import start_thread
from leerplatform.groups.services.groups import join_group
from leerplatform.membership.services.applications import accept_application
from leerplatform.pages.queries.activity import (
    FEED_VERBS,
    PRIVATE_VERBS,
    Filter,
    activity_feed,
    day_heading,
    recent_activity,
)
from tests.conftest import client_for
from tests.factories import make_member, make_user
from tests.groups.factories_groups import start
from tests.library.factories import make_document
from tests.membership.factories_applications import make_application

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The sentences in their English source (the Dutch is in the project's catalogue)."""
    with translation.override("en"):
        yield


@pytest.fixture
def fenna(edition):
    return make_member(edition, role=Role.FACILITATOR, name="Fenna Faciliteerder")


@pytest.fixture
def sanne(edition):
    return make_member(edition, name="Sanne de Vries")


@pytest.fixture
def joop(edition):
    return make_member(edition, name="Joop Jansen")


def texts(edition, user, **kwargs) -> list[str]:
    feed = activity_feed(edition=edition, user=user, **kwargs)
    return [_plain(e.sentence) for day in feed.days for e in day.entries]


def _plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", str(html))


def page(client, edition, query: str = "") -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("editions:activity", args=[edition.slug]) + query)
    assert response.status_code == 200
    return response.content.decode()


# --- Sentences and links -------------------------------------------------------------------------


def test_an_admission_names_who_admitted_whom(edition, fenna, joop):
    edition.applications_open = True
    application = make_application(edition, name="Sanne Sollicitant", email="s@example.org")
    # The edition has ended: admitting now needs the facilitator's confirmation (the rule itself
    # is tested in tests/membership); the feed's sentence is the subject here.
    accept_application(application=application, actor=fenna, confirm_after_close=True)
    row = recent_activity(edition=edition, user=joop)[0]
    assert _plain(row.sentence) == "Fenna Faciliteerder admitted Sanne Sollicitant"
    assert row.url == reverse("accounts:person", args=[application.user.pk])
    # Joining by oneself (an invitation) names the person themselves.
    newcomer = make_user(name="Nina Nieuw")
    edition_services.add_member(edition=edition, user=newcomer)
    assert _plain(recent_activity(edition=edition, user=joop)[0].sentence) == (
        "Nina Nieuw joined the edition"
    )


def test_each_sentence_names_its_object_and_links_to_it(edition, sanne, joop):
    document = make_document(edition, sanne, title="Werkplan inclusie")
    group = start(edition, joop, name="Leergroep X")
    thread = start_thread(
        group=group, author=joop, title="Eerste stappen", text="Hoi", visibility=Visibility.PLATFORM
    )
    rows = {row.verb: row for row in recent_activity(edition=edition, user=sanne, limit=20)}
    added = rows[Verb.DOCUMENT_ADDED]
    assert _plain(added.sentence) == "Sanne de Vries added ‘Werkplan inclusie’ to the library"
    assert added.url == reverse("library:document", args=[document.pk])
    started = rows[Verb.GROUP_STARTED]
    assert _plain(started.sentence) == "Joop Jansen started the learning group ‘Leergroep X’"
    assert started.url == reverse("groups:detail", args=[group.pk])
    posted = rows[Verb.POSTED]
    assert _plain(posted.sentence) == (
        "Joop Jansen started the discussion ‘Eerste stappen’ in ‘Leergroep X’"
    )
    assert posted.url.startswith(reverse("groups:thread", args=[thread.pk]) + "#post-")
    # Starting a group records joining it too; the feed says it once.
    assert Verb.GROUP_JOINED not in rows
    html = page(client_for(sanne), edition)
    assert f'href="{added.url}"' in html and f'href="{posted.url}"' in html


def test_joining_a_group_shows_once_and_starting_one_does_not_repeat_itself(edition, sanne, joop):
    group = start(edition, joop, name="Leergroep Y")
    join_group(group=group, user=sanne)  # a plain join records no "started" in its data
    joined = [
        _plain(row.sentence)
        for row in recent_activity(edition=edition, user=sanne, limit=20)
        if row.verb == Verb.GROUP_JOINED
    ]
    assert joined == ["Sanne de Vries joined the learning group ‘Leergroep Y’"]


def test_names_are_escaped(edition, sanne):
    make_document(edition, sanne, title="<script>alert(1)</script>")
    row = recent_activity(edition=edition, user=sanne)[0]
    assert "<script>" not in str(row.sentence) and "&lt;script&gt;" in str(row.sentence)


# --- Privacy -------------------------------------------------------------------------------------


def test_the_private_verbs_are_never_in_the_feed():
    assert not FEED_VERBS & set(PRIVATE_VERBS)
    for verb in (
        Verb.DOWNLOADED,
        Verb.REFLECTED,
        Verb.EVALUATED,
        Verb.UNREGISTERED,
        Verb.REGISTERED,
        Verb.CONSENT_GIVEN,
        Verb.LEFT,
        Verb.PARTICIPATION_ENDED,
    ):
        assert verb in PRIVATE_VERBS


def test_a_download_never_shows(edition, sanne, joop):
    document = make_document(edition, sanne, title="Toolkit")
    activity.record(actor=joop, verb=Verb.DOWNLOADED, edition=edition, target=document)
    activity.record(actor=joop, verb=Verb.REGISTERED, edition=edition, target=joop)
    for viewer in (sanne, joop):
        for chosen in (Filter.ALL, Filter.MINE):
            feed = activity_feed(edition=edition, user=viewer, filter=chosen)
            verbs = {entry.verb for day in feed.days for entry in day.entries}
            assert Verb.DOCUMENT_ADDED in verbs or chosen == Filter.MINE
            assert not verbs & {Verb.DOWNLOADED, Verb.REGISTERED}
    assert "downloaded" not in page(client_for(sanne), edition).lower()


def test_a_group_only_item_shows_to_its_members_only(edition, sanne, joop, fenna):
    group = start(edition, joop, name="Besloten kring")
    start_thread(group=group, author=joop, title="Alleen voor ons", text="Hoi")
    assert any("Alleen voor ons" in t for t in texts(edition, joop))
    for outsider in (sanne, fenna):
        assert not any("Alleen voor ons" in t for t in texts(edition, outsider))
        assert "Alleen voor ons" not in page(client_for(outsider), edition)


def test_confidential_work_never_shows_not_even_to_its_group(edition, joop):
    group = start(edition, joop, name="Kluis")
    make_document(
        edition, joop, title="Geheim plan", group=group, visibility=Visibility.CONFIDENTIAL
    )
    start_thread(
        group=group,
        author=joop,
        title="Geheim gesprek",
        text="x",
        visibility=Visibility.CONFIDENTIAL,
    )
    html = page(client_for(joop), edition)
    assert "Geheim" not in html
    assert all(
        entry.verb not in {Verb.DOCUMENT_ADDED, Verb.POSTED}
        for day in activity_feed(edition=edition, user=joop).days
        for entry in day.entries
    )


# --- Filters -------------------------------------------------------------------------------------


def test_filters_everything_my_groups_and_mine(edition, sanne, joop):
    mine = start(edition, sanne, name="Mijn groep")
    theirs = start(edition, joop, name="Andere groep")
    piet = make_member(edition, name="Piet Pieters")
    join_group(group=mine, user=piet)
    make_document(edition, sanne, title="Sannes stuk")
    make_document(edition, piet, title="Groepsstuk", group=mine, visibility=Visibility.PLATFORM)
    make_document(edition, joop, title="Joops stuk", group=theirs, visibility=Visibility.PLATFORM)

    everything = " | ".join(texts(edition, sanne, filter=Filter.ALL))
    assert all(t in everything for t in ("Sannes stuk", "Groepsstuk", "Joops stuk"))
    groups = " | ".join(texts(edition, sanne, filter=Filter.GROUPS))
    assert "Groepsstuk" in groups and "Mijn groep" in groups
    assert "Joops stuk" not in groups and "Sannes stuk" not in groups
    own = " | ".join(texts(edition, sanne, filter=Filter.MINE))
    assert "Sannes stuk" in own and "Mijn groep" in own
    assert "Groepsstuk" not in own and "Joops stuk" not in own

    client = client_for(sanne)
    html = page(client, edition, "?filter=mine")
    assert "Sannes stuk" in html and "Joops stuk" not in html
    assert 'href="?filter=mine" ' in html and 'aria-current="page">Mine' in html
    # htmx gets only the list back.
    fragment = client.get(
        reverse("editions:activity", args=[edition.slug]) + "?filter=groups", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert fragment.lstrip().startswith('<div id="activity-feed"') and "<html" not in fragment
    assert "Groepsstuk" in fragment and "Sannes stuk" not in fragment


def test_mine_includes_what_was_done_to_me(edition, fenna):
    newcomer = make_user(name="Nina Nieuw")
    edition_services.add_member(edition=edition, user=newcomer, actor=fenna)
    assert texts(edition, newcomer, filter=Filter.MINE) == [
        "Fenna Faciliteerder admitted Nina Nieuw"
    ]


# --- Days and pages ------------------------------------------------------------------------------


def test_the_feed_is_grouped_per_day_with_headings():
    today = dt.date(2026, 12, 3)
    assert day_heading(today, today=today) == "Today"
    assert day_heading(dt.date(2026, 12, 2), today=today) == "Yesterday"
    assert day_heading(dt.date(2026, 12, 1), today=today) == "Tuesday 1 December 2026"
    with translation.override("nl"):
        assert day_heading(today, today=today) == "Vandaag"
        assert day_heading(dt.date(2026, 12, 1), today=today) == "dinsdag 1 december 2026"


def test_rows_of_earlier_days_come_under_their_day(edition, sanne):
    make_document(edition, sanne, title="Vandaags stuk")
    old = make_document(edition, sanne, title="Oud stuk")
    earlier = timezone.now() - dt.timedelta(days=3)
    # The ledger is append-only: move the row back in time underneath it.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_activityentry SET created_at = %s WHERE target_id = %s",
            [earlier, str(old.pk)],
        )
    feed = activity_feed(edition=edition, user=sanne)
    assert [day.heading for day in feed.days] == [
        "Today",
        day_heading(timezone.localdate(earlier)),
    ]
    assert "Vandaags stuk" in _plain(feed.days[0].entries[0].sentence)
    assert "Oud stuk" in _plain(feed.days[1].entries[0].sentence)
    html = page(client_for(sanne), edition)
    assert html.index("Today") < html.index("Vandaags stuk") < html.index("Oud stuk")


def test_more_loads_the_next_page_without_repeating_the_day(edition, sanne):
    for number in range(7):
        make_document(edition, sanne, title=f"Stuk {number}")
    first = activity_feed(edition=edition, user=sanne, size=5)
    assert first.has_more and len(first.days[0].entries) == 5
    second = activity_feed(edition=edition, user=sanne, size=5, page=2, after_day=first.last_day)
    assert not second.has_more and second.days[0].continued
    total = len(recent_activity(edition=edition, user=sanne, limit=100))
    assert total > 5 and len(second.days[0].entries) == total - 5
    html = page(client_for(sanne), edition)
    assert ">More<" not in html  # 9 rows fit on one page of 30


def _fill(edition, people, group, count: int) -> None:
    verbs = [
        (Verb.DOCUMENT_ADDED, Visibility.PLATFORM),
        (Verb.POSTED, Visibility.GROUP),
        (Verb.JOINED, Visibility.PLATFORM),
        (Verb.DOWNLOADED, Visibility.PLATFORM),
    ]
    document = make_document(edition, people[0], title="Vol stuk", group=group)
    for number in range(count):
        verb, visibility = verbs[number % len(verbs)]
        target = people[number % len(people)] if verb == Verb.JOINED else document
        activity.record(
            actor=people[(number + 1) % len(people)],
            verb=verb,
            edition=edition,
            target=target,
            visibility=visibility,
            data={"group": group.pk, "thread": 1, "post": number, "new_thread": number % 2 == 0},
        )


def _queries(client, edition, query: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        page(client, edition, query)
    return len(queries)


def test_the_feed_costs_a_fixed_number_of_queries_for_10_or_200_rows(edition, settings):
    settings.VISITOR_CACHE_SECONDS = 0  # the page's own cost, not what the cache keeps
    people = [make_member(edition, name=f"Lid {n}") for n in range(5)]
    group = start(edition, people[0], name="Volle groep")
    client = client_for(people[0])
    filters = ("", "?filter=groups", "?filter=mine")
    _fill(edition, people, group, 10)
    page(client, edition)  # warm the caches (content types, session)
    few = [_queries(client, edition, query) for query in filters]
    _fill(edition, people, group, 190)
    many = [_queries(client, edition, query) for query in filters]
    assert few == many and max(many) <= 14
    assert ">More<" in page(client, edition)
    with CaptureQueriesContext(connection) as queries:
        rows = recent_activity(edition=edition, user=people[0], limit=10)
    assert len(rows) == 10 and len(queries) <= 2


# --- The dashboard -------------------------------------------------------------------------------


def test_the_dashboard_shows_the_last_few_and_links_to_the_feed(edition, sanne):
    Edition.objects.filter(pk=edition.pk).update(phase=Phase.CONSOLIDATION)
    make_document(edition, sanne, title="Werkplan inclusie")
    client = client_for(sanne)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("editions:dashboard", args=[edition.slug])).content.decode()
    assert "Sanne de Vries added ‘Werkplan inclusie’ to the library" in _plain(html)
    assert reverse("editions:activity", args=[edition.slug]) in html
