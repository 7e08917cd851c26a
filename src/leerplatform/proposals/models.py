"""Ideas participants bring for a meeting's plenary part: speakers, work formats, topics."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The time a proposal may ask for, and the longest comment.
MIN_MINUTES, MAX_MINUTES = 5, 240
MAX_COMMENT = 2000


def validate_minutes(value: int) -> None:
    """A plenary part takes between MIN_MINUTES and MAX_MINUTES minutes."""
    if value is not None and not MIN_MINUTES <= value <= MAX_MINUTES:
        raise ValidationError(
            _("Enter a time between %(min)s and %(max)s minutes."),
            code="minutes",
            params={"min": MIN_MINUTES, "max": MAX_MINUTES},
        )


class ProposalCall(models.Model):
    """A meeting's call for plenary proposals, open until its deadline."""

    meeting = models.OneToOneField(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="proposal_call",
    )
    deadline = models.DateTimeField(_("deadline"))
    description = models.TextField(
        _("what we are looking for"), blank=True, max_length=5000, help_text=_("Markdown.")
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("opened at"), default=timezone.now)

    class Meta:
        verbose_name = _("call for proposals")
        verbose_name_plural = _("calls for proposals")

    def __str__(self) -> str:
        return str(self.meeting)

    @property
    def is_open(self) -> bool:
        return timezone.now() < self.deadline


class ProposalKind(models.TextChoices):
    SPEAKER = "speaker", _("Speaker")
    WORK_FORMAT = "work_format", _("Work format")
    TOPIC = "topic", _("Topic")
    OTHER = "other", _("Other")


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    SELECTED = "selected", _("Selected")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Proposal(models.Model):
    call = models.ForeignKey(
        ProposalCall, verbose_name=_("call"), on_delete=models.CASCADE, related_name="proposals"
    )
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    kind = models.CharField(
        _("kind"),
        max_length=12,
        choices=ProposalKind.choices,
        error_messages={"invalid_choice": _("Choose a kind."), "blank": _("Choose a kind.")},
    )
    theme = models.ForeignKey(
        "editions.Theme",
        verbose_name=_("theme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000, help_text=_("Markdown."))
    gains = models.TextField(_("what participants will gain"), max_length=2000)
    duration_minutes = models.PositiveSmallIntegerField(
        _("time needed (minutes)"), validators=[validate_minutes]
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ProposalStatus.choices, default=ProposalStatus.SUBMITTED
    )
    facilitator_note = models.TextField(
        _("note from the facilitators"), blank=True, max_length=2000
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["call", "-created_at", "id"]
        indexes = [models.Index(fields=["call", "status"])]

    def __str__(self) -> str:
        return self.title


class Support(models.Model):
    """A participant backing a proposal; once each."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="supports"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="proposal_supports",
    )
    created_at = models.DateTimeField(_("supported at"), default=timezone.now)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="support_a_proposal_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.proposal}"


class Comment(models.Model):
    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="proposal_comments",
    )
    text = models.TextField(_("comment"), max_length=2000)
    created_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:40]}"
