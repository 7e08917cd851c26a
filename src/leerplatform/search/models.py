"""The search index: one row per thing a person can find, with what the visibility rule needs.

Each row copies the title, a plain text and the facets (type, document kind, themes, group, year,
authors) of a document, learning group, proposal, meeting or person, plus the visibility, edition
and group that decide who may find it. The full-text part lives beside it:

- PostgreSQL: `search_vector`, a tsvector built with the `dutch` configuration, GIN-indexed;
- SQLite: the FTS5 table `search_fts` over the columns `stems_title` and `stems_text`
  (Snowball-Dutch stems), kept in step by triggers, so even a bulk delete leaves no stale row.

Both are filled by `leerplatform.search.index`; `leerplatform.search.engine.search` is the one
query. On SQLite it joins the FTS5 table through `FullText`, a read-only model of it.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Lookup
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leerplatform.core.visibility import Visibility


class EntryType(models.TextChoices):
    DOCUMENT = "document", _("Documents")
    GROUP = "group", _("Learning groups")
    PROPOSAL = "proposal", _("Proposals")
    MEETING = "meeting", _("Meetings")
    PERSON = "person", _("People")


class SearchEntry(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    # People have one entry per edition they are in: who may find them depends on the edition.
    edition = models.ForeignKey("editions.Edition", on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(
        "learninggroups.LearningGroup",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    visibility = models.CharField(max_length=12, choices=Visibility.choices)
    entry_type = models.CharField(_("type"), max_length=10, choices=EntryType.choices)
    document_kind = models.CharField(max_length=20, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    themes = models.ManyToManyField("editions.Theme", blank=True, related_name="+")
    authors = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    title = models.CharField(max_length=300)
    text = models.TextField(blank=True)
    url = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    # PostgreSQL only (GIN index made by migration 0002); an unused column on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    # PostgreSQL only: the title (A) and the first few hundred characters (B), small enough to
    # stay inline, so that ranking thousands of matches does not read every large vector.
    rank_vector = SearchVectorField(null=True, editable=False)
    # SQLite only: Snowball-Dutch stems of title and text, the content of the FTS5 table
    # `search_fts`, which triggers keep in step (migration 0002); empty on PostgreSQL.
    stems_title = models.TextField(blank=True, editable=False)
    stems_text = models.TextField(blank=True, editable=False)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search index")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "edition"],
                name="one_entry_per_object_and_edition",
            )
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            # Covers what the visibility rule, the filters and the order read, so that checking
            # a match never reads the row itself (on SQLite the large text comes first in it).
            models.Index(
                fields=[
                    "id",
                    "visibility",
                    "edition",
                    "group",
                    "entry_type",
                    "document_kind",
                    "year",
                    "created_at",
                ],
                name="search_entry_covering",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class MatchField(models.TextField):
    """The FTS5 table's hidden column named after the table itself: `search_fts MATCH ?`
    searches every column of the row (FTS5 query syntax)."""


@MatchField.register_lookup
class Match(Lookup):
    lookup_name = "match"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", [*lhs_params, *rhs_params]


class FullText(models.Model):
    """SQLite only: a row of the FTS5 table `search_fts` (migration 0002), whose rowid is the
    entry's id. Never written through Django (the triggers of 0002 fill it), only joined:
    `SearchEntry.objects.filter(fulltext__search_fts__match=...)` with `fulltext__rank`, the
    bm25 relevance (lower is better)."""

    entry = models.OneToOneField(
        SearchEntry,
        primary_key=True,
        db_column="rowid",
        db_constraint=False,
        on_delete=models.DO_NOTHING,
        related_name="fulltext",
    )
    search_fts = MatchField(db_column="search_fts")
    rank = models.FloatField()

    class Meta:
        managed = False
        db_table = "search_fts"

    def __str__(self) -> str:
        return f"search_fts {self.pk}"
