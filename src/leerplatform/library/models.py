"""The library (bibliotheek): documents with their files, each file with every version kept.

A Document is what a group or a participant makes: a toolkit, a publication, minutes. It holds one
or more Attachments; an Attachment is one file slot whose FileVersions are its history. Nothing is
overwritten: a new upload or a restore adds a version, and deleting a document moves it to the bin
(`deleted_at`) for `LIBRARY_BIN_DAYS` days before `purge_library_bin` removes it for good.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leerplatform.core.visibility import Visibility


class DocumentKind(models.TextChoices):
    TOOLKIT = "toolkit", _("Toolkit")
    PUBLICATION = "publication", _("Publication")
    BEST_PRACTICE = "best_practice", _("Best practice")
    QUICK_WIN = "quick_win", _("Quick win")
    RESEARCH = "research", _("Research")
    PRESENTATION = "presentation", _("Presentation")
    MINUTES = "minutes", _("Minutes")
    WORK_FORMAT = "work_format", _("Work format")
    OTHER = "other", _("Other")


class Licence(models.TextChoices):
    CC_BY = "cc-by-4.0", _("CC BY 4.0 (share and adapt, with attribution)")
    CC_BY_SA = "cc-by-sa-4.0", _("CC BY-SA 4.0 (attribution, share alike)")
    CC_BY_NC = "cc-by-nc-4.0", _("CC BY-NC 4.0 (attribution, non-commercial)")
    CC_BY_NC_SA = "cc-by-nc-sa-4.0", _("CC BY-NC-SA 4.0 (attribution, non-commercial, share alike)")
    CC0 = "cc0-1.0", _("CC0 1.0 (public domain)")
    ALL_RIGHTS_RESERVED = "all-rights-reserved", _("All rights reserved")


LICENCE_URLS: dict[str, str] = {
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/deed.nl",
    Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/deed.nl",
    Licence.CC_BY_NC: "https://creativecommons.org/licenses/by-nc/4.0/deed.nl",
    Licence.CC_BY_NC_SA: "https://creativecommons.org/licenses/by-nc-sa/4.0/deed.nl",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/deed.nl",
}


class DocumentQuerySet(models.QuerySet):
    def alive(self) -> DocumentQuerySet:
        return self.filter(deleted_at__isnull=True)

    def in_bin(self) -> DocumentQuerySet:
        """Deleted documents that can still be restored."""
        since = timezone.now() - timedelta(days=settings.LIBRARY_BIN_DAYS)
        return self.filter(deleted_at__isnull=False, deleted_at__gte=since)


class Document(models.Model):
    edition = models.ForeignKey(
        "editions.Edition",
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    # The field rules, with the messages the library speaks in (services ask `clean_fields`).
    title = models.CharField(
        _("title"),
        max_length=200,
        error_messages={
            "blank": _("Give the document a title."),
            "max_length": _("Keep the title to %(limit_value)s characters."),
        },
    )
    summary = models.TextField(
        _("summary"),
        max_length=1000,
        help_text=_("Two or three sentences: what is it, for whom?"),
        # A TextField's max_length is no rule of the model by itself: the validator makes it one.
        validators=[MaxLengthValidator(1000, _("Keep the summary to %(limit_value)s characters."))],
        error_messages={"blank": _("Say in two or three sentences what it is and for whom.")},
    )
    body = models.TextField(
        _("text"),
        blank=True,
        max_length=50000,
        help_text=_("Markdown."),
        validators=[MaxLengthValidator(50000, _("Keep the text to %(limit_value)s characters."))],
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=DocumentKind.choices,
        error_messages={
            "blank": _("Choose what kind of document this is."),
            "invalid_choice": _("Choose what kind of document this is."),
        },
    )
    themes = models.ManyToManyField(
        "editions.Theme", verbose_name=_("themes"), blank=True, related_name="documents"
    )
    group = models.ForeignKey(
        "learninggroups.LearningGroup",
        verbose_name=_("learning group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("authors"), related_name="authored_documents"
    )
    visibility = models.CharField(
        _("who may see it"),
        max_length=12,
        choices=Visibility.choices,
        default=Visibility.PLATFORM,
        error_messages={
            "blank": _("Choose who may see this document."),
            "invalid_choice": _("Choose who may see this document."),
        },
    )
    licence = models.CharField(
        _("licence"),
        max_length=24,
        choices=Licence.choices,
        default=Licence.CC_BY,
        error_messages={
            "blank": _("Choose a licence."),
            "invalid_choice": _("Choose a licence."),
        },
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("added at"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deleted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The library list: an edition's alive documents newest first, read in index order;
            # the visibility rule is checked on the index's own columns, so only the page's
            # rows are ever read (and the count never reads a row). Partial, so that PostgreSQL
            # can use its order (`deleted_at IS NULL` is no equality it could order under).
            models.Index(
                fields=["edition", "-created_at", "-id", "visibility", "group"],
                condition=Q(deleted_at__isnull=True),
                name="library_document_list",
            ),
            # Counting what a person may see in an edition, from the index alone.
            models.Index(
                fields=["edition", "deleted_at", "visibility", "group"],
                name="library_document_count",
            ),
            models.Index(fields=["group", "deleted_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(visibility__in=[Visibility.GROUP, Visibility.CONFIDENTIAL])
                | Q(group__isnull=False),
                name="group_only_document_has_a_group",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:document", args=[self.pk])

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def purge_at(self):
        """When the bin empties itself of this document."""
        if self.deleted_at is None:
            return None
        return self.deleted_at + timedelta(days=settings.LIBRARY_BIN_DAYS)

    @property
    def licence_url(self) -> str:
        return LICENCE_URLS.get(self.licence, "")


class Attachment(models.Model):
    """One file of a document; its versions are its history, `current` the newest."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="attachments"
    )
    current = models.ForeignKey(
        "FileVersion",
        verbose_name=_("current version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("file")
        verbose_name_plural = _("files")
        ordering = ["document", "id"]

    def __str__(self) -> str:
        current = self.current if self.current_id else None
        return current.original_name if current is not None else f"#{self.pk}"


def file_upload_to(instance: FileVersion, filename: str) -> str:
    # Generated names only: an upload's own name never reaches the storage. No suffix either,
    # so a guessed URL or a listing of the bucket tells nothing about the content.
    return f"library/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}"


class TextStatus(models.TextChoices):
    PENDING = "pending", _("Being read")
    DONE = "done", _("Searchable")
    FAILED = "failed", _("Could not be read")
    NONE = "none", _("Not a text format")


class FileVersion(models.Model):
    attachment = models.ForeignKey(
        Attachment, verbose_name=_("file"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=file_upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=150)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    content_type = models.CharField(_("type"), max_length=120)
    sha256 = models.CharField(max_length=64)
    note = models.CharField(_("what changed"), max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    restored_from = models.ForeignKey(
        "self",
        verbose_name=_("restored from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Text read from PDF, DOCX and plain-text files by a background task, for search.
    text = models.TextField(_("text found in the file"), blank=True)
    text_status = models.CharField(
        _("text"), max_length=10, choices=TextStatus.choices, default=TextStatus.NONE
    )

    class Meta:
        verbose_name = _("file version")
        verbose_name_plural = _("file versions")
        ordering = ["attachment", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["attachment", "number"], name="one_number_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.original_name} (v{self.number})"
