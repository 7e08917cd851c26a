"""The one search function: what `user` may find for `query`, best match first.

The full-text match differs per database (FTS5 with Snowball-Dutch stems on SQLite, tsvector with
the `dutch` configuration on PostgreSQL); everything else (the visibility rule, the filters, the
order, the highlighted snippets) is the same code on both.

Matching (see `text.py`): every query word must occur, by its whole stem, except the last, which
may also be the beginning of a stem. Order: entries whose title holds every query word first, then
by the database's relevance (title words weigh more than words in the text), newest first on ties.
Only the newest `CANDIDATES` matches the person may find are ranked (see `_page_ids`); the count
and the filters' counts take up to `COUNT_LIMIT` + 1 of them, which is every match of all but the
most common words.
Only letters and digits of the query ever reach the MATCH or the tsquery, so quotes, operators
(`AND`, `NEAR`, `*`, `-`, `:`) and anything else a person types are just separators.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, transaction
from django.db.models import BooleanField, ExpressionWrapper, F, Q, QuerySet, Value
from django.utils.safestring import SafeString

from leerplatform.accounts.models import User
from leerplatform.core.statements import Statement
from leerplatform.groups.visibility import visible_q
from leerplatform.search.models import FullText, SearchEntry
from leerplatform.search.text import (
    MAX_WORD_LENGTH,
    Terms,
    has_only_long_words,
    has_only_stop_words,
    highlight,
    query_terms,
    snippet,
)

MAX_LIMIT = 100
COUNT_LIMIT = 1000
# The matches that are ranked: the latest this many the person may find (by entry id, the order
# in which they were added). Ranking every match of a common word (bm25 or ts_rank over 20,000
# documents) costs more than the rest of the page; a word that matches fewer is ranked whole.
# Reading a candidate costs about 2.5 µs on PostgreSQL (its match checked against its vector), so
# the number is the least that keeps every reachable page full: 12 ms for `leergroepen` over the
# bench's 20,000 documents, against 22 ms for 2,000 (EXPLAIN ANALYZE, same machine).
CANDIDATES = COUNT_LIMIT + MAX_LIMIT
# Every page a person can reach holds results: at most COUNT_LIMIT matches are paged through.
assert CANDIDATES >= COUNT_LIMIT + MAX_LIMIT


@dataclass(frozen=True)
class Filters:
    entry_type: str = ""
    document_kind: str = ""
    theme_id: int | None = None
    group_id: int | None = None
    year: int | None = None
    author_id: int | None = None
    edition_id: int | None = None


@dataclass
class Hit:
    entry: SearchEntry
    title: SafeString
    snippet: SafeString

    @property
    def url(self) -> str:
        return self.entry.url


@dataclass
class Results:
    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    # More matches than were counted (`total` is then COUNT_LIMIT).
    more: bool = False
    # The ids of up to `COUNT_LIMIT` + 1 of the newest matches, for the filters' counts.
    sample: list[int] = field(default_factory=list)

    @property
    def searched(self) -> bool:
        """Whether the query had anything to search for."""
        return bool(query_terms(self.query))

    @property
    def only_stop_words(self) -> bool:
        """Words like "de" and "het": too common to search for."""
        return has_only_stop_words(self.query)

    @property
    def only_long_words(self) -> bool:
        """Words longer than `MAX_WORD_LENGTH` letters only: none is searched for."""
        return has_only_long_words(self.query)

    @property
    def max_word_length(self) -> int:
        return MAX_WORD_LENGTH


def visible_entries(user) -> QuerySet[SearchEntry]:
    """The entries `user` may find: the one visibility rule, with the entry's group."""
    return SearchEntry.objects.filter(visible_q(user, group_field="group"))


