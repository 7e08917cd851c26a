"""Reads for the library's pages: the list with its filters, a theme page, a document, the bin.

Each page costs a fixed number of SQL queries whatever the number of documents: cards come with
their group and meeting joined, themes and authors prefetched and the number of files counted in
the same query. Every list starts from `visible_documents`, the visibility rule for documents, so
no page, count or filter choice ever reflects a document the viewer may not see.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from leerplatform.accounts.models import User
from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Edition, Role, Theme
from leerplatform.editions.rules import roles_of
from leerplatform.groups.models import GroupMembership, LearningGroup
from leerplatform.groups.visibility import visible_q
from leerplatform.library.models import Attachment, Document, DocumentKind
from leerplatform.meetings.models import Meeting, MeetingStatus

PAGE_SIZE = 20


def _visible_q(user) -> Q:
    """The visibility rule (core.visibility) for documents, with their group."""
    return visible_q(user, group_field="group")


def visible_documents(*, user, edition: Edition | None = None) -> QuerySet[Document]:
    """The documents outside the bin that `user` may see, of one edition if given."""
    documents = Document.objects.alive().filter(_visible_q(user))
    if edition is not None:
        documents = documents.filter(edition=edition)
    return documents


def _file_count() -> Coalesce:
    files = (
        Attachment.objects.filter(document=OuterRef("pk"), current__isnull=False)
        .order_by()
        .values("document")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(files, output_field=IntegerField()), 0)


def for_cards(documents: QuerySet[Document]) -> QuerySet[Document]:
    """What a document card shows: group, meeting, themes, authors by name, number of files."""
    return (
        documents.select_related("group", "meeting")
        # Cards show no long texts: the database then sorts and sends narrow rows.
        .defer(
            "body",
            "group__description",
            "meeting__description",
            "meeting__venue_directions",
        )
        .prefetch_related(
            "themes", Prefetch("authors", queryset=User.objects.order_by("name", "pk"))
        )
        .annotate(file_count=_file_count())
    )


def _page(documents: QuerySet[Document], page_number) -> Page:
    return Paginator(for_cards(documents).order_by("-created_at", "-id"), PAGE_SIZE).get_page(
        page_number
    )


# --- The library ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class LibraryFilters:
    theme_id: int | None = None
    kind: str = ""
    group_id: int | None = None
    meeting_id: int | None = None

    @property
    def is_filtered(self) -> bool:
        return bool(self.theme_id or self.kind or self.group_id or self.meeting_id)

    @property
    def active_count(self) -> int:
        """How many filters are set: the folded filter panel says so in its summary."""
        return sum(
            1 for value in (self.theme_id, self.kind, self.group_id, self.meeting_id) if value
        )


@dataclass
class FilterChoices:
    """What the filters offer: the edition's themes, kinds, published meetings, and its learning
    groups — for those who may not see the edition's groups only the groups that have a document
    they may see (a choice never hints at a hidden document)."""

    themes: list[tuple[int, str]] = field(default_factory=list)
    kinds: list[tuple[str, str]] = field(default_factory=list)
    groups: list[tuple[int, str]] = field(default_factory=list)
    meetings: list[tuple[int, str]] = field(default_factory=list)


def filter_choices(*, edition: Edition, user, sees_groups: bool) -> FilterChoices:
    """The choices of the library's filters (three queries)."""
    groups = LearningGroup.objects.filter(edition=edition)
    if not sees_groups:
        visible = visible_documents(user=user, edition=edition)
        groups = groups.filter(pk__in=visible.filter(group__isnull=False).values("group_id"))
    return FilterChoices(
        themes=list(Theme.objects.filter(edition=edition).values_list("pk", "title")),
        kinds=[(value, str(label)) for value, label in DocumentKind.choices],
        groups=list(groups.order_by("name").values_list("pk", "name")),
        meetings=list(
            Meeting.objects.filter(edition=edition)
            .exclude(status=MeetingStatus.DRAFT)
            .order_by("starts_at")
            .values_list("pk", "title")
        ),
    )


