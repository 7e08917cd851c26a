"""Bringing and taking: counts from the ledger, compared with a hand-counted ledger.

The ledger below is written in three batches; the two meetings are then made to end between the
batches, so each batch falls in one meeting period (0: up to and including meeting 1, 1: between
meeting 1 and 2, 2: after meeting 2). Rows are written with the real services where that is cheap
(documents, the phase) and with `core.activity.record` otherwise.

    person (institution, group)    period 0                 period 1                       period 2
    Ann   (A, G1)                  PROPOSED, SUPPORTED,      DOCUMENT_ADDED, ATTENDED M2,   REFLECTION_SHARED,
                                   REFLECTED (neutral),      ATTENDED M1 (recorded late:    DOWNLOADED
                                                             counts in period 0)
    Bea   (A, G1)                  DOWNLOADED                REPORTED
    Cor   (A, G1, leaves at end    -                         POSTED, DOCUMENT_ADDED          DOWNLOADED
           of period 1)                                      (group-only document)
    Dirk  (B, G2)                  -                         DOWNLOADED
    Eva   (none, no group)         -                         -                               -
    Fred  facilitator              -                         -                               AGREEMENTS_PUBLISHED
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from leerplatform.accounts.models import Institution, User
from leerplatform.core import activity
from leerplatform.core.models import ActivityEntry, Verb
from leerplatform.core.visibility import Visibility
from leerplatform.editions import services as edition_services
from leerplatform.editions.models import Membership, Phase, Role
from leerplatform.groups.models import GroupMembership, LearningGroup
from leerplatform.library.services.documents import create_document
from leerplatform.meetings.models import Meeting
from leerplatform.reflection.models import JournalEntry
from leerplatform.reflection.queries import balance as queries
from tests import factories
from tests.conftest import client_for

SECRET_TITLE = "Geheim groepsdocument over casussen"


@dataclass
class Ledger:
    edition: object
    people: dict
    groups: dict
    themes: list
    meetings: list
    documents: dict


def _institutions():
    first, second = Institution.objects.order_by("name")[:2]
    return first, second


@pytest.fixture
def ledger(db) -> Ledger:
    edition = factories.make_edition(themes=4)
    themes = list(edition.themes.order_by("position"))
    inst_a, inst_b = _institutions()
    people = {
        "ann": factories.make_member(edition, name="Ann Aalbers", institution=inst_a),
        "bea": factories.make_member(edition, name="Bea Bakker", institution=inst_a),
        "cor": factories.make_member(edition, name="Cor Claessen", institution=inst_a),
        "dirk": factories.make_member(edition, name="Dirk Dekker", institution=inst_b),
        "eva": factories.make_member(edition, name="Eva Evers"),
        "fred": factories.make_member(edition, name="Fred Facilitator", role=Role.FACILITATOR),
    }
    g1 = LearningGroup.objects.create(edition=edition, name="Groep Een")
    g1.themes.set(themes[:2])
    g2 = LearningGroup.objects.create(edition=edition, name="Groep Twee")
    g2.themes.set(themes[2:3])
    for name in ("ann", "bea", "cor"):
        GroupMembership.objects.create(group=g1, user=people[name])
    GroupMembership.objects.create(group=g2, user=people["dirk"])
    far = timezone.now() + dt.timedelta(days=400)
    m1 = factories.make_meeting(edition, day=far.date(), title="Eerste bijeenkomst")
    m2 = factories.make_meeting(edition, day=(far + dt.timedelta(days=30)).date(), title="Tweede")

    def rec(who, verb, target=None, **kwargs):
        activity.record(actor=people[who], verb=verb, edition=edition, target=target, **kwargs)

    # Period 0
    rec("ann", Verb.PROPOSED, m1)
    rec("ann", Verb.SUPPORTED, m1)
    journal = JournalEntry.objects.create(user=people["ann"], edition=edition, note="Voor mij")
    rec("ann", Verb.REFLECTED, journal, visibility=Visibility.GROUP)
    rec("bea", Verb.DOWNLOADED, m1)
    t1 = timezone.now()
    # Period 1
    ann_doc = create_document(
        edition=edition, actor=people["ann"], title="Toolkit werkdruk", summary="S", kind="toolkit"
    )
    rec("ann", Verb.ATTENDED, m2)
    rec("ann", Verb.ATTENDED, m1)  # ticked late: still counts with meeting 1
    rec("bea", Verb.REPORTED, g1)
    rec("cor", Verb.POSTED, g1)
    secret = create_document(
        edition=edition,
        actor=people["cor"],
        title=SECRET_TITLE,
        summary="S",
        kind="toolkit",
        group=g1,
        visibility=Visibility.GROUP,
    )
    rec("dirk", Verb.DOWNLOADED, ann_doc)
    t2 = timezone.now()
    GroupMembership.objects.filter(group=g1, user=people["cor"]).update(left_at=t2)
    # Period 2
    rec("ann", Verb.REFLECTION_SHARED, journal)
    rec("ann", Verb.DOWNLOADED, ann_doc)
    rec("cor", Verb.DOWNLOADED, ann_doc)
    rec("fred", Verb.AGREEMENTS_PUBLISHED)
    Meeting.objects.filter(pk=m1.pk).update(starts_at=t1 - dt.timedelta(hours=8), ends_at=t1)
    Meeting.objects.filter(pk=m2.pk).update(starts_at=t2 - dt.timedelta(hours=8), ends_at=t2)
    return Ledger(
        edition=edition,
        people=people,
        groups={"g1": g1, "g2": g2},
        themes=themes,
        meetings=[m1, m2],
        documents={"ann": ann_doc, "secret": secret},
    )


def _cells(rows):
    return {cell.key: cell.counts for cell in rows}


# --- Periods ----------------------------------------------------------------------------------


def test_periods_are_split_by_the_published_meetings(ledger):
    periods = queries.periods_of(list(Meeting.objects.filter(edition=ledger.edition)))
    assert [p.index for p in periods] == [0, 1, 2]
    assert periods[0].meeting.title == "Eerste bijeenkomst"
    assert periods[2].meeting is None


def test_an_edition_without_meetings_has_one_period(db, participant, edition):
    activity.record(actor=participant, verb=Verb.SUPPORTED, edition=edition)
    balance = queries.my_balance(user=participant, edition=edition)
    assert len(balance.periods) == 1
    assert [(r.brought, r.taken) for r in balance.chart.rows] == [(1, 0)]


# --- My give and take ------------------------------------------------------------------------


def test_my_counts_per_period_and_kind_match_the_hand_count(ledger):
    balance = queries.my_balance(user=ledger.people["ann"], edition=ledger.edition)
    bring, take = _cells(balance.bring_rows), _cells(balance.take_rows)
    assert bring["proposals"] == [2, 0, 0]
    assert bring["documents"] == [0, 1, 0]
    assert bring["reflections"] == [0, 0, 1]
    assert bring["reports"] == bring["posts"] == bring["presentations"] == [0, 0, 0]
    assert take["meetings"] == [1, 1, 0]  # the late tick counts with meeting 1
    # Ann's download of her own document is not taking (core.models.VERB_RULES).
    assert take["downloads"] == [0, 0, 0]
    assert [(r.brought, r.taken) for r in balance.chart.rows] == [(2, 1), (1, 1), (1, 0)]
    assert (balance.brought, balance.taken) == (4, 2)
    # The list has every row of mine, neutral ones included (joining the edition, the private
    # reflection), newest first.
    verbs = [entry.verb for entry in balance.entries.object_list]
    assert len(verbs) == 9
    assert {Verb.REFLECTED, Verb.JOINED} <= set(verbs)
    assert verbs[0] == Verb.DOWNLOADED


def test_other_peoples_counts_match_the_hand_count(ledger):
    def totals(name):
        b = queries.my_balance(user=ledger.people[name], edition=ledger.edition)
        return [(r.brought, r.taken) for r in b.chart.rows]

    assert totals("bea") == [(0, 1), (1, 0), (0, 0)]
    assert totals("cor") == [(0, 0), (2, 0), (0, 1)]
    assert totals("dirk") == [(0, 0), (0, 1), (0, 0)]
    assert totals("eva") == [(0, 0), (0, 0), (0, 0)]


def test_summary_for_the_dashboard_tile(ledger, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert queries.summary(ledger.people["ann"], ledger.edition) == (4, 2)
    assert queries.summary(ledger.people["eva"], ledger.edition) == (0, 0)


def test_the_summary_built_once_reads_what_the_orm_reads(ledger):
    # core.statements runs the SQL built once with the real ids: the same numbers as the ORM.
    for person in ledger.people.values():
        totals = queries._summary_totals(person.pk, ledger.edition.pk)
        expected = (totals["brought"], totals["taken"])
        assert queries.summary(person, ledger.edition) == expected


def _summary_reads(person, edition) -> tuple[tuple[int, int], int]:
    with CaptureQueriesContext(connection) as captured:
        totals = queries.summary(person, edition)
    return totals, sum('"core_activityentry"' in q["sql"] for q in captured.captured_queries)


def test_the_tile_is_counted_once_and_again_after_any_change(ledger):
    """The tile is kept per person under the content version (core.shared_reads.personal): a
    second dashboard does not count again, and a new row, or a document that becomes one's own,
    shows at once."""
    ann, dirk, edition = ledger.people["ann"], ledger.people["dirk"], ledger.edition
    assert _summary_reads(ann, edition) == ((4, 2), 1)
    assert _summary_reads(ann, edition) == ((4, 2), 0)
    # Kept per person: Dirk's numbers are his own, not Ann's.
    assert _summary_reads(dirk, edition) == ((0, 1), 1)

    activity.record(actor=ann, verb=Verb.POSTED, edition=edition, target=ledger.groups["g1"])
    assert _summary_reads(ann, edition) == ((5, 2), 1)

    # Ann names Dirk as an author of her document: his download of it is no longer taking.
    ledger.documents["ann"].authors.add(dirk)
    assert _summary_reads(dirk, edition) == ((0, 0), 1)


@override_settings(VISITOR_CACHE_SECONDS=0)
def test_without_a_shared_cache_the_tile_is_counted_every_time(ledger):
    ann = ledger.people["ann"]
    assert _summary_reads(ann, ledger.edition) == ((4, 2), 1)
    assert _summary_reads(ann, ledger.edition) == ((4, 2), 1)


def test_my_page_shows_my_rows_only(ledger):
    response = client_for(ledger.people["dirk"]).get(
        reverse("reflection:balance", kwargs={"slug": ledger.edition.slug})
    )
    assert response.status_code == 200
    entries = list(response.context["page"].object_list)
    assert entries and {e.actor_id for e in entries} == {ledger.people["dirk"].pk}
    html = response.content.decode()
    assert SECRET_TITLE not in html
    assert "Voor mij" not in html


def test_my_page_links_what_i_may_still_see_and_labels_the_rest(ledger):
    ann_doc, secret = ledger.documents["ann"], ledger.documents["secret"]
    url = reverse("reflection:balance", kwargs={"slug": ledger.edition.slug})
    response = client_for(ledger.people["ann"]).get(url)
    html = response.content.decode()
    assert f'href="{ann_doc.get_absolute_url()}"' in html
    journal = JournalEntry.objects.get(user=ledger.people["ann"])
    assert f'href="{reverse("reflection:entry", kwargs={"entry_pk": journal.pk})}"' in html
    # Cor left the group: his group-only document is his row's label, without a link.
    response = client_for(ledger.people["cor"]).get(url)
    html = response.content.decode()
    assert SECRET_TITLE in html
    assert f'href="{secret.get_absolute_url()}"' not in html
    entry = next(e for e in response.context["page"].object_list if e.target_label == SECRET_TITLE)
    assert entry.link is None


def test_a_target_that_no_longer_exists_shows_its_label(ledger):
    group = LearningGroup.objects.create(edition=ledger.edition, name="Kortstondige groep")
    activity.record(
        actor=ledger.people["eva"], verb=Verb.GROUP_STARTED, edition=ledger.edition, target=group
    )
    group.delete()
    response = client_for(ledger.people["eva"]).get(
        reverse("reflection:balance", kwargs={"slug": ledger.edition.slug})
    )
    assert "Kortstondige groep" in response.content.decode()
    assert response.context["page"].object_list[0].link is None


def test_my_page_pages_through_my_rows(ledger):
    eva = ledger.people["eva"]
    for _i in range(queries.ENTRIES_PER_PAGE + 3):
        activity.record(actor=eva, verb=Verb.SUPPORTED, edition=ledger.edition)
    url = reverse("reflection:balance", kwargs={"slug": ledger.edition.slug})
    response = client_for(eva).get(url, {"page": 2})
    assert len(response.context["page"].object_list) == 4  # 3 more, and joining the edition
    assert response.context["balance"].brought == queries.ENTRIES_PER_PAGE + 3


# --- The network's balance ---------------------------------------------------------------------


def _rows(breakdown):
    """Per unit: (people, brought, taken, whether figures per participant are shown)."""
    return {
        row.label: (row.people, row.brought, row.taken, row.brought_per_person is not None)
        for row in breakdown.rows
    }


def test_network_counts_match_the_hand_count(ledger):
    network = queries.network_balance(edition=ledger.edition)
    # Participants only: Fred's agreements are not part of the give and take.
    # Ann's download of her own document does not count.
    assert (network.brought, network.taken, network.people) == (7, 5, 5)
    assert [(r.brought, r.taken) for r in network.by_period.rows] == [(2, 2), (4, 2), (1, 1)]
    inst_a, inst_b = _institutions()
    # Every institution shows its totals; figures per participant only from three on.
    assert _rows(network.by_institution) == {
        inst_a.name: (3, 7, 4, True),
        inst_b.name: (1, 0, 1, False),
        "Geen instelling opgegeven": (1, 0, 0, False),
    }
    # Cor left Groep Een before period 2: his last download counts for no group.
    assert _rows(network.by_group) == {
        "Groep Een": (3, 7, 3, True),
        "Groep Twee": (1, 0, 1, False),
    }
    t1, t2, t3, _t4 = ledger.themes
    assert _rows(network.by_theme) == {
        t1.title: (3, 7, 3, True),
        t2.title: (3, 7, 3, True),
        t3.title: (1, 0, 1, False),
    }


def test_a_third_participant_shows_the_figures_per_participant(ledger):
    _inst_a, inst_b = _institutions()
    User.objects.filter(pk=ledger.people["eva"].pk).update(institution=inst_b)
    third = factories.make_member(ledger.edition, name="Fien Fransen", institution=inst_b)
    activity.record(actor=third, verb=Verb.SUPPORTED, edition=ledger.edition)
    network = queries.network_balance(edition=ledger.edition)
    row = next(r for r in network.by_institution.rows if r.label == inst_b.name)
    assert (row.people, row.brought, row.taken) == (3, 1, 1)  # Fien's support, Dirk's download
    assert (row.brought_per_person, row.taken_per_person) == (1 / 3, 1 / 3)


def test_not_seen_in_this_phase(ledger, facilitator):
    people = ledger.people
    network = queries.network_balance(edition=ledger.edition)
    assert network.phase_since is None
    assert [p.name for p in network.not_seen] == ["Eva Evers"]
    edition_services.change_phase(
        edition=ledger.edition, phase=Phase.CONSOLIDATION, actor=people["fred"]
    )
    activity.record(actor=people["bea"], verb=Verb.SUPPORTED, edition=ledger.edition)
    # Neutral rows do not count as having been seen.
    activity.record(actor=people["dirk"], verb=Verb.REGISTERED, edition=ledger.edition)
    network = queries.network_balance(edition=ledger.edition)
    assert network.phase_since is not None
    assert [p.name for p in network.not_seen] == [
        "Ann Aalbers",
        "Cor Claessen",
        "Dirk Dekker",
        "Eva Evers",
    ]


def test_people_who_left_are_not_invited(ledger):
    Membership.objects.filter(user=ledger.people["eva"]).update(left_at=timezone.now())
    assert queries.network_balance(edition=ledger.edition).not_seen == []


def test_network_page_is_an_invitation_without_labels_or_scores(ledger):
    response = client_for(ledger.people["fred"]).get(
        reverse("reflection:network_balance", kwargs={"slug": ledger.edition.slug})
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Not seen yet in this phase" in html or "Nog niet gezien" in html
    assert "mailto:" + ledger.people["eva"].email in html
    # Group names and meeting titles are the units and periods; no item is ever named, least of
    # all a group-only one.
    group_only = ActivityEntry.objects.filter(edition=ledger.edition, visibility=Visibility.GROUP)
    assert group_only.exists()
    for label in [*group_only.values_list("target_label", flat=True), "Toolkit werkdruk"]:
        assert label not in html, label
    assert SECRET_TITLE not in html
    # No person's name next to a number: only Eva, the one invited, is named.
    for name in ("Ann Aalbers", "Bea Bakker", "Cor Claessen", "Dirk Dekker"):
        assert name not in html


# --- Who may see what ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, mine, network",
    [
        ("visitor", 302, 302),
        ("outsider", 403, 403),
        ("participant", 200, 403),
        ("facilitator", 200, 200),
        ("staff", 403, 200),
    ],
)
def test_who_may_open_the_pages(world, role, mine, network):
    client = client_for(world.users[role])
    slug = world.edition.slug
    assert client.get(reverse("reflection:balance", kwargs={"slug": slug})).status_code == mine
    assert (
        client.get(reverse("reflection:network_balance", kwargs={"slug": slug})).status_code
        == network
    )


def test_an_unpublished_edition_is_not_found_for_outsiders(db, outsider):
    edition = factories.make_edition(is_published=False)
    for name in ("reflection:balance", "reflection:network_balance"):
        response = client_for(outsider).get(reverse(name, kwargs={"slug": edition.slug}))
        assert response.status_code == 404


def test_participants_accept_the_agreements_first(ledger):
    from leerplatform.membership.services.agreements import publish_agreements

    publish_agreements(edition=ledger.edition, text="Afspraken", actor=ledger.people["fred"])
    response = client_for(ledger.people["ann"]).get(
        reverse("reflection:balance", kwargs={"slug": ledger.edition.slug})
    )
    assert response.status_code == 302
    assert reverse("membership:agreements", kwargs={"slug": ledger.edition.slug}) in response.url


# --- A fixed number of queries -----------------------------------------------------------------


def _populate(edition, participants: int, *, viewer) -> None:
    """`participants` people with a ledger each (bulk-created), spread over institutions and
    groups; the viewer gets rows of every kind of target."""
    institutions = list(Institution.objects.order_by("name")[:5])
    password = make_password(None)
    users = User.objects.bulk_create(
        User(
            email=f"bulk{edition.pk}-{i}@example.org",
            name=f"Bulk {i}",
            password=password,
            institution=institutions[i % len(institutions)],
        )
        for i in range(participants)
    )
    Membership.objects.bulk_create(
        Membership(user=user, edition=edition, role=Role.PARTICIPANT) for user in users
    )
    themes = list(edition.themes.all())
    groups = []
    for i in range(4):
        group = LearningGroup.objects.create(edition=edition, name=f"Groep {i}")
        group.themes.set(themes[i : i + 2])
        groups.append(group)
    long_ago = timezone.now() - dt.timedelta(days=1)
    GroupMembership.objects.bulk_create(
        GroupMembership(group=groups[i % 4], user=user, joined_at=long_ago)
        for i, user in enumerate(users)
    )
    verbs = [Verb.SUPPORTED, Verb.ATTENDED, Verb.DOWNLOADED, Verb.POSTED, Verb.REGISTERED]
    from leerplatform.core.models import VERB_DIRECTIONS

    ActivityEntry.objects.bulk_create(
        ActivityEntry(
            actor=user,
            verb=verb,
            direction=VERB_DIRECTIONS[verb],
            edition=edition,
            target_label="x",
        )
        for user in users
        for verb in verbs
    )
    meeting = Meeting.objects.filter(edition=edition).first()
    document = create_document(
        edition=edition, actor=viewer, title="Eigen document", summary="S", kind="toolkit"
    )
    for target, verb in [
        (meeting, Verb.ATTENDED),
        (document, Verb.DOWNLOADED),
        (groups[0], Verb.GROUP_JOINED),
        (edition, Verb.PROPOSED),
    ]:
        activity.record(actor=viewer, verb=verb, edition=edition, target=target)


@pytest.mark.parametrize("size", [10, 2000])
def test_pages_cost_a_fixed_number_of_queries(db, size, as_user, django_assert_max_num_queries):
    edition = factories.make_edition()
    viewer = factories.make_member(edition, role=Role.FACILITATOR)
    for i in range(3):
        factories.make_meeting(edition, day=dt.date(2019, 6 + i, 10))
    _populate(edition, size, viewer=viewer)
    client = as_user(viewer)
    slug = edition.slug
    client.get(reverse("reflection:balance", kwargs={"slug": slug}))  # warm the caches
    # 15 (+1: the notification bell's unread count): one of them counts the rows about confidential work (listed only as a number).
    with django_assert_max_num_queries(15):
        response = client.get(reverse("reflection:balance", kwargs={"slug": slug}))
    assert response.status_code == 200
    assert response.context["balance"].taken == 1  # the download of one's own document: no
    with django_assert_max_num_queries(16):
        response = client.get(reverse("reflection:network_balance", kwargs={"slug": slug}))
    assert response.status_code == 200
    network = response.context["network"]
    assert (network.brought, network.taken) == (2 * size, 2 * size)
