"""Editions of a learning platform, their phases, learning agenda (themes) and members."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leerplatform.accounts.models import WorkLevel


class Phase(models.TextChoices):
    """How a learning platform develops (the seed's "Leerplatform in ontwikkeling")."""

    ORIENTATION = "orientation", _("Orientation")
    STARTUP = "startup", _("Start-up")
    CONNECTING = "connecting", _("Making connections")
    BUILDING = "building", _("Building climate and results")
    CONSOLIDATION = "consolidation", _("Consolidation")
    CLOSED = "closed", _("Closed")


PHASE_DESCRIPTIONS = {
    Phase.ORIENTATION: _("The set-up and the learning agenda are being prepared."),
    Phase.STARTUP: _("Participants get to know each other and the platform starts."),
    Phase.CONNECTING: _("Participants make connections and form learning groups."),
    Phase.BUILDING: _("The groups build an open learning climate and work on results."),
    Phase.CONSOLIDATION: _("The platform is a source of activity and outputs."),
    Phase.CLOSED: _("The outputs have been shared with the field; this edition has ended."),
}

PHASE_ORDER = list(Phase.values)


class Edition(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in web addresses"), max_length=80, unique=True)
    tagline = models.CharField(_("tagline"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    phase = models.CharField(
        _("phase"),
        max_length=16,
        choices=Phase.choices,
        default=Phase.ORIENTATION,
        # A value that is none of the phases, or none at all.
        error_messages={
            key: _("Choose one of the phases.") for key in ("invalid_choice", "blank", "null")
        },
    )
    max_participants = models.PositiveIntegerField(
        _("maximum number of participants"), null=True, blank=True
    )
    continued_from = models.ForeignKey(
        "self",
        verbose_name=_("continues"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="continuations",
    )
    applications_open = models.BooleanField(
        _("open for applications"),
        default=False,
        help_text=_("Visitors can apply to join through the application page."),
    )
    applications_close_on = models.DateField(
        _("last day to apply"),
        null=True,
        blank=True,
        help_text=_(
            "Applications close automatically after this day. Empty: they close when the edition "
            "ends."
        ),
    )
    criteria = models.TextField(
        _("who can take part"),
        blank=True,
        help_text=_("Markdown. Shown above the application form."),
    )
    min_years_of_experience = models.PositiveSmallIntegerField(
        _("minimum years of experience"),
        default=5,
        help_text=_("Applications with fewer years are flagged for the facilitators, not refused."),
    )
    expected_work_level = models.CharField(
        _("expected work level"),
        max_length=12,
        blank=True,
        default=WorkLevel.TACTICAL,
        choices=WorkLevel.choices,
        help_text=_("Applications at another level are flagged, not refused."),
    )
    groups_started_by = models.CharField(
        _("who can start a learning group"),
        max_length=12,
        choices=[("facilitators", _("Facilitators only")), ("participants", _("Participants too"))],
        default="participants",
    )
    max_groups_per_person = models.PositiveSmallIntegerField(
        _("learning groups one person may join"),
        default=1,
        help_text=_("The seed's platform: one learning group of one's choice."),
    )
    is_published = models.BooleanField(
        _("published"),
        default=True,
        help_text=_(
            "Shown to visitors. A closed edition is always shown: its outputs and archive stay "
            "readable."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="edition_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("editions:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        """The last day to apply lies within the edition (after its end nobody can join)."""
        if (
            self.applications_close_on
            and self.ends_on
            and self.applications_close_on > self.ends_on
        ):
            raise ValidationError(
                {
                    "applications_close_on": _(
                        "The last day to apply must be on or before the day the edition ends."
                    )
                }
            )

    # --- The edition's calendar ------------------------------------------------------------------

    @property
    def last_day_to_apply(self) -> dt.date:
        """The last day on which people can apply: the application deadline, else the edition's
        last day (whichever comes first)."""
        if self.applications_close_on is not None:
            return min(self.applications_close_on, self.ends_on)
        return self.ends_on

    def applications_have_closed(self, *, today: dt.date | None = None) -> bool:
        """After the last day to apply (Dutch time), applications are closed whatever
        `applications_open` says."""
        return (today or timezone.localdate()) > self.last_day_to_apply

    def has_ended(self, *, today: dt.date | None = None) -> bool:
        return (today or timezone.localdate()) > self.ends_on

    def includes_day(self, day: dt.date) -> bool:
        """Whether `day` lies within the edition's period (first and last day included)."""
        return self.starts_on <= day <= self.ends_on

    @property
    def is_public(self) -> bool:
        """Whether visitors may see the edition's public pages: a published edition, and every
        closed one (its outputs were shared with the field; the archive stays readable)."""
        return self.is_published or self.phase == Phase.CLOSED

    @property
    def is_closed(self) -> bool:
        return self.phase == Phase.CLOSED

    @property
    def phase_index(self) -> int:
        return PHASE_ORDER.index(self.phase)

    @property
    def phase_description(self) -> str:
        return str(PHASE_DESCRIPTIONS[Phase(self.phase)])

    def phase_steps(self) -> list[dict]:
        """The phases in order, each marked done / current / to come, for the phase bar."""
        current = self.phase_index
        return [
            {
                "value": value,
                "label": label,
                "state": "done" if i < current else "current" if i == current else "todo",
                "number": i + 1,
            }
            for i, (value, label) in enumerate(Phase.choices)
        ]


class Theme(models.Model):
    """A theme of an edition's learning agenda."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="themes"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["edition", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "title"], name="theme_title_unique_per_edition"
            )
        ]

    def __str__(self) -> str:
        return self.title


class EditionContact(models.Model):
    """A contact person of an edition, shown to visitors as "Meer weten?" on its public pages;
    set by the edition's facilitators."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(
        _("role"), max_length=150, help_text=_("For example: facilitator, project adviser.")
    )
    email = models.EmailField(_("email address"))
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["edition", "position", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"


class Role(models.TextChoices):
    PARTICIPANT = "participant", _("Participant")
    FACILITATOR = "facilitator", _("Facilitator")


class MembershipQuerySet(models.QuerySet):
    def active(self) -> MembershipQuerySet:
        return self.filter(left_at__isnull=True)


class Membership(models.Model):
    """A person taking part in an edition, as participant or facilitator."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("role"), max_length=12, choices=Role.choices, default=Role.PARTICIPANT
    )
    joined_at = models.DateTimeField(_("joined at"), default=timezone.now)
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)
    onboarding_dismissed_at = models.DateTimeField(
        _("first steps dismissed at"), null=True, blank=True
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["edition", "role", "user__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "edition"], name="one_membership_per_edition")
        ]
        indexes = [models.Index(fields=["edition", "role", "left_at"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.edition} ({self.get_role_display()})"

    @property
    def is_active(self) -> bool:
        return self.left_at is None


class ContinuationStatus(models.TextChoices):
    ASKED = "asked", _("Not answered yet")
    CONTINUES = "continues", _("Continues")
    STOPS = "stops", _("Does not continue")


class ContinuationInvitation(models.Model):
    """A participant of a closed edition asked whether they continue in the new one."""

    edition = models.ForeignKey(
        Edition,
        verbose_name=_("new edition"),
        on_delete=models.CASCADE,
        related_name="continuation_invitations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="continuation_invitations",
    )
    status = models.CharField(
        _("answer"),
        max_length=10,
        choices=ContinuationStatus.choices,
        default=ContinuationStatus.ASKED,
    )
    # The carried-over groups this person continues in.
    groups = models.ManyToManyField(
        "learninggroups.LearningGroup", verbose_name=_("groups"), blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation to continue")
        verbose_name_plural = _("invitations to continue")
        constraints = [
            models.UniqueConstraint(fields=["edition", "user"], name="one_continuation_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.edition}"
