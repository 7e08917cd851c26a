"""People and the institutions they work for."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from contextvars import ContextVar
from importlib import import_module
from pathlib import PurePath

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leerplatform.core.statements import InstanceStatement


class Institution(models.Model):
    """A hogeschool (or, later, another organisation a participant works for)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    is_hbo = models.BooleanField(
        _("university of applied sciences"),
        default=True,
        help_text=_("Whether this is a Dutch hogeschool (hbo)."),
    )

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class WorkLevel(models.TextChoices):
    OPERATIONAL = "operational", _("Operational")
    TACTICAL = "tactical", _("Tactical")
    STRATEGIC = "strategic", _("Strategic")


class ProfileField(models.TextChoices):
    """Profile fields a person may show to or hide from other participants."""

    INSTITUTION = "institution", _("Institution")
    JOB_TITLE = "job_title", _("Job title")
    YEARS_OF_EXPERIENCE = "years_of_experience", _("Years of experience")
    WORK_LEVEL = "work_level", _("Work level")
    EXPERTISE = "expertise", _("Themes of expertise")
    BIO = "bio", _("About me")
    PHOTO = "photo", _("Photo")


DEFAULT_VISIBLE_FIELDS = [
    ProfileField.INSTITUTION,
    ProfileField.JOB_TITLE,
    ProfileField.EXPERTISE,
    ProfileField.BIO,
    ProfileField.PHOTO,
]


def default_visible_fields() -> list[str]:
    return [str(f) for f in DEFAULT_VISIBLE_FIELDS]


MAX_YEARS_OF_EXPERIENCE = 60
YEARS_OF_EXPERIENCE_MESSAGE = _("Enter a number of years between 0 and 60.")


def photo_upload_to(instance: User, filename: str) -> str:
    # Generated names: an upload's own name never reaches the file system.
    suffix = PurePath(filename).suffix.lower()
    return f"profile-photos/{uuid.uuid4().hex}{suffix}"


# While Django's authentication reads the person of a request (`accounts.sessions.get_user`):
# the person read with the request's session, if it is the one asked for (else None).
SESSION_USER: ContextVar[Callable[[int], User | None] | None] = ContextVar(
    "session_user", default=None
)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)

    def get(self, *args, **kwargs) -> User:
        """`User.objects.get(pk=<int>)` reads with SQL built once (core.statements): Django's
        authentication asks it on every logged-in request, and then gets the person read with
        the session (`SESSION_USER`), with no query at all. Any other lookup, another database
        or a historical model (migrations) goes to the ORM."""
        if not args and len(kwargs) == 1 and self._db in (None, "default") and self.model is User:
            ((name, value),) = kwargs.items()
            if name in ("pk", "id") and type(value) is int:
                read_with_session = SESSION_USER.get()
                found = read_with_session(value) if read_with_session is not None else None
                if found is None:
                    found = _USER_BY_PK.instance(value)
                if found is None:
                    raise self.model.DoesNotExist(
                        f"{self.model._meta.object_name} matching query does not exist."
                    )
                return found
        return super().get(*args, **kwargs)


class User(AbstractBaseUser, PermissionsMixin):
    """A person: logs in by email; the profile lives on the same row (one join less everywhere)."""

    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(_("name"), max_length=150)
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    years_of_experience = models.PositiveSmallIntegerField(
        _("years of experience in the field"),
        null=True,
        blank=True,
        validators=[
            MaxValueValidator(MAX_YEARS_OF_EXPERIENCE, message=YEARS_OF_EXPERIENCE_MESSAGE)
        ],
    )
    work_level = models.CharField(
        _("work level"), max_length=12, choices=WorkLevel.choices, blank=True
    )
    expertise = models.ManyToManyField(
        "editions.Theme", verbose_name=_("themes of expertise"), blank=True, related_name="experts"
    )
    bio = models.TextField(_("about me"), max_length=1500, blank=True)
    photo = models.ImageField(_("photo"), upload_to=photo_upload_to, blank=True)
    language = models.CharField(
        _("language of emails"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Empty: the platform's language."),
    )
    visible_fields = models.JSONField(
        _("fields other participants may see"), default=default_visible_fields, blank=True
    )

    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Whether the user can log into the admin site."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # Erasure (AVG art. 17; the privacy app carries it out): asked for, then carried out after a
    # grace period in which logging in cancels it. An erased person's row stays as a tombstone
    # ("Voormalig deelnemer") so that shared work keeps an author and the ledger its counts.
    erasure_due_at = models.DateTimeField(_("to be erased at"), null=True, blank=True)
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True)
    # Bumped when a row that only this person sees changes (their notifications, agreement
    # acceptances, journal, evaluations): `core.shared_reads.personal` keeps reads about them
    # under it, and it comes with the session's read of the person at no cost (accounts.sessions).
    private_version = models.PositiveBigIntegerField(default=0, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name", "email"]

    def __str__(self) -> str:
        return self.name or self.email

    def save(self, *args, **kwargs) -> None:
        """A whole save of a person read before leaves `private_version` alone: only
        `accounts.services.private_changed` moves it, so a profile saved from an older copy
        cannot set it back while a notification comes in."""
        if (
            not self._state.adding
            and kwargs.get("update_fields") is None
            and not kwargs.get("force_insert")
            and not (args and args[0])
        ):
            kwargs["update_fields"] = _FIELDS_SAVED_WHOLE
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email

    def shows(self, field: str) -> bool:
        """Whether this person shows `field` to other participants."""
        return field in (self.visible_fields or [])


# What a whole save of a person writes (User.save): every column but the id and private_version.
_FIELDS_SAVED_WHOLE = [
    f.name for f in User._meta.concrete_fields if not f.primary_key and f.name != "private_version"
]

# Django's authentication reads the logged-in person by id on every request (UserManager.get).
_USER_BY_PK = InstanceStatement(User, lambda pk: User.objects.filter(pk=pk))


class Session(AbstractBaseSession):
    """Django's database session, with the person logged in on it (None before a login, or when
    the id in the session names no one). The store (`accounts.sessions`) keeps the column in
    step with the session's data on every save, reads the person with the session in one query,
    and ends a person's sessions by this column."""

    # No constraint in the database: a session saved after its person was deleted (by a request
    # that read it before) must not fail; the ORM still deletes a person's sessions with them.
    user = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        db_constraint=False,
        related_name="+",
    )

    class Meta:
        db_table = "accounts_session"
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    @classmethod
    def get_session_store_class(cls):
        # The store of SESSION_ENGINE (accounts.sessions, which imports this module).
        return import_module(settings.SESSION_ENGINE).SessionStore


class ConsentKind(models.TextChoices):
    PRIVACY_STATEMENT = "privacy_statement", _("Privacy statement")
    AGREEMENTS = "agreements", _("Agreements of the edition")
    PUBLICATION = "publication", _("Publication of an output")


class ConsentRecord(models.Model):
    """One consent a person gave (or refused), with the version of what they agreed to.

    Append-only: a later decision is a new row. It is the person's record (shown in their data
    export and on "Mijn gegevens"); it goes when the person is erased.
    """

    user = models.ForeignKey(
        User,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="consent_records",
    )
    # Before an account exists (an application by a visitor) the record holds the address.
    email = models.EmailField(_("email address"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ConsentKind.choices)
    subject = models.CharField(_("about"), max_length=300)
    version = models.CharField(_("version"), max_length=40)
    given = models.BooleanField(_("given"), default=True)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-recorded_at", "-pk"]
        indexes = [models.Index(fields=["user", "-recorded_at"], name="consent_user_recent")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject} ({self.version})"