def _filtered(user, filters: Filters) -> QuerySet[SearchEntry]:
    entries = visible_entries(user)
    if filters.entry_type:
        entries = entries.filter(entry_type=filters.entry_type)
    if filters.document_kind:
        entries = entries.filter(document_kind=filters.document_kind)
    if filters.theme_id:
        entries = entries.filter(
            pk__in=SearchEntry.themes.through.objects.filter(theme_id=filters.theme_id).values(
                "searchentry_id"
            )
        )
    if filters.group_id:
        entries = entries.filter(group_id=filters.group_id)
    if filters.year:
        # As a Value: a statement's stand-in (`_statement`) lies outside a small integer's
        # range, which the ORM would answer with no query at all.
        entries = entries.filter(year=Value(filters.year))
    if filters.author_id:
        entries = entries.filter(
            pk__in=SearchEntry.authors.through.objects.filter(user_id=filters.author_id).values(
                "searchentry_id"
            )
        )
    if filters.edition_id:
        entries = entries.filter(edition_id=filters.edition_id)
    return entries


def _fts5(terms: Terms, column: str = "") -> str:
    """An FTS5 query: each stem a quoted phrase (stems hold letters and digits only)."""
    scope = f"{column} : " if column else ""
    phrases = [f'{scope}"{s}"' for s in terms.exact] + [f'{scope}"{terms.prefix}"*']
    return " AND ".join(phrases)


def _tsquery_text(terms: Terms, weight: str = "") -> str:
    """A raw tsquery of the words as typed: PostgreSQL stems them with the `dutch` config."""
    parts = [f"{w}:{weight}" if weight else w for w in terms.exact_words]
    parts.append(f"{terms.prefix_word}:*{weight}")
    return " & ".join(parts)


def _match_texts(terms: Terms) -> tuple[str, str]:
    """What the database matches: every word anywhere, and every word in the title."""
    if connection.vendor == "postgresql":
        return _tsquery_text(terms), _tsquery_text(terms, "A")  # title: weight A (index._write)
    return _fts5(terms), _fts5(terms, "stems_title")


def _tsquery(text: str) -> SearchQuery:
    return SearchQuery(text, config="dutch", search_type="raw")


def _matched(entries: QuerySet, anywhere: str) -> QuerySet:
    """`entries` that match `anywhere` (`_match_texts`), unordered."""
    if connection.vendor == "postgresql":
        return entries.filter(search_vector=_tsquery(anywhere))
    return entries.filter(fulltext__search_fts__match=anywhere)


def _ranked(entries: QuerySet, anywhere: str, in_title: str) -> QuerySet:
    """`entries` that match, with their rank and whether the title matches, best first."""
    if connection.vendor == "postgresql":
        # Match on the full vector (GIN index); rank on the small `rank_vector` (title and
        # opening), which stays inline, so that ranking thousands of matches reads no large
        # vectors.
        query = _tsquery(anywhere)
        return (
            entries.filter(search_vector=query)
            .annotate(
                rank=SearchRank(F("rank_vector"), query),
                title_match=ExpressionWrapper(
                    Q(rank_vector=_tsquery(in_title)), output_field=BooleanField()
                ),
            )
            .order_by("-title_match", "-rank", "-created_at", "-id")
        )
    # Joined with the FTS5 table row by row (rowid = id); bm25's rank: lower is better.
    title = FullText.objects.filter(search_fts__match=in_title)
    return (
        entries.filter(fulltext__search_fts__match=anywhere)
        .annotate(
            rank=F("fulltext__rank"),
            title_match=ExpressionWrapper(
                Q(pk__in=title.values("entry_id")), output_field=BooleanField()
            ),
        )
        .order_by("-title_match", "rank", "-created_at", "-id")
    )


_SEARCH_FIELDS = ("search_vector", "rank_vector", "stems_title", "stems_text")


def matching(user, query: str, *, filters: Filters | None = None) -> QuerySet[SearchEntry]:
    """All entries `user` may find for `query`, best first (empty when nothing to search for).
    `search` reads one page of the same order through a statement (`_page_ids`)."""
    terms = query_terms(query)
    if not terms:
        return SearchEntry.objects.none()
    entries = _filtered(user, filters or Filters()).defer(*_SEARCH_FIELDS)
    return _ranked(entries, *_match_texts(terms))


