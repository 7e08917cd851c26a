"""Each action counts once: the rules of core.models.VERB_RULES (counted by core.counting),
checked against a small scenario counted by hand.

The scenario, written with the real services (library, groups) where there is one, in an edition
without meetings (one period, "the whole edition"):

    what happens                                   ledger rows                     counts as
    1  Ann adds document D with two files          DOCUMENT_ADDED, FILE_UPLOADED   Ann +1 bring
                                                   (v1) x2                         (one document)
    2  Ann uploads a new version of file a         FILE_UPLOADED (v2)              Ann +1 bring
    3  Ann changes D's summary                     DOCUMENT_CHANGED                counted already
    4  Ann downloads her own file a                DOWNLOADED (neutral, own)       nothing
    5  Ann reads her own document                  (no row)                        nothing
    6  Bea reads D, twice                          DOCUMENT_READ x1                Bea +1 take
    7  Bea downloads files a and b                 DOWNLOADED x2                   counted already
    8  Cor downloads file b (without reading)      DOWNLOADED                      Cor +1 take
    9  Bea starts group G                          GROUP_STARTED, GROUP_JOINED     Bea +1 bring
    10 Cor joins G, leaves it, joins again         GROUP_JOINED x2, GROUP_LEFT     Cor +1 bring
    11 Bea saves the work plan (v1), agrees it     WORKPLAN_EDITED, _AGREED        Bea +1 bring
    12 Cor saves the work plan (v2)                WORKPLAN_EDITED                 Cor +1 bring
    13 Cor comments twice on a proposal            COMMENTED x2                    Cor +2 bring
    14 rows as an older version wrote them:        WORKPLAN_AGREED (as bring),     nothing
       Bea's agreement, Ann's own download         DOWNLOADED (as take)            nothing

    By hand:  Ann brought 2, took 0;  Bea brought 2, took 1;  Cor brought 4, took 1.
              The network: brought 8, took 2.
"""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from leerplatform.core import activity
from leerplatform.core.counting import AGAIN, OWN
from leerplatform.core.models import VERB_RULES, ActivityEntry, Counting, Direction, Verb
from leerplatform.groups.services import groups as group_services
from leerplatform.groups.services import workplan
from leerplatform.library.models import Document
from leerplatform.library.services import documents as document_services
from leerplatform.library.services import files as file_services
from leerplatform.reflection.queries import balance as queries
from leerplatform.showcase.queries.reports import balance_per_period
from tests import factories
from tests.conftest import client_for
from tests.library import factories_files as ff

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario():
    edition = factories.make_edition(themes=2)
    ann = factories.make_member(edition, name="Ann Aalbers")
    bea = factories.make_member(edition, name="Bea Bakker")
    cor = factories.make_member(edition, name="Cor Claessen")
    # 1-3: Ann's document, a new version of one file, a change of its summary.
    document = ff.make_document(
        edition, ann, uploads=[ff.upload("a.txt", b"een"), ff.upload("b.txt", b"twee")]
    )
    file_a, file_b = document.attachments.order_by("pk")
    file_services.upload_version(attachment=file_a, upload=ff.upload("a.txt", b"drie"), actor=ann)
    file_a.refresh_from_db()
    document_services.change_document(document=document, actor=ann, summary="Beter gezegd.")
    # 4-5: Ann takes her own work.
    file_services.record_download(version=file_a.current, user=ann)
    assert file_services.record_read(document=document, user=ann) is None
    # 6-8: Bea reads twice and downloads both files; Cor downloads one without reading.
    file_services.record_read(document=document, user=bea)
    assert file_services.record_read(document=document, user=bea) is None
    file_services.record_download(version=file_a.current, user=bea)
    file_services.record_download(version=file_b.current, user=bea)
    file_services.record_download(version=file_b.current, user=cor)
    # 9-10: a group started, joined, left and joined again.
    group = group_services.start_group(
        edition=edition, actor=bea, name="Werkgeluk", themes=[edition.themes.first()]
    )
    group_services.join_group(group=group, user=cor)
    group_services.leave_group(group=group, user=cor)
    group_services.join_group(group=group, user=cor)
    # 11-12: the work plan.
    first = workplan.save_workplan(
        group=group, author=bea, base_number=0, parts={"ambition": "Samen leren"}
    )
    assert first is not None
    workplan.agree_workplan(version=first, actor=bea)
    workplan.save_workplan(
        group=group, author=cor, base_number=1, parts={"ambition": "Samen beter leren"}
    )
    # 13: two comments (on a proposal; the target does not matter: comments count every time).
    for _i in range(2):
        activity.record(actor=cor, verb=Verb.COMMENTED, edition=edition, target=group)
    # 14: rows as they were written before the rules of today.
    document_type = ContentType.objects.get_for_model(Document)
    ActivityEntry.objects.create(
        actor=bea, verb=Verb.WORKPLAN_AGREED, direction=Direction.BRING, edition=edition
    )
    ActivityEntry.objects.create(
        actor=ann,
        verb=Verb.DOWNLOADED,
        direction=Direction.TAKE,
        edition=edition,
        target_type=document_type,
        target_id=str(document.pk),
    )
    return edition, {"ann": ann, "bea": bea, "cor": cor}, document


