"""The one search function: what `user` may find for `query`, best match first.

The full-text match differs per database (FTS5 with Snowball-Dutch stems on SQLite, tsvector with
the `dutch` configuration on PostgreSQL); everything else (the visibility rule, the filters, the
order, the highlighted snippets) is the same code on both.

Matching (see `text.py`): every query word must occur, by its whole stem, except the last, which
may also be the beginning of a stem. Order: entries whose title holds every query word first, then
by the database's relevance (title words weigh more than words in the text), newest first on ties.
Only the newest `CANDIDATES` matches the person may find are ranked (see `_page_ids`); the count
and the filters' counts take every match into account.
Only letters and digits of the query ever reach the MATCH or the tsquery, so quotes, operators
(`AND`, `NEAR`, `*`, `-`, `:`) and anything else a person types are just separators.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, transaction
from django.db.models import BooleanField, ExpressionWrapper, F, Q, QuerySet
from django.utils.safestring import SafeString

from leerplatform.groups.visibility import visible_q
from leerplatform.search.models import FullText, SearchEntry
from leerplatform.search.text import Terms, has_only_stop_words, highlight, query_terms, snippet

MAX_LIMIT = 100
COUNT_LIMIT = 1000
# The matches that are ranked: the latest this many the person may find (by entry id, the order
# in which they were added). Ranking every match of
# a common word (bm25 or ts_rank over 20,000 documents) costs more than the rest of the page;
# ranking the newest 2,000 costs a fifth of it, and a word that matches fewer is ranked whole.
CANDIDATES = 2000
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
    # The ids of the matches that were counted (`sample`), for the filters' counts.
    sample: list[int] = field(default_factory=list)

    @property
    def searched(self) -> bool:
        """Whether the query had anything to search for."""
        return bool(query_terms(self.query))

    @property
    def only_stop_words(self) -> bool:
        """Words like "de" and "het": too common to search for."""
        return has_only_stop_words(self.query)


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
        entries = entries.filter(year=filters.year)
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


def _matching_sqlite(entries: QuerySet, terms: Terms) -> QuerySet:
    # Joined with the FTS5 table row by row (rowid = id); bm25's rank: lower is better.
    in_title = FullText.objects.filter(search_fts__match=_fts5(terms, "stems_title"))
    return (
        entries.filter(fulltext__search_fts__match=_fts5(terms))
        .annotate(
            rank=F("fulltext__rank"),
            title_match=ExpressionWrapper(
                Q(pk__in=in_title.values("entry_id")), output_field=BooleanField()
            ),
        )
        .order_by("-title_match", "rank", "-created_at", "-id")
    )


def _tsquery(terms: Terms, weight: str = "") -> SearchQuery:
    """A raw tsquery of the words as typed: PostgreSQL stems them with the `dutch` config."""
    parts = [f"{w}:{weight}" if weight else w for w in terms.exact_words]
    parts.append(f"{terms.prefix_word}:*{weight}")
    return SearchQuery(" & ".join(parts), config="dutch", search_type="raw")


def _matching_postgresql(entries: QuerySet, terms: Terms) -> QuerySet:
    # Match on the full vector (GIN index); rank on the small `rank_vector` (title and opening),
    # which stays inline, so that ranking thousands of matches reads no large vectors.
    search_query = _tsquery(terms)
    in_title = _tsquery(terms, "A")  # the title has weight A (index._write)
    return (
        entries.filter(search_vector=search_query)
        .annotate(
            rank=SearchRank(F("rank_vector"), search_query),
            title_match=ExpressionWrapper(Q(rank_vector=in_title), output_field=BooleanField()),
        )
        .order_by("-title_match", "-rank", "-created_at", "-id")
    )


def matching(user, query: str, *, filters: Filters | None = None) -> QuerySet[SearchEntry]:
    """All entries `user` may find for `query`, best first (empty when nothing to search for)."""
    terms = query_terms(query)
    if not terms:
        return SearchEntry.objects.none()
    entries = _filtered(user, filters or Filters()).defer(
        "search_vector", "rank_vector", "stems_title", "stems_text"
    )
    if connection.vendor == "postgresql":
        return _matching_postgresql(entries, terms)
    return _matching_sqlite(entries, terms)


def sample(user, query: str, *, filters: Filters | None = None) -> QuerySet[SearchEntry, Any]:
    """The ids of at most `COUNT_LIMIT` + 1 entries that `user` finds for `query` with `filters`
    (all they may find when the query has no words), in no order: what the filters' counts are
    taken from, so that counting them costs the same for a rare word and a common one."""
    if query_terms(query):
        # The match without the order's annotations (rank, title match): nothing to compute.
        entries = _unranked(user, query, filters)
    else:
        entries = _filtered(user, filters or Filters())
    return entries.order_by().values("pk")[: COUNT_LIMIT + 1]


def _unranked(user, query: str, filters: Filters | None) -> QuerySet[SearchEntry]:
    terms = query_terms(query)
    entries = _filtered(user, filters or Filters())
    if connection.vendor == "postgresql":
        return entries.filter(search_vector=_tsquery(terms))
    return entries.filter(fulltext__search_fts__match=_fts5(terms))


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
            # to save nothing.
            cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL jit = off")
        _scans.active = True
        try:
            yield
        finally:
            _scans.active = False


def _page_ids(entries: QuerySet[SearchEntry], *, offset: int, limit: int) -> list[int]:
    """One page of the ranked matches' ids: the newest `CANDIDATES` matches (SQLite walks its
    FTS5 index backwards by rowid and stops there; PostgreSQL sorts the matches' ids) with their
    rank and title match, then those few ordered as `matching` orders all of them."""
    newest = "-fulltext__entry" if connection.vendor == "sqlite" else "-id"
    candidates = entries.order_by(newest).values(  # type: ignore[misc]  # annotations the stubs miss
        "id", "title_match", "rank", "created_at"
    )
    sql, params = candidates[:CANDIDATES].query.sql_with_params()
    best = "ASC" if connection.vendor == "sqlite" else "DESC"  # bm25: lower is better
    page = (
        # The ORM's own SQL with its parameters apart; `best` is one of two constants.
        f'SELECT "id" FROM ({sql}) candidates ORDER BY "title_match" DESC, "rank" {best}, '  # noqa: S608
        f'"created_at" DESC, "id" DESC LIMIT %s OFFSET %s'
    )
    with connection.cursor() as cursor:
        cursor.execute(page, [*params, limit, offset])
        return [row[0] for row in cursor.fetchall()]


def search(user, query: str, *, filters: Filters | None = None, limit=20, offset=0) -> Results:
    """One page of what `user` may find for `query`: matches ranked, titles and snippets marked.

    Three SQL queries: the page's ids in order (the database sorts narrow rows, not every match's
    text), the ids of the matches up to `COUNT_LIMIT` + 1 (`sample`: counted here and kept in
    `Results.sample` for the filters' counts; a common word in a large library says "more than 1,000" instead of
    counting every match; the order's annotations are left out of it), and the page's entries
    themselves. Titles and snippets are made for those only."""
    results = Results(query=query)
    terms = query_terms(query)
    if not terms:
        return results
    limit = max(1, min(int(limit), MAX_LIMIT))
    offset = max(0, int(offset))
    entries = matching(user, query, filters=filters)
    with index_scans():
        ids = _page_ids(entries, offset=offset, limit=limit)
        results.sample = list(sample(user, query, filters=filters).values_list("pk", flat=True))
    counted = len(results.sample)
    results.total = min(counted, COUNT_LIMIT)
    results.more = counted > COUNT_LIMIT
    by_id = (
        SearchEntry.objects.select_related("edition")
        .defer("search_vector", "rank_vector", "stems_title", "stems_text")
        .in_bulk(ids)
        if ids
        else {}
    )
    results.hits = [
        Hit(entry=e, title=highlight(e.title, terms), snippet=snippet(e.text, terms))
        for e in (by_id[pk] for pk in ids)
    ]
    return results