def library_page(*, edition: Edition, user, filters: LibraryFilters, page_number=1) -> Page:
    """One page of the edition's documents the viewer may see, filtered, newest first (four
    queries: the count, the page, its themes and its authors)."""
    documents = visible_documents(user=user, edition=edition)
    if filters.theme_id:
        documents = documents.filter(themes=filters.theme_id)
    if filters.kind:
        documents = documents.filter(kind=filters.kind)
    if filters.group_id:
        documents = documents.filter(group_id=filters.group_id)
    if filters.meeting_id:
        documents = documents.filter(meeting_id=filters.meeting_id)
    return _page(documents, page_number)


# --- A theme of the learning agenda --------------------------------------------------------------


@dataclass
class ThemePage:
    theme: Theme
    groups: Sequence[LearningGroup]
    page: Page


def theme_page(
    *, edition: Edition, theme_pk: int, user, page_number=1, with_groups: bool = True
) -> ThemePage | None:
    """A theme with the learning groups working on it (when the viewer may see groups) and its
    documents the viewer may see, newest first; None if the edition has no such theme."""
    theme = Theme.objects.filter(edition=edition, pk=theme_pk).first()
    if theme is None:
        return None
    groups = []
    if with_groups:
        groups = list(
            LearningGroup.objects.filter(edition=edition, themes=theme)
            .annotate(
                member_count=Count("memberships", filter=Q(memberships__left_at__isnull=True))
            )
            .order_by("name")
        )
    documents = visible_documents(user=user, edition=edition).filter(themes=theme)
    return ThemePage(theme=theme, groups=groups, page=_page(documents, page_number))


# --- One document --------------------------------------------------------------------------------


def document_for_page(*, pk: int) -> Document | None:
    """A document (alive or in the bin) with what its page and the permission checks read
    (four queries). Whether the viewer may see it is the view's check (library.view_document)."""
    document = (
        Document.objects.select_related("edition", "group", "meeting", "created_by", "output")
        .prefetch_related(
            "themes",
            Prefetch("authors", queryset=User.objects.order_by("name", "pk")),
        )
        .filter(pk=pk)
        .first()
    )
    if document is not None:
        # The rules read the authors from here instead of asking again.
        document._author_ids = {author.pk for author in document.authors.all()}
    return document


def is_offer_open(document: Document) -> bool:
    """Whether "public" is what the document's people chose: it is public, or offered to the
    field (the showcase's output of it) and waiting for (or refused by) an author's consent, and
    not taken back. Confidential work is never an open offer."""
    if document.visibility == Visibility.PUBLIC:
        return True
    if document.pk is None or document.visibility == Visibility.CONFIDENTIAL:
        return False
    # The output is reached through its relation to the document: the library knows no showcase.
    return Document.objects.filter(
        pk=document.pk, output__isnull=False, output__taken_back_at__isnull=True
    ).exists()


# --- The bin -------------------------------------------------------------------------------------


def bin_page(*, edition: Edition, user, page_number=1) -> Page:
    """The edition's deleted documents that `user` may restore (library.restore_document): those
    they may see and look after — as an author, a member of the document's group, or a
    facilitator of the edition — deleted within LIBRARY_BIN_DAYS days; most recently deleted
    first (four queries)."""
    documents = Document.objects.in_bin().filter(edition=edition).filter(_visible_q(user))
    role = roles_of(user).get(edition.pk)
    if role is None:
        documents = documents.none()
    elif role != Role.FACILITATOR:
        my_groups = GroupMembership.objects.active().filter(user=user).values("group_id")
        mine = Document.authors.through.objects.filter(user=user).values("document_id")
        documents = documents.filter(Q(pk__in=mine) | Q(group__in=my_groups))
    cards = for_cards(documents).select_related("deleted_by").order_by("-deleted_at", "-id")
    return Paginator(cards, PAGE_SIZE).get_page(page_number)
