"""SQL built once per process for a query whose shape never changes, only its ids.

Django builds a query's SQL in Python on every call. For most queries that costs little, but a
few carry large expressions (the give-and-take count, `core.counting.counted_as`, repeats a
`CASE` of some twenty `WHEN`s with `EXISTS` subqueries in its filter and in each total): building
its SQL takes many times longer than SQLite or PostgreSQL take to run it, on a page that every
member opens first (the dashboard).

`Statement` compiles such a query (a QuerySet, never run by the ORM) once with *sentinel* values
in the places of its arguments (ids, and moments such as "now"), keeps the SQL, the positions of
the sentinels among its parameters and the ORM's converters of its columns, and from then on
runs the same SQL with the real arguments: what the ORM would have read (the same SQL, the same
parameters, the same conversions); tests compare the two. An argument that could change the
query's shape (None, a list) cannot be one: the caller passes an id no row has instead of None. The SQL is kept per database alias and per `key()` (e.g.
content-type ids, which the SQL may hold as constants and which a flushed test database renumbers).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import Model, QuerySet, Value
from django.db.models.expressions import RawSQL
from psycopg.sql import Literal

# Values no row has: the first stands in for the first argument, and so on. An argument is an id
# (an int), a moment (an aware datetime, e.g. "now"), compared as the database stores it, or a
# text compared for equality (a slug).
_SENTINEL_ID = -7_300_000_000_001
_SENTINEL_MOMENT = dt.datetime(1901, 1, 1, tzinfo=dt.UTC)
_SENTINEL_TEXT = "\x1fstatement-argument-"  # + its index: no slug or name holds a control char

Argument = int | dt.datetime | str
_SMALLEST_ID, _LARGEST_ID = -(2**63), 2**63 - 1


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: list[Any]
    slots: list[tuple[int, int]]  # (position among the parameters, index of the argument)
    converters: dict[int, tuple[list, Any]]  # the ORM's converters per column


_PLACEHOLDER = re.compile(r"(?<!%)%s")  # as Django's SQLite backend finds them


def _quoted(constants: list[Any], using: str) -> list[str]:
    """The constants as SQL literals, quoted by the database's own rules."""
    connection = connections[using]
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        select = "SELECT " + ", ".join(["QUOTE(?)"] * len(constants))
        return list(connection.connection.execute(select, constants).fetchone())
    # PostgreSQL: psycopg's client-side quoting, as Django's own cursor writes values.
    return [Literal(value).as_string(connection.connection) for value in constants]


def _inline_constants(
    sql: str, params: list[Any], slots: list[tuple[int, int]], using: str
) -> tuple[str, list[Any], list[tuple[int, int]]]:
    """The parameters that are not arguments written into the SQL as literals, so that only
    the arguments are bound.

    SQLite prepares a statement again whenever a bound value is compared with the column of a
    partial index's condition (`verb = ?` beside `activity_one_read_per_person`, `deleted_at`,
    a meeting's kind...): it might then use that index. Python's sqlite3 keeps prepared
    statements per connection, but such a statement is prepared on every run, and for the
    give-and-take count that took 1.6 ms of the 1.8 it cost, with no rows at all.
    PostgreSQL prepares the statement once per connection (`preparing_cursor`) and after a few
    runs may keep one plan for any value of its parameters: a constant left bound would keep
    that plan from the partial indexes. (Django's own cursor writes every value into the SQL.)"""
    arguments = dict(slots)  # position among the parameters -> index of the argument
    # Texts, whole numbers and booleans only: SQLite writes them back exactly (a float it would
    # round to 15 digits); anything else stays bound.
    inlined = {
        position
        for position, value in enumerate(params)
        if position not in arguments and (value is None or isinstance(value, str | int))
    }
    constants = [params[position] for position in sorted(inlined)]
    quoted = _quoted(constants, using) if constants else []
    pieces = _PLACEHOLDER.split(sql)
    if len(pieces) != len(params) + 1:
        return sql, params, slots  # a placeholder we cannot place: bind everything, as before
    out = [pieces[0]]
    kept: list[Any] = []
    new_slots: list[tuple[int, int]] = []
    literals = iter(quoted)
    for position, piece in enumerate(pieces[1:]):
        if position in inlined:
            out.append(next(literals).replace("%", "%%"))
        else:
            if position in arguments:
                new_slots.append((len(kept), arguments[position]))
            kept.append(params[position])
            out.append("%s")
        out.append(piece)
    return "".join(out), kept, new_slots