# The queries of a search, compiled once per shape (core.statements): Django builds the
# visibility rule, the filters and the match into SQL in several ms of Python per query, for a
# shape that depends only on whether the person is signed in, which filters are set and whether
# there is anything to match. The values (the person, the filters' values, the match) are bound.
_FILTER_NAMES = tuple(f.name for f in dataclasses.fields(Filters))
Shape = tuple[bool, tuple[str, ...], bool]
_statements: dict[tuple[str, Shape], Statement] = {}


def _shape(user, filters: Filters, terms: Terms | None) -> Shape:
    """Signed in or not, the filters set, and whether there is a word to match."""
    signed_in = user is not None and user.is_authenticated
    return signed_in, tuple(n for n in _FILTER_NAMES if getattr(filters, n)), bool(terms)


def _arguments(user, filters: Filters) -> list:
    signed_in, names, _ = _shape(user, filters, None)
    return ([user.pk] if signed_in else []) + [getattr(filters, name) for name in names]


def _filtered_as(shape: Shape, arguments: tuple) -> tuple[QuerySet[SearchEntry], tuple]:
    """`_filtered` for the stand-ins of a statement's arguments, and the arguments left."""
    signed_in, names, _ = shape
    viewer = User(pk=arguments[0]) if signed_in else AnonymousUser()
    arguments = arguments[1:] if signed_in else arguments
    filters = Filters(**dict(zip(names, arguments, strict=False)))
    return _filtered(viewer, filters), arguments[len(names) :]


def _statement(kind: str, shape: Shape) -> Statement:
    statement = _statements.get((kind, shape))
    if statement is not None:
        return statement
    if kind == "page":
        statement = Statement(
            lambda *arguments: _candidates(*_filtered_as(shape, arguments)),
            wrap=_page_and_counted,
            key=lambda: (CANDIDATES, COUNT_LIMIT),  # written into the SQL
        )
    else:  # "sample"
        statement = Statement(
            lambda *arguments: _sample(*_filtered_as(shape, arguments)).values_list("pk"),
            key=lambda: COUNT_LIMIT,
        )
    return _statements.setdefault((kind, shape), statement)


def _candidates(entries: QuerySet, rest: tuple) -> QuerySet:
    """The newest `CANDIDATES` matches with their rank and title match (SQLite walks its FTS5
    index backwards by rowid and stops there; PostgreSQL sorts the matches' ids)."""
    anywhere, in_title = rest[:2]
    newest = "-fulltext__entry" if connection.vendor == "sqlite" else "-id"
    return (
        _ranked(entries, anywhere, in_title)
        .order_by(newest)
        .values("id", "title_match", "rank", "created_at")[:CANDIDATES]
    )


def _page_and_counted(sql: str, params: list, sentinels: list) -> tuple[str, list]:
    """From the candidates, read once: one page of them as (position, id), ordered as `matching`
    orders all matches (the last two arguments: the page's limit and offset; the database sorts
    the candidates for the page's rows only), and as (0, id) up to `COUNT_LIMIT` + 1 of them, in
    no order, which are counted."""
    best = "ASC" if connection.vendor == "sqlite" else "DESC"  # bm25: lower is better
    order = f'"title_match" DESC, "rank" {best}, "created_at" DESC, "id" DESC'
    page = (
        # The ORM's own SQL with its parameters apart; `order` holds one of two constants.
        f"WITH candidates AS MATERIALIZED ({sql}) "  # noqa: S608
        f'SELECT ROW_NUMBER() OVER (ORDER BY {order}), "id" FROM '
        f"(SELECT * FROM candidates ORDER BY {order} LIMIT %s OFFSET %s) page "
        f'UNION ALL SELECT 0, "id" FROM (SELECT "id" FROM candidates LIMIT {COUNT_LIMIT + 1}) '
        "counted"
    )
    return page, [*params, *sentinels[-2:]]


