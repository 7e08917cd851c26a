"""The edition's day-long meetings (bijeenkomsten): programme, registration, attendance, calendars."""

from __future__ import annotations

import datetime as dt
from typing import Protocol
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leerplatform.core.tokens import new_token


class MeetingKind(models.TextChoices):
    REGULAR = "regular", _("Meeting")
    CLOSING = "closing", _("Closing meeting")


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(models.Model):
    edition = models.ForeignKey(
        "editions.Edition",
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    title = models.CharField(
        _("title"), max_length=200, error_messages={"blank": _("Give the meeting a title.")}
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    venue_address = models.CharField(_("address"), max_length=300, blank=True)
    venue_directions = models.TextField(
        _("directions"), blank=True, help_text=_("How to get there (Markdown).")
    )
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=MeetingKind.choices,
        default=MeetingKind.REGULAR,
        error_messages={"invalid_choice": _("Choose a kind of meeting.")},
    )
    theme = models.ForeignKey(
        "editions.Theme",
        verbose_name=_("theme of the plenary workshop"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MeetingStatus.choices,
        default=MeetingStatus.DRAFT,
        error_messages={"invalid_choice": _("Choose a status.")},
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("Empty: no limit."),
        validators=[
            MinValueValidator(1, _("The capacity must be at least 1, or empty for no limit."))
        ],
    )
    registration_deadline = models.DateTimeField(
        _("registration deadline"),
        null=True,
        blank=True,
        help_text=_("Empty: registration is open until the meeting starts."),
    )
    report_deadline = models.DateTimeField(
        _("deadline for the groups' progress reports"),
        null=True,
        blank=True,
        help_text=_("Empty: the groups report until the meeting starts."),
    )
    # The calendar's SEQUENCE (RFC 5545): raised by every change a calendar shows (times, place,
    # title, cancelling), so that an updated .ics replaces the one people imported before.
    sequence = models.PositiveIntegerField(_("calendar revision"), default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_it_starts",
            ),
            # One closing meeting per edition (a cancelled one makes way for a new one). The
            # services say so first with a message; this holds when two save at once.
            models.UniqueConstraint(
                fields=["edition"],
                condition=Q(kind="closing") & ~Q(status="cancelled"),
                name="one_closing_meeting_per_edition",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def local_days(self) -> tuple[dt.date, dt.date]:
        """The first and last day of the meeting on the Amsterdam wall clock."""
        zone = ZoneInfo(settings.TIME_ZONE)
        return self.starts_at.astimezone(zone).date(), self.ends_at.astimezone(zone).date()

    def is_on_meeting_day(self, *, today: dt.date | None = None) -> bool:
        """Whether `today` (Dutch time) is a day of the meeting: the day check-in is for."""
        first, last = self.local_days()
        return first <= (today or timezone.localdate()) <= last

    def clean(self) -> None:
        """The meeting ends after it starts; registration closes before it starts. (The theme
        must be one of the edition's: the services check that, it spans two rows.)"""
        errors: dict[str, list] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = [_("The end time must be after the start time.")]
        if (
            self.registration_deadline
            and self.starts_at
            and self.registration_deadline >= self.starts_at
        ):
            errors["registration_deadline"] = [
                _("The registration deadline must be before the meeting starts.")
            ]
        if errors:
            raise ValidationError(errors)

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def is_closing(self) -> bool:
        return self.kind == MeetingKind.CLOSING


def meeting_hours(meeting: Meeting) -> tuple[dt.time, dt.time]:
    """The meeting's start and end on the Amsterdam wall clock (the day's bounds)."""
    zone = ZoneInfo(settings.TIME_ZONE)
    starts = meeting.starts_at.astimezone(zone)
    ends = meeting.ends_at.astimezone(zone)
    end_time = ends.time() if ends.date() == starts.date() else dt.time.max
    return starts.time().replace(tzinfo=None), end_time.replace(tzinfo=None)


class ProgrammeItemKind(models.TextChoices):
    PLENARY_WORKSHOP = "plenary_workshop", _("Plenary workshop")
    GROUPS_AT_WORK = "groups_at_work", _("Learning groups at work")
    GROUP_PRESENTATIONS = "group_presentations", _("Plenary presentations of the groups")
    BREAK = "break", _("Break")
    OTHER = "other", _("Other")


class ProgrammeItem(models.Model):
    """One part of a meeting's day: a time slot with a kind, title and description."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="programme"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    starts_at = models.TimeField(_("starts at"), error_messages={"null": _("Give a start time.")})
    ends_at = models.TimeField(_("ends at"), error_messages={"null": _("Give an end time.")})
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=ProgrammeItemKind.choices,
        error_messages={"invalid_choice": _("Choose a kind.")},
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        error_messages={"blank": _("Give the programme item a title.")},
    )
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    proposal = models.ForeignKey(
        "proposals.Proposal",
        verbose_name=_("chosen proposal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programme_items",
    )

    class Meta:
        verbose_name = _("programme item")
        verbose_name_plural = _("programme")
        ordering = ["meeting", "starts_at", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="programme_item_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%H:%M} {self.title}"

    def clean(self) -> None:
        """The item ends after it starts. (That it fits the meeting's day is the services' rule:
        it reads the meeting.)"""
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The end time must be after the start time.")})


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class Registration(models.Model):
    """A place at a meeting: a member's (user set) or, for a closing meeting, a guest's."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="meeting_registrations",
    )
    # Guests from the field (closing meeting only) register without an account.
    guest_name = models.CharField(_("name"), max_length=150, blank=True)
    guest_email = models.EmailField(_("email address"), blank=True)
    guest_organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    guest_confirmed_at = models.DateTimeField(_("email confirmed at"), null=True, blank=True)
    token = models.CharField(max_length=64, default=new_token, unique=True)

    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.REGISTERED,
    )
    dietary_wishes = models.CharField(_("dietary wishes"), max_length=300, blank=True)
    remark = models.CharField(_("remark"), max_length=500, blank=True)
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    promoted_at = models.DateTimeField(
        _("promoted from the waiting list at"), null=True, blank=True
    )
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    attended_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked in by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    check_in_reason = models.CharField(
        _("reason for checking in on another day"),
        max_length=300,
        blank=True,
        help_text=_(
            "Given by the facilitator who checked the person in outside the meeting's day."
        ),
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["meeting", "registered_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=Q(user__isnull=False),
                name="one_registration_per_member_per_meeting",
            ),
            models.UniqueConstraint(
                "meeting",
                Lower("guest_email"),
                condition=Q(user__isnull=True),
                name="one_registration_per_guest_email_per_meeting",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(guest_email=""),
                name="registration_has_a_member_or_a_guest_email",
            ),
        ]
        indexes = [models.Index(fields=["meeting", "status", "registered_at"])]

    def __str__(self) -> str:
        return f"{self.display_name} – {self.meeting}"

    @property
    def is_guest(self) -> bool:
        return self.user_id is None

    @property
    def display_name(self) -> str:
        return self.guest_name if self.is_guest else str(self.user)


# --- Places, the waiting list and the registration period -----------------------------------------
# Below the queries and the services that both count places (one definition for both).

# Who takes part in the count: members, and guests who confirmed their address.
COUNTS_Q = Q(user__isnull=False) | Q(guest_confirmed_at__isnull=False)
HOLDS_PLACE_Q = Q(status=RegistrationStatus.REGISTERED) & COUNTS_Q
WAITING_Q = Q(status=RegistrationStatus.WAITLISTED) & COUNTS_Q
QUEUE_ORDER = ("registered_at", "id")


class RegistrationTimes(Protocol):
    """What the registration rules read of a meeting: a Meeting, or a row of it kept for pages
    (pages.queries.edition.OverviewMeeting)."""

    @property
    def status(self) -> str: ...
    @property
    def starts_at(self) -> dt.datetime: ...
    @property
    def registration_deadline(self) -> dt.datetime | None: ...


def registration_deadline(meeting: RegistrationTimes) -> dt.datetime:
    """Until when people can register: the deadline, or the start of the meeting when empty."""
    return meeting.registration_deadline or meeting.starts_at


def is_registration_open(meeting: RegistrationTimes, *, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return meeting.status == MeetingStatus.PUBLISHED and now < registration_deadline(meeting)


def can_still_cancel(meeting: Meeting, *, now: dt.datetime | None = None) -> bool:
    """Cancelling only frees a place, so it is possible until the meeting starts, also after the
    deadline: better a free place for the waiting list (or one meal less) than an empty chair."""
    now = now or timezone.now()
    return meeting.status != MeetingStatus.DRAFT and now < meeting.starts_at


class CalendarFeed(models.Model):
    """A person's secret calendar subscription address; a new token revokes the old address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    token = models.CharField(max_length=64, default=new_token, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("calendar subscription")
        verbose_name_plural = _("calendar subscriptions")

    def __str__(self) -> str:
        return str(self.user)
