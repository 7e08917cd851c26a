"""Filling the search index: what each kind of object contributes, and who may find it.

`index(obj)` refreshes one object's entries (documents, groups, proposals, meetings, people);
`remove(obj)` drops them; `rebuild()` redoes everything in batches (the `rebuild_search_index`
command, the demo and the benchmark generator use it). Each indexer below reads a batch of objects
with its related rows prefetched and yields one `EntryData` per edition the object may be found in;
an object that should not be findable (a document in the bin, a draft meeting) yields nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.urls import reverse
from django.utils.html import strip_tags

from leerplatform.accounts.models import ProfileField, User
from leerplatform.core import visitor_cache
from leerplatform.core.markdown import render_markdown
from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Membership
from leerplatform.groups.models import LearningGroup
from leerplatform.library.models import Document
from leerplatform.meetings.models import Meeting, MeetingStatus
from leerplatform.proposals.models import Proposal, ProposalStatus
from leerplatform.search.models import EntryType, SearchEntry
from leerplatform.search.text import plain_words, stem_text

# A PDF of hundreds of pages need not be searchable to its last word.
MAX_TEXT = 100_000
# How much of the text the small ranking vector holds (PostgreSQL).
RANK_TEXT = 400
BATCH = 500


@dataclass
class EntryData:
    object_id: int
    edition_id: int
    entry_type: str
    title: str
    text: str
    url: str
    visibility: str
    created_at: object
    group_id: int | None = None
    document_kind: str = ""
    year: int | None = None
    theme_ids: list[int] = field(default_factory=list)
    author_ids: list[int] = field(default_factory=list)


def plain(markdown_text: str) -> str:
    """Markdown as plain text (for snippets and stems)."""
    if not markdown_text:
        return ""
    return " ".join(strip_tags(render_markdown(markdown_text)).split())


def _join(*parts: str) -> str:
    return "\n".join(p for p in parts if p)[:MAX_TEXT]


# --- Indexers, one per model -------------------------------------------------------------------


def _documents(queryset) -> Iterator[EntryData]:
    documents = (
        Document.objects.filter(pk__in=queryset.values("pk"))
        .alive()
        .prefetch_related("themes", "authors", "attachments__current")
    )
    for doc in documents:
        files = [a.current for a in doc.attachments.all() if a.current is not None]
        yield EntryData(
            object_id=doc.pk,
            edition_id=doc.edition_id,
            entry_type=EntryType.DOCUMENT,
            title=doc.title,
            text=_join(
                doc.summary,
                plain(doc.body),
                " ".join(f.original_name for f in files),
                *(f.text for f in files),
            ),
            url=doc.get_absolute_url(),
            visibility=doc.visibility,
            group_id=doc.group_id,
            created_at=doc.created_at,
            document_kind=doc.kind,
            year=doc.created_at.year,
            theme_ids=[t.pk for t in doc.themes.all()],
            author_ids=[a.pk for a in doc.authors.all()],
        )


def _groups(queryset) -> Iterator[EntryData]:
    for group in LearningGroup.objects.filter(pk__in=queryset.values("pk")).prefetch_related(
        "themes"
    ):
        themes = list(group.themes.all())
        yield EntryData(
            object_id=group.pk,
            edition_id=group.edition_id,
            entry_type=EntryType.GROUP,
            title=group.name,
            text=_join(plain(group.description), " · ".join(t.title for t in themes)),
            url=reverse("groups:detail", args=[group.pk]),
            visibility=Visibility.PLATFORM,
            group_id=group.pk,
            created_at=group.created_at,
            year=group.created_at.year,
            theme_ids=[t.pk for t in themes],
        )


def _proposals(queryset) -> Iterator[EntryData]:
    # A draft meeting's call is the facilitators' business; a withdrawn proposal was taken back.
    proposals = (
        Proposal.objects.filter(pk__in=queryset.values("pk"))
        .exclude(call__meeting__status=MeetingStatus.DRAFT)
        .exclude(status=ProposalStatus.WITHDRAWN)
        .select_related("call__meeting")
    )
    for proposal in proposals:
        yield EntryData(
            object_id=proposal.pk,
            edition_id=proposal.call.meeting.edition_id,
            entry_type=EntryType.PROPOSAL,
            title=proposal.title,
            text=_join(plain(proposal.description), proposal.gains),
            url=reverse("proposals:detail", args=[proposal.pk]),
            visibility=Visibility.PLATFORM,
            created_at=proposal.created_at,
            year=proposal.created_at.year,
            theme_ids=[proposal.theme_id] if proposal.theme_id else [],
            author_ids=[proposal.proposer_id],
        )


def _meetings(queryset) -> Iterator[EntryData]:
    meetings = (
        Meeting.objects.filter(pk__in=queryset.values("pk"))
        .exclude(status=MeetingStatus.DRAFT)
        .select_related("theme")
    )
    for meeting in meetings:
        yield EntryData(
            object_id=meeting.pk,
            edition_id=meeting.edition_id,
            entry_type=EntryType.MEETING,
            title=meeting.title,
            text=_join(
                meeting.theme.title if meeting.theme else "",
                plain(meeting.description),
                meeting.venue_name,
            ),
            url=reverse("meetings:detail", args=[meeting.pk]),
            # Published meetings are public (meetings.view_meeting).
            visibility=Visibility.PUBLIC,
            created_at=meeting.starts_at,
            year=meeting.starts_at.year,
            theme_ids=[meeting.theme_id] if meeting.theme_id else [],
        )


def _people(queryset) -> Iterator[EntryData]:
    """A person once per edition they are active in, with only what they show other participants
    (as in the directory, "Wie is wie": the name always, the rest when they tick it; themes of
    expertise from that edition's agenda only). Facilitators see more on the person's page, but
    the index holds one text for everyone, so it holds only what everyone may see."""
    people = (
        User.objects.filter(pk__in=queryset.values("pk"), is_active=True)
        .select_related("institution")
        .prefetch_related(
            "expertise",
            models.Prefetch(
                "memberships", queryset=Membership.objects.active(), to_attr="active_memberships"
            ),
        )
    )
    for person in people:
        shows = set(person.visible_fields or [])
        expertise = list(person.expertise.all()) if ProfileField.EXPERTISE in shows else []
        institution = (
            person.institution.name
            if ProfileField.INSTITUTION in shows and person.institution
            else ""
        )
        job_title = person.job_title if ProfileField.JOB_TITLE in shows else ""
        bio = person.bio if ProfileField.BIO in shows else ""
        for membership in person.active_memberships:
            themes = [t for t in expertise if t.edition_id == membership.edition_id]
            yield EntryData(
                object_id=person.pk,
                edition_id=membership.edition_id,
                entry_type=EntryType.PERSON,
                title=person.name,
                text=_join(institution, job_title, " · ".join(t.title for t in themes), bio),
                url=reverse("accounts:person", args=[person.pk]),
                visibility=Visibility.PLATFORM,
                created_at=membership.joined_at,
                theme_ids=[t.pk for t in themes],
            )


def _indexers() -> dict[type[models.Model], Callable[[models.QuerySet], Iterable[EntryData]]]:
    return {
        Document: _documents,
        LearningGroup: _groups,
        Proposal: _proposals,
        Meeting: _meetings,
        User: _people,
    }


# --- Writing -----------------------------------------------------------------------------------


def _write(model: type[models.Model], object_ids: list[int], entries: list[EntryData]) -> None:
    content_type = ContentType.objects.get_for_model(model)
    SearchEntry.objects.filter(content_type=content_type, object_id__in=object_ids).delete()
    if not entries:
        return
    sqlite = connection.vendor == "sqlite"
    rows = [
        SearchEntry(
            content_type=content_type,
            object_id=e.object_id,
            edition_id=e.edition_id,
            group_id=e.group_id,
            visibility=e.visibility,
            entry_type=e.entry_type,
            document_kind=e.document_kind,
            year=e.year,
            title=e.title[:300],
            text=e.text,
            url=e.url,
            **({"created_at": e.created_at} if e.created_at else {}),
            stems_title=stem_text(e.title) if sqlite else "",
            stems_text=stem_text(e.text) if sqlite else "",
        )
        for e in entries
    ]
    rows = SearchEntry.objects.bulk_create(rows)
    visitor_cache.content_changed()  # a bulk insert sends no model signal
    if not all(r.pk for r in rows):  # Only databases that return ids from bulk inserts.
        rows = list(
            SearchEntry.objects.filter(
                content_type=content_type, object_id__in=object_ids
            ).order_by("id")
        )
    theme_links, author_links = [], []
    for row, data in zip(rows, entries, strict=True):
        theme_links += [
            SearchEntry.themes.through(searchentry_id=row.pk, theme_id=t) for t in data.theme_ids
        ]
        author_links += [
            SearchEntry.authors.through(searchentry_id=row.pk, user_id=a) for a in data.author_ids
        ]
    SearchEntry.themes.through.objects.bulk_create(theme_links)
    SearchEntry.authors.through.objects.bulk_create(author_links)
    if connection.vendor == "postgresql":
        # The words as text.words splits them, so PostgreSQL matches exactly what FTS5 matches.
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE search_searchentry AS e SET search_vector = "
                "setweight(to_tsvector('dutch', v.title), 'A') || "
                "setweight(to_tsvector('dutch', v.text), 'B'), rank_vector = "
                "setweight(to_tsvector('dutch', v.title), 'A') || "
                "setweight(to_tsvector('dutch', v.opening), 'B') "
                "FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[]) "
                "AS v(id, title, text, opening) "
                "WHERE e.id = v.id",
                [
                    [r.pk for r in rows],
                    [plain_words(r.title) for r in rows],
                    [plain_words(r.text) for r in rows],
                    [plain_words(r.text[:RANK_TEXT]) for r in rows],
                ],
            )


def index_queryset(
    queryset: models.QuerySet, progress: Callable[[int, int], None] | None = None
) -> int:
    """Re-index the objects of `queryset` (one model); returns the number of entries written.
    `progress(done, total)` is called after each batch of objects."""
    model = queryset.model
    indexer = _indexers()[model]
    written = 0
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        batch_ids = ids[start : start + BATCH]
        entries = list(indexer(model._default_manager.filter(pk__in=batch_ids)))
        _write(model, batch_ids, entries)
        written += len(entries)
        if progress:
            progress(start + len(batch_ids), len(ids))
    return written


def index(obj: models.Model) -> None:
    """Refresh the entries of one object (call it after the object and its relations are saved)."""
    # `_meta.model`, not type(): request.user is a lazy proxy of the User.
    model = obj._meta.model
    index_queryset(model._default_manager.filter(pk=obj.pk))


def remove(obj: models.Model) -> None:
    """Drop every entry of one object (it was deleted)."""
    content_type = ContentType.objects.get_for_model(obj._meta.model)
    SearchEntry.objects.filter(content_type=content_type, object_id=obj.pk).delete()


def rebuild(
    progress: Callable[[str, int], None] | None = None,
    batch_progress: Callable[[str, int, int], None] | None = None,
) -> int:
    """Empty the index and fill it again from every indexed model.

    `progress(name, entries)` is called once per model when it is done; `batch_progress(name,
    done, total)` after every batch of objects, for long runs."""
    SearchEntry.objects.all().delete()
    total = 0
    for model in _indexers():
        name = str(model._meta.verbose_name_plural)

        def report(done: int, of: int, name: str = name) -> None:
            if batch_progress:
                batch_progress(name, done, of)

        written = index_queryset(model._default_manager.all(), report)
        total += written
        if progress:
            progress(name, written)
    return total