def test_every_verb_has_a_rule():
    assert set(VERB_RULES) == set(Verb.values)
    for verb, rule in VERB_RULES.items():
        counted = rule.direction != Direction.NEUTRAL
        assert counted == (rule.counting != Counting.NOT_COUNTED), verb
        if rule.family:
            # A family counts once per person per thing: all its verbs say so.
            assert rule.counting in (Counting.ONCE_PER_THING, Counting.NEW_VERSION), verb
    assert VERB_RULES[Verb.DOCUMENT_READ].direction == Direction.TAKE
    assert VERB_RULES[Verb.WORKPLAN_AGREED].direction == Direction.NEUTRAL


def test_each_person_counts_as_counted_by_hand(scenario):
    edition, people, _document = scenario
    expected = {"ann": (2, 0), "bea": (2, 1), "cor": (4, 1)}
    for name, (brought, taken) in expected.items():
        balance = queries.my_balance(user=people[name], edition=edition)
        assert (balance.brought, balance.taken) == (brought, taken), name
        assert queries.summary(people[name], edition) == (brought, taken), name


def test_the_kinds_match_the_hand_count(scenario):
    edition, people, _document = scenario

    def kinds(name):
        balance = queries.my_balance(user=people[name], edition=edition)
        return {c.key: c.total for c in [*balance.bring_rows, *balance.take_rows] if c.total}

    assert kinds("ann") == {"documents": 2}
    assert kinds("bea") == {"groupwork": 2, "downloads": 1}
    assert kinds("cor") == {"groupwork": 2, "proposals": 2, "downloads": 1}


def test_the_network_and_the_closing_report_count_the_same(scenario):
    edition, _people, _document = scenario
    network = queries.network_balance(edition=edition)
    assert (network.brought, network.taken, network.people) == (8, 2, 3)
    [whole] = balance_per_period(edition=edition, meetings=[])
    assert (whole.bring, whole.take) == (8, 2)


def test_my_list_says_how_each_row_counted(scenario):
    edition, people, _document = scenario
    balance = queries.my_balance(user=people["ann"], edition=edition)
    how = [(entry.verb, entry.counts_as) for entry in balance.entries.object_list]
    assert how.count((Verb.DOCUMENT_ADDED, Direction.BRING)) == 1
    assert how.count((Verb.FILE_UPLOADED, AGAIN)) == 2  # the first files: with the document
    assert how.count((Verb.FILE_UPLOADED, Direction.BRING)) == 1  # the new version
    assert how.count((Verb.DOCUMENT_CHANGED, AGAIN)) == 1
    assert how.count((Verb.DOWNLOADED, OWN)) == 2  # the new row and the old one
    assert not ActivityEntry.objects.filter(actor=people["ann"], verb=Verb.DOCUMENT_READ).exists()
    # The page shows it in words.
    response = client_for(people["ann"]).get(
        reverse("reflection:balance", kwargs={"slug": edition.slug})
    )
    html = response.content.decode()
    assert "balance-entry__direction--again" in html
    assert "balance-entry__direction--own" in html


def test_a_named_author_who_never_touched_the_document_does_not_take_it(scenario):
    edition, people, document = scenario
    document_services.change_document(
        document=document, actor=people["ann"], authors=[people["ann"], people["cor"]]
    )
    # Cor's earlier download (step 8) is now of his own document: it no longer counts.
    assert queries.summary(people["cor"], edition) == (4, 0)
    # And a new read of it records nothing.
    assert file_services.record_read(document=document, user=people["cor"]) is None


def test_the_rules_are_on_the_page(scenario):
    edition, people, _document = scenario
    response = client_for(people["bea"]).get(
        reverse("reflection:balance", kwargs={"slug": edition.slug})
    )
    bring, take, explained = response.context["counting"]
    assert {rule.verb for rule in take} == {Verb.ATTENDED, Verb.DOWNLOADED, Verb.DOCUMENT_READ}
    assert Verb.WORKPLAN_AGREED in {rule.verb for rule in explained}
    assert Verb.FILE_UPLOADED in {rule.verb for rule in bring}


def test_ones_own_documents_are_found_through_indexes(scenario):
    """The give-and-take count asks, for each read or download, whether the document is the
    reader's own. Asked as one "author or creator" condition across the authors' join, SQLite read
    every document of the library for every counted row (0.8 s for one dashboard over a ledger of
    100,000 rows); asked as two sets, each is found through its own index, and for one person's
    count each set is read once."""
    from django.db import connection

    from leerplatform.reflection.queries.balance import _summary_query

    if connection.vendor != "sqlite":
        pytest.skip("the plan asked is SQLite's (EXPLAIN QUERY PLAN)")
    edition, people, _document = scenario
    sql, params = _summary_query(people["bea"].pk, edition.pk).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        steps = [row[3] for row in cursor.fetchall()]
    library = [step for step in steps if "library_document" in step or " U1" in step]
    assert library, steps  # the count does ask about the library
    assert not [step for step in steps if step.startswith("SCAN")], steps
    # One person's count reads their documents once, not again for every row.
    assert "LIST SUBQUERY" in " ".join(steps)
    assert not [step for step in steps if step.startswith("CORRELATED LIST")], steps


def test_one_persons_count_decides_each_row_once(scenario):
    """The dashboard tile's count groups the person's rows by how they count: the counting CASE
    is in its SQL once. Counted with a FILTER per total and filtered on, each row was decided
    three times (0.8 ms of the dashboard's 5.4 over the bench ledger, on SQLite)."""
    from leerplatform.reflection.queries.balance import _summary_query

    edition, people, _document = scenario
    sql, _params = _summary_query(people["bea"].pk, edition.pk).query.sql_with_params()
    # Each decision asks once whether the row's document is the person's own (as an author).
    assert sql.count("library_document_authors") == 1, sql