def totals(queryset: QuerySet, **aggregates: Any) -> QuerySet:
    """`queryset.aggregate(**aggregates)` as a QuerySet of one row, for a Statement (which runs
    QuerySets only): a constant to group by is no GROUP BY. No row when `queryset` has none."""
    return (
        queryset.order_by()
        .annotate(one=Value(1))
        .values("one")
        .annotate(**aggregates)
        .values_list(*aggregates)
    )


def ids_text(ids: Iterable[int]) -> str:
    """A list of ids as one text argument (JSON) for `in_ids`: a statement's shape stays the
    same however many ids it gets, and the ORM does not prepare every id in Python."""
    return json.dumps([int(pk) for pk in ids], separators=(",", ":"))


def in_ids(text: str, *, using: str = "default") -> RawSQL:
    """A subquery of the ids in `text` (`ids_text`), for `field__in=`."""
    if connections[using].vendor == "postgresql":
        return RawSQL("SELECT value::bigint FROM jsonb_array_elements_text((%s)::jsonb)", (text,))
    return RawSQL("SELECT value FROM json_each(%s)", (text,))


# Wraps a compiled query's SQL and parameters in SQL of its own; gets the sentinels too.
Wrap = Callable[[str, list[Any], list[Any]], tuple[str, list[Any]]]


class Statement:
    """A query built by `build(*arguments)` (a QuerySet, not run: usually `values_list`),
    compiled once; `rows(*arguments)` and `row(*arguments)` run it with the real arguments and
    return its rows as the ORM would (converted: datetimes, booleans).

    `wrap(sql, params, sentinels)`, if given, puts the compiled query inside SQL the ORM cannot
    write (e.g. ordering the rows of a limited subquery again) and returns the SQL and its
    parameters; it may add sentinels as parameters of its own (a LIMIT, an OFFSET). Its rows are
    then read as the database returns them, without the ORM's converters."""

    def __init__(
        self,
        build: Callable[..., QuerySet],
        *,
        key: Callable[[], Hashable] = lambda: None,
        wrap: Wrap | None = None,
    ) -> None:
        self._build = build
        self._key = key
        self._wrap = wrap
        self._compiled: dict[Hashable, _Compiled] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _prepared(value: Argument, using: str) -> Any:
        if isinstance(value, dt.datetime):
            return connections[using].ops.adapt_datetimefield_value(value)
        return value

    def _compile(self, kinds: tuple[type, ...], using: str) -> _Compiled:
        sentinels: list[Argument] = [
            _SENTINEL_MOMENT + dt.timedelta(seconds=i)
            if kind is dt.datetime
            else f"{_SENTINEL_TEXT}{i}"
            if kind is str
            else _SENTINEL_ID - i
            for i, kind in enumerate(kinds)
        ]
        prepared = [self._prepared(value, using) for value in sentinels]
        compiler = self._build(*sentinels).query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        if self._wrap is not None:
            sql, params = self._wrap(sql, list(params), sentinels)
        slots = [
            (position, prepared.index(value))
            for position, value in enumerate(params)
            if not isinstance(value, bool) and value in prepared
        ]
        if sorted({argument for _position, argument in slots}) != list(range(len(kinds))):
            raise ValueError("Every argument must reach the query's parameters unchanged.")
        columns = [column for column, _sql, _alias in compiler.select[: compiler.col_count]]
        converters = {} if self._wrap is not None else compiler.get_converters(columns)
        if connections[using].vendor in ("sqlite", "postgresql"):
            sql, params, slots = _inline_constants(sql, list(params), slots, using)
        return _Compiled(sql, list(params), slots, converters)

    def rows(self, *arguments: Argument, using: str = "default") -> list[tuple]:
        """The query's rows with `arguments` in the places of the sentinels. An id beyond 64
        bits (from a URL) is no row's: none, as the ORM finds none (the database would refuse
        the number)."""
        if any(type(a) is int and not _SMALLEST_ID <= a <= _LARGEST_ID for a in arguments):
            return []
        kinds = tuple(
            dt.datetime if isinstance(a, dt.datetime) else str if isinstance(a, str) else int
            for a in arguments
        )
        connection = connections[using]
        cache_key = (using, connection.vendor, kinds, self._key())
        compiled = self._compiled.get(cache_key)
        if compiled is None:
            compiled = self._compile(kinds, using)
            with self._lock:
                self._compiled[cache_key] = compiled
        params = list(compiled.params)
        for position, argument in compiled.slots:
            params[position] = self._prepared(arguments[argument], using)
        # PostgreSQL: prepared once per connection (core.db.postgresql); elsewhere Django's own.
        preparing = getattr(connection, "preparing_cursor", connection.cursor)
        with preparing() as cursor:
            cursor.execute(compiled.sql, params)
            found = cursor.fetchall()
        if not compiled.converters:
            return [tuple(row) for row in found]
        rows = []
        for row in found:
            values = list(row)
            for position, (converters, expression) in compiled.converters.items():
                for convert in converters:
                    values[position] = convert(values[position], expression, connection)
            rows.append(tuple(values))
        return rows

    def row(self, *arguments: Argument, using: str = "default") -> tuple | None:
        """The query's first row, or None."""
        found = self.rows(*arguments, using=using)
        return found[0] if found else None