def _sample(entries: QuerySet, rest: tuple) -> QuerySet:
    """At most `COUNT_LIMIT` + 1 of `entries` that match `rest[0]` (all without a match), in
    no order; the match's order (rank, title match) is left out: nothing to compute."""
    if rest:
        entries = _matched(entries, rest[0])
    return entries.order_by()[: COUNT_LIMIT + 1]


def sample_ids(user, query: str, *, filters: Filters | None = None) -> list[int]:
    """The ids of at most `COUNT_LIMIT` + 1 entries that `user` finds for `query` with `filters`
    (all they may find when the query has no words), in no order: what the filters' counts are
    taken from, so that counting them costs the same for a rare word and a common one."""
    filters = filters or Filters()
    terms = query_terms(query)
    arguments = _arguments(user, filters) + ([_match_texts(terms)[0]] if terms else [])
    with index_scans():
        rows = _statement("sample", _shape(user, filters, terms)).rows(*arguments)
    return [pk for (pk,) in rows]


def _page_ids(
    user, terms: Terms, filters: Filters, *, offset: int, limit: int
) -> tuple[list[int], list[int]]:
    """One page of the ranked matches' ids, and the ids counted: the newest `CANDIDATES`
    matches with their rank and title match, read once (`_page_and_counted`)."""
    arguments = [*_arguments(user, filters), *_match_texts(terms), limit, offset]
    rows = _statement("page", _shape(user, filters, terms)).rows(*arguments)
    page = [pk for _position, pk in sorted(row for row in rows if row[0])]
    return page, [pk for position, pk in rows if not position]


_scans = threading.local()


@contextmanager
def index_scans() -> Iterator[None]:
    """On PostgreSQL, the matches are read through the GIN index in the block: a common word
    matches most rows, and the planner then prefers reading the whole table, detoasting every
    large vector; the index is several times faster here. JIT is off in the block too (see
    below). One transaction and two planner settings for the block, however many searches and
    counts it holds (nothing on SQLite)."""
    if connection.vendor != "postgresql" or getattr(_scans, "active", False):
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            # JIT off: a plan that must still scan a small table is priced at 10^10 with seqscan
            # off, far above `jit_above_cost`, and PostgreSQL would compile it (60 ms, measured)
            # to save nothing. A plan for the values at hand: the search's statements are
            # prepared (core.statements), and a plan PostgreSQL keeps for any value would not
            # know how common the word is (the newest ids for a common word, the GIN index for a
            # rare one).
            cursor.execute(
                "SET LOCAL enable_seqscan = off; SET LOCAL jit = off; "
                "SET LOCAL plan_cache_mode = force_custom_plan"
            )
        _scans.active = True
        try:
            yield
        finally:
            _scans.active = False


def search(user, query: str, *, filters: Filters | None = None, limit=20, offset=0) -> Results:
    """One page of what `user` may find for `query`: matches ranked, titles and snippets marked.

    Two SQL queries: the page's ids in order with the ids of up to `COUNT_LIMIT` + 1 of the
    newest matches (counted here and kept in `Results.sample` for the filters' counts; a
    common word in a large library says "more than 1,000" instead of counting every match), from
    one statement compiled once per shape (`_statement`; the database sorts narrow rows, not
    every match's text); then the page's entries themselves. Titles and snippets are made for the
    page's entries only."""
    results = Results(query=query)
    terms = query_terms(query)
    if not terms:
        return results
    limit = max(1, min(int(limit), MAX_LIMIT))
    offset = max(0, int(offset))
    filters = filters or Filters()
    with index_scans():
        ids, results.sample = _page_ids(user, terms, filters, offset=offset, limit=limit)
    counted = len(results.sample)
    results.total = min(counted, COUNT_LIMIT)
    results.more = counted > COUNT_LIMIT
    by_id = (
        SearchEntry.objects.select_related("edition").defer(*_SEARCH_FIELDS).in_bulk(ids)
        if ids
        else {}
    )
    results.hits = [
        Hit(entry=e, title=highlight(e.title, terms), snippet=snippet(e.text, terms))
        for e in (by_id[pk] for pk in ids)
    ]
    return results
