"""The way into an edition: applications, invitations and the collaboration agreements."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leerplatform.accounts.models import (
    MAX_YEARS_OF_EXPERIENCE,
    YEARS_OF_EXPERIENCE_MESSAGE,
    WorkLevel,
)
from leerplatform.core.tokens import new_token


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WAITLISTED = "waitlisted", _("On the waiting list")


# A facilitator's decisions on an application: the forms offer them, the services take them.
ACCEPT, DECLINE, WAITLIST = "accept", "decline", "waitlist"


class Application(models.Model):
    """Someone asking to take part in an edition. The facts are kept as they were given."""

    edition = models.ForeignKey(
        "editions.Edition",
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="applications",
    )
    # Empty until the address is confirmed through the emailed link: only then is the application
    # attached to the account with this address (or to a new one). Anyone can type an address.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="applications",
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("email address"))
    institution = models.ForeignKey(
        "accounts.Institution",
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )
    institution_other = models.CharField(_("other institution"), max_length=200, blank=True)
    job_title = models.CharField(_("job title"), max_length=150)
    years_of_experience = models.PositiveSmallIntegerField(
        _("years of experience in the field"),
        validators=[
            MaxValueValidator(MAX_YEARS_OF_EXPERIENCE, message=YEARS_OF_EXPERIENCE_MESSAGE)
        ],
    )
    work_level = models.CharField(_("work level"), max_length=12, choices=WorkLevel.choices)
    motivation = models.TextField(_("motivation"), max_length=2000)
    themes = models.ManyToManyField(
        "editions.Theme", verbose_name=_("themes to work on"), blank=True, related_name="+"
    )
    consented_at = models.DateTimeField(_("consented to the privacy statement at"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    decision_reason = models.TextField(_("reason"), blank=True, max_length=2000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    email_verified_at = models.DateTimeField(_("email verified at"), null=True, blank=True)
    verification_token = models.CharField(max_length=64, default=new_token, unique=True)
    created_at = models.DateTimeField(_("applied at"), default=timezone.now)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                "edition", Lower("email"), name="one_application_per_email_per_edition"
            )
        ]
        indexes = [models.Index(fields=["edition", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.name} → {self.edition}"

    @property
    def institution_name(self) -> str:
        return self.institution.name if self.institution else self.institution_other


class Invitation(models.Model):
    """A facilitator's invitation to take part; the link works once and expires."""

    edition = models.ForeignKey(
        "editions.Edition",
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("email address"))
    name = models.CharField(_("name"), max_length=150, blank=True)
    institution = models.ForeignKey(
        "accounts.Institution",
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    token = models.CharField(max_length=64, default=new_token, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("invited at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                "edition", Lower("email"), name="one_invitation_per_email_per_edition"
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.edition}"

    @property
    def is_used(self) -> bool:
        return self.accepted_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class Agreement(models.Model):
    """One published version of an edition's collaboration agreements (Markdown)."""

    edition = models.ForeignKey(
        "editions.Edition",
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="agreements",
    )
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("agreements"), help_text=_("Markdown."))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), default=timezone.now)

    class Meta:
        verbose_name = _("collaboration agreements")
        verbose_name_plural = _("collaboration agreements")
        ordering = ["edition", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "version"], name="one_agreement_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.edition} v{self.version}"


class AgreementAcceptance(models.Model):
    """Who accepted which version, and when."""

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreements"),
        on_delete=models.PROTECT,
        related_name="acceptances",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="agreement_acceptances",
    )
    accepted_at = models.DateTimeField(_("accepted at"), default=timezone.now)

    class Meta:
        verbose_name = _("acceptance of agreements")
        verbose_name_plural = _("acceptances of agreements")
        ordering = ["-accepted_at"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "user"], name="accept_a_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.agreement}"
