"""Reads for the search page: the filters' options and one page of results. Each costs a fixed
number of SQL queries whatever the size of the index: two for themes and years, two for the
authors and learning groups with the most results, one for each chosen or typed author or group,
and one or two for the results (`engine.search`).

Authors and learning groups run into the thousands in a large edition, so the page never lists
them all: it offers the `TOP` with the most results for the query (counted over at most
`engine.COUNT_LIMIT` of them), the chosen one, and up to `SUGGESTIONS` whose name holds what the
person types (`suggest_authors`, `suggest_groups`: the autocomplete, and the form's fallback
without JavaScript). Each is offered under the same rule as the results: an author only when
named on something the person may find, a learning group only of their own editions or with
public content."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from leerplatform.accounts.models import User
from leerplatform.core.statements import Statement, ids_text, in_ids
from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Edition, Membership, Theme
from leerplatform.groups.models import LearningGroup
from leerplatform.groups.visibility import visible_q
from leerplatform.library.models import DocumentKind
from leerplatform.search.engine import Filters, Hit, Results, sample_ids, search
from leerplatform.search.models import EntryType, SearchEntry

PER_PAGE = 20
# Authors and learning groups offered with their number of results.
TOP = 10
# Names offered for what a person types, at most; and what is read of what they type.
SUGGESTIONS = 20
MAX_NAME_LENGTH = 60
MIN_NAME_LENGTH = 2

# One of a kind, for the label on each result (EntryType's own labels are plurals).
TYPE_LABELS: dict[str, Promise] = {
    EntryType.DOCUMENT: _("Document"),
    EntryType.GROUP: _("Learning group"),
    EntryType.PROPOSAL: _("Proposal"),
    EntryType.MEETING: _("Meeting"),
    EntryType.PERSON: _("Person"),
}


@dataclass
class Value:
    """An author or learning group the person may filter on; `count`: its results, if counted."""

    pk: int
    label: str
    count: int | None = None


@dataclass
class FilterOptions:
    """What the person may filter on. Themes, groups and years: those of the editions they are
    an active member of (which they see anyway), plus those of public content. Authors: only
    people named on entries the person may find, so an option never tells who wrote something
    hidden from them. Authors and groups are bounded: the chosen one, the `TOP` with the most
    results, and the suggestions for a typed name."""

    theme_choices: list[tuple[int, str]] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    chosen_author: Value | None = None
    chosen_group: Value | None = None
    top_authors: list[Value] = field(default_factory=list)
    top_groups: list[Value] = field(default_factory=list)
    suggested_authors: list[Value] = field(default_factory=list)
    suggested_groups: list[Value] = field(default_factory=list)

    @staticmethod
    def _listed(chosen: Value | None, top: list[Value]) -> list[Value]:
        # The chosen value first (with its count when it is among the top ones), then the top.
        if chosen is None:
            return top
        counted = next((v for v in top if v.pk == chosen.pk), chosen)
        return [counted, *(v for v in top if v.pk != chosen.pk)]

    @property
    def listed_authors(self) -> list[Value]:
        """The authors the form lists: the chosen one and the top ones."""
        return self._listed(self.chosen_author, self.top_authors)

    @property
    def listed_groups(self) -> list[Value]:
        return self._listed(self.chosen_group, self.top_groups)

    @staticmethod
    def _others(listed: list[Value], suggested: list[Value]) -> list[Value]:
        shown = {v.pk for v in listed}
        return [v for v in suggested if v.pk not in shown]

    @property
    def other_authors(self) -> list[Value]:
        """The suggested authors that are not listed already."""
        return self._others(self.listed_authors, self.suggested_authors)

    @property
    def other_groups(self) -> list[Value]:
        return self._others(self.listed_groups, self.suggested_groups)

    @property
    def authors(self) -> list[Value]:
        """Every author offered: the chosen one, the top ones, the suggested ones."""
        return [*self.listed_authors, *self.other_authors]

    @property
    def groups(self) -> list[Value]:
        return [*self.listed_groups, *self.other_groups]

    @property
    def author_choices(self) -> list[tuple[int, str]]:
        return [(v.pk, v.label) for v in self.authors]

    @property
    def group_choices(self) -> list[tuple[int, str]]:
        return [(v.pk, v.label) for v in self.groups]


def _my_editions(user):
    if user is not None and user.is_authenticated:
        return Membership.objects.active().filter(user=user).values("edition_id")
    return Membership.objects.none().values("edition_id")


def _public_entries() -> QuerySet[SearchEntry]:
    return SearchEntry.objects.filter(entry_type__in=EntryType.values, visibility=Visibility.PUBLIC)


def visible_groups(user) -> QuerySet[LearningGroup]:
    """The learning groups `user` may filter on: those of their editions, and those with public
    content."""
    public = _public_entries().filter(group__isnull=False).values("group_id")
    return LearningGroup.objects.filter(Q(edition_id__in=_my_editions(user)) | Q(pk__in=public))


def visible_authors(user) -> QuerySet[User]:
    """The people `user` may filter on: those named on an entry they may find."""
    links = SearchEntry.authors.through.objects.filter(user_id=OuterRef("pk")).filter(
        visible_q(
            user,
            visibility_field="searchentry__visibility",
            edition_field="searchentry__edition",
            group_field="searchentry__group",
        )
    )
    return User.objects.filter(Exists(links))


def _group_values(rows) -> list[Value]:
    """(pk, name, edition id, edition name, count) rows as values; the edition named when the
    names come from more than one."""
    rows = list(rows)
    several = len({row[2] for row in rows}) > 1
    return [
        Value(pk, f"{name} ({edition})" if several else name, count)
        for pk, name, _, edition, count in rows
    ]


def _name_part(text: str) -> str:
    # Printable characters only: PostgreSQL refuses a NUL byte in a text parameter.
    text = "".join(c for c in (text or "")[: MAX_NAME_LENGTH * 4] if c.isprintable())
    text = " ".join(text.split())[:MAX_NAME_LENGTH]
    return text if len(text) >= MIN_NAME_LENGTH else ""


def suggest_authors(*, user, text: str) -> list[Value]:
    """At most `SUGGESTIONS` authors whose name holds `text` (one query; none for less than
    `MIN_NAME_LENGTH` characters)."""
    text = _name_part(text)
    if not text:
        return []
    people = visible_authors(user).filter(name__icontains=text).order_by("name", "pk")
    return [Value(pk, name) for pk, name in people.values_list("pk", "name")[:SUGGESTIONS]]


def suggest_groups(*, user, text: str) -> list[Value]:
    """At most `SUGGESTIONS` learning groups whose name holds `text` (one query)."""
    text = _name_part(text)
    if not text:
        return []
    groups = visible_groups(user).filter(name__icontains=text).order_by("name", "edition__name")
    rows = groups.values_list("pk", "name", "edition_id", "edition__name")[:SUGGESTIONS]
    return _group_values((*row, None) for row in rows)


def _chosen_author(user, pk: int | None) -> Value | None:
    if not pk:
        return None
    row = visible_authors(user).filter(pk=pk).values_list("pk", "name").first()
    return Value(*row) if row else None


def _chosen_group(user, pk: int | None) -> Value | None:
    if not pk:
        return None
    row = (
        visible_groups(user)
        .filter(pk=pk)
        .values_list("pk", "name", "edition_id", "edition__name")
        .first()
    )
    return _group_values([(*row, None)])[0] if row else None


NOBODY = 0  # an id no person has: a visitor's options, with the same statements


def _public_themes():
    public = _public_entries().values("pk")
    return SearchEntry.themes.through.objects.filter(searchentry_id__in=public).values("theme_id")


# The themes and the editions' spans a person may filter on: those of their editions and those
# of public content (compiled once, core.statements; the person's id the only argument).
_THEMES = Statement(
    lambda user_id: (
        Theme.objects.filter(
            Q(edition_id__in=_my_editions(User(pk=user_id))) | Q(pk__in=_public_themes())
        )
        .order_by("-edition__starts_on", "edition__name", "position", "pk")
        .values_list("pk", "title", "edition_id", "edition__name")
    )
)
_SPANS = Statement(
    lambda user_id: Edition.objects.filter(
        Q(pk__in=_my_editions(User(pk=user_id))) | Q(pk__in=_public_entries().values("edition_id"))
    ).values_list("starts_on", "ends_on")
)


def filter_options(
    *, user, author_id: int | None = None, group_id: int | None = None, counted: bool = True
) -> FilterOptions:
    """The filters' options for `user`: themes and years (two queries, small tables and the index
    on (type, visibility) only), the chosen author and group if `user` may filter on them (a
    query each), and, with `counted`, the authors and groups with the most entries `user` may
    find (`count_values`: two queries)."""
    viewer = user.pk if user is not None and user.is_authenticated else NOBODY
    themes = _THEMES.rows(viewer)
    several = len({edition_id for _pk, _title, edition_id, _name in themes}) > 1
    years = sorted(
        {year for start, end in _SPANS.rows(viewer) for year in range(start.year, end.year + 1)},
        reverse=True,
    )
    options = FilterOptions(
        # Theme names repeat across editions ("Thema 1"): the edition named when it matters.
        theme_choices=[
            (pk, f"{title} ({name})" if several else title) for pk, title, _, name in themes
        ],
        years=years,
        chosen_author=_chosen_author(user, author_id),
        chosen_group=_chosen_group(user, group_id),
    )
    if counted:
        count_values(options, user=user, query="", filters=Filters())
    return options


# The authors and the learning groups named most often among some entries (`ids_text`).
_TOP_AUTHORS = Statement(
    lambda ids: (
        SearchEntry.authors.through.objects.filter(searchentry_id__in=in_ids(ids))
        .values("user_id", "user__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "user__name", "user_id")
        .values_list("user_id", "user__name", "n")[:TOP]  # type: ignore[misc]  # the stubs miss `n`
    )
)
_TOP_GROUPS = Statement(
    lambda ids: (
        SearchEntry.objects.filter(pk__in=in_ids(ids), group__isnull=False)
        .values("group_id", "group__name", "group__edition_id", "group__edition__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "group__name", "group_id")
        .values_list("group_id", "group__name", "group__edition_id", "group__edition__name", "n")[
            :TOP
        ]
    )
)


def count_values(
    options: FilterOptions,
    *,
    user,
    query: str,
    filters: Filters,
    author_text: str = "",
    group_text: str = "",
    counted: list[int] | None = None,
) -> None:
    """Add to `options` the `TOP` authors and learning groups with the most results for `query`
    and `filters`, counted in SQL over at most `COUNT_LIMIT` + 1 of the results (`counted`, the
    ids `search` read, or read here: `sample_ids`), and the suggestions for a typed name (a query
    each). The two counts are statements (core.statements) that get the ids as one argument."""
    ids = counted if counted is not None else sample_ids(user, query, filters=filters)
    text = ids_text(ids)
    authors = _TOP_AUTHORS.rows(text)
    groups = _TOP_GROUPS.rows(text)
    options.top_authors = [Value(*row) for row in authors]
    options.top_groups = _group_values(groups)
    options.suggested_authors = suggest_authors(user=user, text=author_text)
    options.suggested_groups = suggest_groups(user=user, text=group_text)


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
