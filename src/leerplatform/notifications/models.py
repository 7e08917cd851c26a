"""Notifications, follows, email preferences and the digests' bookkeeping.

A notification is one person's line about one event: who did what, to which thing, where, with a
link. It copies the thing's visibility, edition and group when it is made, so the one visibility
rule (`groups.visibility`) can be applied again whenever it is read or mailed; a personal
notification (about your own application, request or proposal) has no visibility tier and is for
its recipient alone. A confidential thing's notification keeps neither its title nor its text.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from leerplatform.notifications.kinds import DEFAULT_SENTENCE, KINDS, Channel

KIND_CHOICES = [(code, kind.label) for code, kind in KINDS.items()]
PERSONAL = ""  # the visibility of a notification that is for its recipient alone


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=40, choices=KIND_CHOICES)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    edition = models.ForeignKey(
        "editions.Edition",
        verbose_name=_("edition"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    group = models.ForeignKey(
        "learninggroups.LearningGroup",
        verbose_name=_("learning group"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    target_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    # What the thing and the place were called then ("" for a confidential thing).
    target_label = models.CharField(_("about"), max_length=300, blank=True)
    where_label = models.CharField(_("where"), max_length=300, blank=True)
    # A word or name the kind's sentence needs ({detail}); shown through gettext, so a service
    # passes a gettext_noop() message or a proper name.
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    # The first lines of what was written (a post, a comment); never for a confidential thing.
    excerpt = models.TextField(_("excerpt"), max_length=600, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    visibility = models.CharField(_("visibility"), max_length=12, blank=True, default=PERSONAL)
    confidential = models.BooleanField(_("confidential"), default=False)
    # How it was to be sent when it was made (the recipient's preference for its kind then).
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)
    digested_at = models.DateTimeField(_("in a digest at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["recipient", "-created_at"]),
            models.Index(fields=["channel", "digested_at"]),
        ]

    def __str__(self) -> str:
        return self.sentence()

    def sentence(self) -> str:
        """What happened, in the active language."""
        kind = KINDS.get(self.kind)
        template: Promise = DEFAULT_SENTENCE
        if kind is not None:
            template = (
                kind.confidential if self.confidential and kind.confidential else kind.sentence
            )
        actor = self.actor.name if self.actor is not None else gettext("Someone")
        return str(template).format(
            actor=actor,
            target=self.target_label or gettext("something"),
            where=self.where_label,
            detail=gettext(self.detail) if self.detail else "",
        )

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class Follow(models.Model):
    """A person follows a thread, a document, a group or a theme."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.CharField(max_length=64)
    target = GenericForeignKey("target_type", "target_id")
    edition = models.ForeignKey(
        "editions.Edition", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # Followed by the platform (their own group, a thread they wrote in), not by a click.
    automatic = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "target_type", "target_id"], name="follow_unique_per_user"
            )
        ]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.user} → {self.target_type.model} {self.target_id}"


class Preference(models.Model):
    """How one person wants one kind of notification (absent: the kind's default)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=40, choices=KIND_CHOICES)
    channel = models.CharField(_("how"), max_length=8, choices=Channel.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="preference_unique_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} = {self.channel}"


class DigestDelivery(models.Model):
    """One digest for one person and one period: the unique row is the claim that makes sending
    safe to run twice or at the same time (the second run finds the row and sends nothing)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=8)  # Channel.DAILY or Channel.WEEKLY
    period_key = models.CharField(max_length=16)  # "2026-12-03" or "2026-W49"
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "period", "period_key"], name="digest_once_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.period} {self.period_key}"