class InstanceStatement(Statement):
    """A Statement whose rows are instances of `model`: `build(*arguments)` filters its
    QuerySet (not values), every concrete field is read, and `instances()` makes each row an
    instance as the ORM would (`Model.from_db`, after the ORM's converters). `related` names
    forward foreign keys read in the same row, as `select_related` would ("user", then
    "user__institution"): each becomes an instance of its own model (or None where the key is
    empty) in the relation's cache."""

    def __init__(
        self,
        model: type[Model],
        build: Callable[..., QuerySet],
        *,
        related: tuple[str, ...] = (),
        key: Callable[[], Hashable] = lambda: None,
    ) -> None:
        self.model = model
        self.fields = [f.attname for f in model._meta.concrete_fields]
        self.related: list[tuple[str, type[Model], list[str]]] = []
        models: dict[str, type[Model]] = {"": model}
        for name in related:  # "edition", or "user__institution" after "user"
            parent, _, last = name.rpartition("__")
            if parent not in models:
                raise ValueError(f"{parent} must come before {name}")
            target = models[parent]._meta.get_field(last).related_model
            if not (isinstance(target, type) and issubclass(target, Model)):
                raise ValueError(f"{name} is not a foreign key of {model.__name__}")
            models[name] = target
            self.related.append((name, target, [f.attname for f in target._meta.concrete_fields]))
        columns = list(self.fields)
        for name, _target, fields in self.related:
            columns += [f"{name}__{field}" for field in fields]
        super().__init__(lambda *arguments: build(*arguments).values_list(*columns), key=key)

    def instances(self, *arguments: Argument, using: str = "default") -> list[Any]:
        found = []
        width = len(self.fields)
        for row in self.rows(*arguments, using=using):
            instance = self.model.from_db(using, self.fields, row[:width])
            made: dict[str, Any] = {"": instance}
            start = width
            for name, target, fields in self.related:
                values = row[start : start + len(fields)]
                start += len(fields)
                pk = values[fields.index(target._meta.pk.attname)]
                made[name] = None if pk is None else target.from_db(using, fields, values)
                parent, _, last = name.rpartition("__")
                if made[parent] is not None:
                    setattr(made[parent], last, made[name])
            found.append(instance)
        return found

    def instance(self, *arguments: Argument, using: str = "default") -> Any | None:
        """The first instance, or None."""
        found = self.instances(*arguments, using=using)
        return found[0] if found else None
