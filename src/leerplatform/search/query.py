"""The one search function: what `user` may find for `query`, best match first.

The full-text match differs per database (FTS5 with Snowball-Dutch stems on SQLite, tsvector with
the `dutch` configuration on PostgreSQL); everything else (the visibility rule, the filters, the
order, the highlighted snippets) is the same code on both.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, QuerySet
from django.utils.safestring import SafeString

from leerplatform.core.visibility import visible_q
from leerplatform.search.models import SearchEntry
from leerplatform.search.text import highlight, query_stems, query_words, snippet


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

    @property
    def searched(self) -> bool:
        return bool(query_words(self.query))


def _filtered(user, filters: Filters) -> QuerySet:
    entries = SearchEntry.objects.filter(visible_q(user, group_field="group"))
    if filters.entry_type:
        entries = entries.filter(entry_type=filters.entry_type)
    if filters.document_kind:
        entries = entries.filter(document_kind=filters.document_kind)
    if filters.theme_id:
        entries = entries.filter(themes=filters.theme_id)
    if filters.group_id:
        entries = entries.filter(group_id=filters.group_id)
    if filters.year:
        entries = entries.filter(year=filters.year)
    if filters.author_id:
        entries = entries.filter(authors=filters.author_id)
    if filters.edition_id:
        entries = entries.filter(edition_id=filters.edition_id)
    return entries


def _matching_sqlite(entries: QuerySet, query: str) -> QuerySet:
    stems = query_stems(query)
    match = " AND ".join(f'"{s}"*' for s in stems)
    return entries.extra(
        tables=["search_fts"],
        where=["search_fts.rowid = search_searchentry.id", "search_fts MATCH %s"],
        params=[match],
        select={"rank": "search_fts.rank"},
        order_by=["rank", "-created_at"],
    )


def _matching_postgresql(entries: QuerySet, query: str) -> QuerySet:
    # Each word as a prefix (as on SQLite), all of them required; PostgreSQL stems them itself.
    tsquery = " & ".join(f"{w}:*" for w in query_words(query))
    search_query = SearchQuery(tsquery, config="dutch", search_type="raw")
    return (
        entries.filter(search_vector=search_query)
        .annotate(rank=SearchRank(F("search_vector"), search_query))
        .order_by("-rank", "-created_at")
    )


def search(user, query: str, *, filters: Filters | None = None, limit=20, offset=0) -> Results:
    """One page of what `user` may find for `query`: matches ranked, titles and snippets marked."""
    results = Results(query=query)
    if not results.searched:
        return results
    entries = _filtered(user, filters or Filters()).defer("search_vector", "stems_text")
    if connection.vendor == "postgresql":
        matching = _matching_postgresql(entries, query)
    else:
        matching = _matching_sqlite(entries, query)
    page = list(matching[offset : offset + limit])
    results.total = len(page) + offset if len(page) < limit else matching.count()
    stems = query_stems(query)
    results.hits = [
        Hit(entry=e, title=highlight(e.title, stems), snippet=snippet(e.text, stems)) for e in page
    ]
    return results
