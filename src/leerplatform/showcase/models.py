"""Outputs to the field (opbrengsten) and the edition's closing report.

- `Output`: a group's or a participant's product offered to the field: a library document, or a
  group's final report (its progress report for the closing meeting). It is public only when every
  author has consented (`Consent`); authors may withdraw until the closing meeting has ended.
- `ClosingReport`: a PDF of the edition made by a background task (WeasyPrint), in Dutch or
  English, with its progress; a facilitator publishes it on the public outputs page.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Output(models.Model):
    edition = models.ForeignKey(
        "editions.Edition",
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="outputs",
    )
    group = models.ForeignKey(
        "learninggroups.LearningGroup",
        verbose_name=_("learning group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outputs",
    )
    document = models.OneToOneField(
        "library.Document",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="output",
    )
    report = models.OneToOneField(
        "learninggroups.ProgressReport",
        verbose_name=_("final report"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="output",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    # Set when the last author consents, cleared when one withdraws or an author is added.
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # Set when the document was made less than public on its own page: the offer is off, and no
    # consent publishes it until someone chooses "public" for it again.
    taken_back_at = models.DateTimeField(_("taken back at"), null=True, blank=True)

    # Not columns: counted from the prefetched consents by `showcase.queries.outputs` for the
    # consent pages.
    given_count: int
    author_count: int

    class Meta:
        verbose_name = _("output")
        verbose_name_plural = _("outputs")
        ordering = ["edition", "group", "proposed_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(document__isnull=False, report__isnull=True)
                | Q(document__isnull=True, report__isnull=False),
                name="output_is_a_document_or_a_report",
            )
        ]

    def __str__(self) -> str:
        if self.document_id:
            return str(self.document)
        return str(self.report)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class ConsentStatus(models.TextChoices):
    ASKED = "asked", _("Asked")
    GIVEN = "given", _("Given")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Consent(models.Model):
    output = models.ForeignKey(
        Output, verbose_name=_("output"), on_delete=models.CASCADE, related_name="consents"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.CASCADE,
        related_name="output_consents",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ConsentStatus.choices, default=ConsentStatus.ASKED
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["output", "author__name"]
        constraints = [
            models.UniqueConstraint(fields=["output", "author"], name="one_consent_per_author")
        ]
        indexes = [models.Index(fields=["author", "status"])]

    def __str__(self) -> str:
        return f"{self.author} – {self.output}"


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


def report_upload_to(instance: ClosingReport, filename: str) -> str:
    return f"reports/{uuid.uuid4().hex}.pdf"


class ClosingReport(models.Model):
    edition = models.ForeignKey(
        "editions.Edition",
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="closing_reports",
    )
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("current step"), max_length=200, blank=True)
    file = models.FileField(_("PDF"), upload_to=report_upload_to, blank=True, max_length=200)
    pages = models.PositiveSmallIntegerField(_("pages"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("closing report")
        verbose_name_plural = _("closing reports")
        ordering = ["edition", "-requested_at"]

    def __str__(self) -> str:
        return f"{self.edition} ({self.language})"
