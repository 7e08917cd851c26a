"""core.statements: a query's SQL built once, run with the real ids."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Count, Exists, OuterRef, Q, Value
from django.utils import timezone

from leerplatform.accounts.models import User
from leerplatform.core.statements import Statement
from leerplatform.editions.models import Membership, Role
from tests import factories


def _counts(edition_id: int, user_id: int) -> dict:
    return Membership.objects.filter(edition_id=edition_id).aggregate(
        everyone=Count("pk"), mine=Count("pk", filter=Q(user_id=user_id))
    )


def _counts_query(edition_id: int, user_id: int):
    return (
        Membership.objects.filter(edition_id=edition_id)
        .order_by()
        .annotate(one=Value(1))
        .values("one")
        .annotate(everyone=Count("pk"), mine=Count("pk", filter=Q(user_id=user_id)))
        .values_list("everyone", "mine")
    )


def test_a_statement_reads_what_the_orm_reads_for_every_argument(db, django_assert_num_queries):
    first, second = factories.make_edition(), factories.make_edition()
    people = User.objects.bulk_create(
        User(email=f"s{i}@example.org", name=f"S {i}") for i in range(3)
    )
    Membership.objects.bulk_create(
        [Membership(edition=first, user=p, role=Role.PARTICIPANT) for p in people]
        + [Membership(edition=second, user=people[0], role=Role.PARTICIPANT)]
    )
    statement = Statement(_counts_query)
    third = factories.make_edition()  # no members: the totals of nothing
    assert statement.row(third.pk, people[0].pk) == (0, 0)
    for edition in (first, second):
        for person in people:
            expected = _counts(edition.pk, person.pk)
            with django_assert_num_queries(1):  # only the real query
                row = statement.row(edition.pk, person.pk)
            assert row == (expected["everyone"], expected["mine"])


def _joined_since(edition_id: int, since):
    return (
        Membership.objects.filter(edition_id=edition_id, joined_at__gt=since)
        .annotate(
            is_participant=Exists(Membership.objects.filter(pk=OuterRef("pk"), role="participant"))
        )
        .order_by("pk")
        .values_list("pk", "joined_at", "is_participant")
    )


def test_a_moment_is_an_argument_and_columns_convert_as_the_orm_converts(db):
    edition = factories.make_edition()
    people = [factories.make_member(edition) for _ in range(3)]
    Membership.objects.filter(user=people[0]).update(
        joined_at=timezone.now() - dt.timedelta(days=10)
    )
    statement = Statement(_joined_since)
    for since in (timezone.now() - dt.timedelta(days=1), timezone.now() - dt.timedelta(days=30)):
        expected = list(_joined_since(edition.pk, since))
        assert statement.rows(edition.pk, since) == expected
        assert all(isinstance(joined, dt.datetime) for _pk, joined, _p in expected)
        assert all(is_participant is True for _pk, _joined, is_participant in expected)
    assert len(statement.rows(edition.pk, timezone.now() - dt.timedelta(days=1))) == 2


def _members_of_slug(slug: str, user_id: int):
    return (
        Membership.objects.filter(edition__slug=slug)
        .annotate(is_me=Exists(Membership.objects.filter(pk=OuterRef("pk"), user_id=user_id)))
        .order_by("pk")
        .values_list("edition_id", "is_me")
    )


def test_a_text_is_an_argument_compared_for_equality(db):
    first, second = factories.make_edition(), factories.make_edition()
    me = factories.make_member(first)
    factories.make_member(first)
    factories.make_member(second)
    statement = Statement(_members_of_slug)
    for edition in (first, second):
        assert statement.rows(edition.slug, me.pk) == list(_members_of_slug(edition.slug, me.pk))
    assert statement.rows("no-such-edition", me.pk) == []
    assert statement.rows(first.slug, me.pk) == [(first.pk, True), (first.pk, False)]


def _named_like(edition_id: int):
    """Constants that SQL must keep as they are: a quote, a percent sign, a `%s`, a boolean."""
    return (
        User.objects.filter(memberships__edition_id=edition_id)
        .filter(Q(name="O'Neil 50% %s") | Q(name__startswith="100%"), is_active=True)
        .order_by("pk")
        .values_list("pk", "name")
    )


def test_only_the_arguments_are_bound_and_constants_keep_their_text(db):
    """SQLite prepares a statement again on every run when a bound value meets a partial index's
    column (e.g. the ledger's `verb`), and PostgreSQL's one plan for a prepared statement could
    not use such an index: a statement's constants are written into its SQL, quoted by the
    database's rules, and only its arguments are bound."""
    edition = factories.make_edition()
    odd = factories.make_member(edition, name="O'Neil 50% %s")
    hundred = factories.make_member(edition, name="100% zeker")
    factories.make_member(edition, name="O'Neil 50% x")
    statement = Statement(_named_like)
    expected = list(_named_like(edition.pk))
    assert [pk for pk, _name in expected] == [odd.pk, hundred.pk]
    assert statement.rows(edition.pk) == expected
    compiled = next(iter(statement._compiled.values()))
    assert len(compiled.params) == 1  # the one argument's place, nothing else
    assert compiled.slots == [(0, 0)]
    assert "'O''Neil 50%% %%s'" in compiled.sql
    assert statement.rows(edition.pk) == expected  # and again, from the kept SQL


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_on_postgresql_a_statement_is_prepared_once_per_connection(django_assert_num_queries):
    """PostgreSQL plans a statement once per connection, not on every run: the statement is
    among the connection's prepared statements, and running it is still one query."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("prepared statements on PostgreSQL")
    edition = factories.make_edition()
    me = factories.make_member(edition)
    statement = Statement(_counts_query)
    prepared = "SELECT statement FROM pg_prepared_statements WHERE statement LIKE %s"
    marker = "%editions_membership%"

    def prepared_now() -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute(prepared, [marker])
            return [row[0] for row in cursor.fetchall()]

    assert prepared_now() == []
    expected = list(_counts_query(edition.pk, me.pk))
    for _ in range(3):
        with django_assert_num_queries(1) as captured:
            assert statement.rows(edition.pk, me.pk) == expected
        # The debug log shows it with its values, as for Django's own queries.
        assert f"= {edition.pk}" in captured.captured_queries[0]["sql"]
    found = prepared_now()
    assert len(found) == 1 and "$1" in found[0] and "$2" in found[0]
    # A rollback (the statement in it) and a new connection: it still answers, prepared anew.
    from django.db import transaction

    with transaction.atomic():
        statement.rows(edition.pk, me.pk)
        transaction.set_rollback(True)
    assert statement.rows(edition.pk, me.pk) == expected
    connection.close()
    assert prepared_now() == []
    assert statement.rows(edition.pk, me.pk) == expected
    assert len(prepared_now()) == 1
    # Without prepared statements (DATABASE_PREPARED_STATEMENTS=false, e.g. behind pgbouncer):
    # Django's own cursor, nothing prepared, the same rows.
    connection.close()
    connection.ensure_connection()
    connection.connection.prepare_threshold = None
    assert statement.rows(edition.pk, me.pk) == expected
    assert prepared_now() == []
    connection.close()


def test_instances_are_what_the_orm_makes_with_their_related_rows_and_no_more_queries(
    db, django_assert_num_queries
):
    from leerplatform.core.statements import InstanceStatement
    from leerplatform.meetings.models import Meeting

    edition = factories.make_edition(themes=1)
    theme = edition.themes.get()
    with_theme = factories.make_meeting(edition, theme=theme)
    without = factories.make_meeting(edition, day=dt.date(2019, 11, 14))
    statement = InstanceStatement(
        Meeting, lambda pk: Meeting.objects.filter(pk=pk), related=("edition", "theme")
    )
    for meeting in (with_theme, without):
        expected = Meeting.objects.select_related("edition", "theme").get(pk=meeting.pk)
        with django_assert_num_queries(1):
            found = statement.instance(meeting.pk)
            assert found is not None
            assert found.edition.name == edition.name  # from the same row: no query
            theme_title = found.theme.title if found.theme is not None else None
        fields = [f.attname for f in Meeting._meta.concrete_fields]
        assert [getattr(found, f) for f in fields] == [getattr(expected, f) for f in fields]
        assert found.edition == expected.edition and found.theme == expected.theme
        assert theme_title == (theme.title if meeting is with_theme else None)
        assert found._state.adding is False and found._state.db == "default"
    assert statement.instance(-1) is None


def test_an_id_beyond_64_bits_is_no_rows_as_with_the_orm(db):
    """An id from a URL can be any size; the database would refuse it, the ORM finds nothing."""
    edition = factories.make_edition()
    me = factories.make_member(edition)
    statement = Statement(_counts_query)
    huge = 10**20
    assert not Membership.objects.filter(pk=huge).exists()  # the ORM: no such row
    assert statement.rows(huge, me.pk) == []
    assert statement.rows(edition.pk, -huge) == []


def test_on_sqlite_a_float_constant_stays_bound(db):
    """SQLite would write a float back rounded to 15 digits: it is not inlined."""
    from django.db import connection
    from django.db.models import FloatField

    edition = factories.make_edition()
    factories.make_member(edition)

    def build(edition_id: int):
        return (
            Membership.objects.filter(edition_id=edition_id)
            .annotate(third=Value(1 / 3, output_field=FloatField()))
            .values_list("third")
        )

    statement = Statement(build)
    assert statement.rows(edition.pk) == list(build(edition.pk)) == [(1 / 3,)]
    compiled = next(iter(statement._compiled.values()))
    if connection.vendor == "sqlite":
        assert 1 / 3 in compiled.params and len(compiled.params) == 2


def test_ids_as_one_argument_and_sql_wrapped_around_the_query(db, django_assert_num_queries):
    """`ids_text`/`in_ids`: any number of ids is one argument, read as the ORM reads a list;
    `wrap` puts the compiled query in SQL of its own, with arguments of its own (a LIMIT)."""
    from leerplatform.core.statements import ids_text, in_ids

    people = User.objects.bulk_create(
        User(email=f"w{i}@example.org", name=f"W {i:02}") for i in range(12)
    )
    by_ids = Statement(
        lambda ids: User.objects.filter(pk__in=in_ids(ids)).order_by("pk").values_list("name")
    )
    for chosen in ([], people[:1], people[::3], people):
        expected = list(
            User.objects.filter(pk__in=[p.pk for p in chosen]).order_by("pk").values_list("name")
        )
        with django_assert_num_queries(1):
            assert by_ids.rows(ids_text(p.pk for p in chosen)) == expected

    def last_names(sql, params, sentinels):
        # The ORM's own SQL, its parameters apart.
        return f'SELECT "name" FROM ({sql}) named ORDER BY "name" DESC LIMIT %s', [  # noqa: S608
            *params,
            sentinels[-1],
        ]

    wrapped = Statement(
        lambda after, _limit: User.objects.filter(name__gt=after).values("name"),
        wrap=last_names,
    )
    assert wrapped.rows("W 05", 3) == [("W 11",), ("W 10",), ("W 09",)]
    assert wrapped.rows("W 05", 1) == [("W 11",)]
    assert wrapped.rows("W 10", 5) == [("W 11",)]
    assert wrapped.rows("X", 5) == []
