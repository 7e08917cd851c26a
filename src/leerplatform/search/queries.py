"""Reads for the search page: the filters' options and one page of results. Each costs a fixed
number of SQL queries whatever the size of the index: four for the options, one or two for the
results (`engine.search`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from leerplatform.accounts.models import User
from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Edition, Membership, Theme
from leerplatform.groups.models import LearningGroup
from leerplatform.library.models import DocumentKind
from leerplatform.search.engine import Filters, Hit, Results, search, visible_entries
from leerplatform.search.models import EntryType, SearchEntry

PER_PAGE = 20

# One of a kind, for the label on each result (EntryType's own labels are plurals).
TYPE_LABELS: dict[str, Promise] = {
    EntryType.DOCUMENT: _("Document"),
    EntryType.GROUP: _("Learning group"),
    EntryType.PROPOSAL: _("Proposal"),
    EntryType.MEETING: _("Meeting"),
    EntryType.PERSON: _("Person"),
}


@dataclass
class FilterOptions:
    """What the person may filter on. Themes, groups and years: those of the editions they are
    an active member of (which they see anyway), plus those of public content. Authors: only
    people named on entries the person may find, so an option never tells who wrote something
    hidden from them."""

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
    """The filters' options for `user` (four queries). The first three read small tables and the
    index on (type, visibility) only, so they stay quick with tens of thousands of entries."""
    if user is not None and user.is_authenticated:
        mine = Membership.objects.active().filter(user=user).values("edition_id")
    else:
        mine = Membership.objects.none().values("edition_id")
    public = SearchEntry.objects.filter(
        entry_type__in=EntryType.values, visibility=Visibility.PUBLIC
    )
    public_themes = SearchEntry.themes.through.objects.filter(
        searchentry_id__in=public.values("pk")
    ).values("theme_id")
    themes = (
        Theme.objects.filter(Q(edition_id__in=mine) | Q(pk__in=public_themes))
        .select_related("edition")
        .order_by("-edition__starts_on", "edition__name", "position", "pk")
    )
    groups = (
        LearningGroup.objects.filter(
            Q(edition_id__in=mine) | Q(pk__in=public.filter(group__isnull=False).values("group_id"))
        )
        .select_related("edition")
        .order_by("name", "edition__name", "pk")
    )
    spans = Edition.objects.filter(
        Q(pk__in=mine) | Q(pk__in=public.values("edition_id"))
    ).values_list("starts_on", "ends_on")
    years = sorted(
        {year for start, end in spans for year in range(start.year, end.year + 1)}, reverse=True
    )
    author_links = SearchEntry.authors.through.objects.filter(
        searchentry_id__in=visible_entries(user).values("pk")
    )
    authors = User.objects.filter(pk__in=author_links.values("user_id")).order_by("name", "pk")
    return FilterOptions(
        theme_choices=_labelled(list(themes), lambda t: t.title),
        group_choices=_labelled(list(groups), lambda g: g.name),
        years=years,
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
    item = Item(hit=hit, type_label=str(TYPE_LABELS.get(entry.entry_type, entry.entry_type)))
    if entry.entry_type == EntryType.DOCUMENT:
        item.kind_label = (
            str(DocumentKind(entry.document_kind).label)
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
