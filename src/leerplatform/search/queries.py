"""Reads for the search page: the filters' options and one page of results. Each costs a fixed
number of SQL queries whatever the size of the index: four for the options, one or two for the
results (`query.search`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from leerplatform.accounts.models import User
from leerplatform.editions.models import Theme
from leerplatform.groups.models import LearningGroup
from leerplatform.library.models import DocumentKind
from leerplatform.search.models import EntryType, SearchEntry
from leerplatform.search.query import Filters, Hit, Results, search, visible_entries

PER_PAGE = 20

# One of a kind, for the label on each result (EntryType's own labels are plurals).
TYPE_LABELS = {
    EntryType.DOCUMENT: _("Document"),
    EntryType.GROUP: _("Learning group"),
    EntryType.PROPOSAL: _("Proposal"),
    EntryType.MEETING: _("Meeting"),
    EntryType.PERSON: _("Person"),
}


@dataclass
class FilterOptions:
    """What the person may filter on: only what occurs in entries they may find, so an option
    never names a theme, group or author of something hidden from them."""

    theme_choices: list[tuple[int, str]] = field(default_factory=list)
    group_choices: list[tuple[int, str]] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    author_choices: list[tuple[int, str]] = field(default_factory=list)


def _labelled(items, title) -> list[tuple[int, str]]:
    # Theme and group names repeat across editions ("Theme 1"): name the edition when it matters.
    several = len({item.edition_id for item in items}) > 1
    return [
        (item.pk, f"{title(item)} ({item.edition.name})" if several else title(item))
        for item in items
    ]


def filter_options(*, user) -> FilterOptions:
    """The themes, learning groups, years and authors of the entries `user` may find (four
    queries)."""
    visible = visible_entries(user).values("pk")
    theme_links = SearchEntry.themes.through.objects.filter(searchentry_id__in=visible)
    themes = (
        Theme.objects.filter(pk__in=theme_links.values("theme_id"))
        .select_related("edition")
        .order_by("edition__starts_on", "edition__name", "position", "pk")
    )
    groups = (
        LearningGroup.objects.filter(
            pk__in=visible_entries(user).filter(group__isnull=False).values("group_id")
        )
        .select_related("edition")
        .order_by("name", "edition__name", "pk")
    )
    years = (
        visible_entries(user)
        .filter(year__isnull=False)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    author_links = SearchEntry.authors.through.objects.filter(searchentry_id__in=visible)
    authors = User.objects.filter(pk__in=author_links.values("user_id")).order_by("name", "pk")
    return FilterOptions(
        theme_choices=_labelled(list(themes), lambda t: t.title),
        group_choices=_labelled(list(groups), lambda g: g.name),
        years=list(years),
        author_choices=[(a.pk, a.name) for a in authors.only("pk", "name")],
    )


@dataclass
class Item:
    """One result as the page shows it."""

    hit: Hit
    type_label: str
    kind_label: str = ""
    edition_name: str = ""
    year: int | None = None


@dataclass
class SearchPage:
    results: Results
    items: list[Item]
    number: int = 1
    per_page: int = PER_PAGE

    @property
    def total(self) -> int:
        return self.results.total

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def has_other_pages(self) -> bool:
        return self.num_pages > 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.items else 0

    @property
    def end_index(self) -> int:
        return (self.number - 1) * self.per_page + len(self.items)


def _item(hit: Hit) -> Item:
    entry = hit.entry
    item = Item(hit=hit, type_label=TYPE_LABELS.get(entry.entry_type, entry.entry_type))
    if entry.entry_type == EntryType.DOCUMENT:
        item.kind_label = (
            DocumentKind(entry.document_kind).label
            if entry.document_kind in DocumentKind.values
            else ""
        )
        item.edition_name = entry.edition.name
    if entry.entry_type != EntryType.PERSON:
        item.year = entry.year
    return item


def search_page(*, user, query: str, filters: Filters, page_number: int = 1) -> SearchPage:
    """One page of results, best first (one or two queries; a page past the end shows the last
    page, for one query more)."""
    number = max(1, page_number)
    results = search(user, query, filters=filters, limit=PER_PAGE, offset=(number - 1) * PER_PAGE)
    if not results.hits and results.total:
        number = -(-results.total // PER_PAGE)
        results = search(
            user, query, filters=filters, limit=PER_PAGE, offset=(number - 1) * PER_PAGE
        )
    return SearchPage(results=results, items=[_item(h) for h in results.hits], number=number)
