"""Learning groups (leergroepen): members, join requests, and the versioned work plan."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Membership


@deconstructible
class MaxCharacters:
    """A text of at most `limit` characters: the model's own check (a TextField's max_length is
    only the form's), in the words the pages use."""

    message = _("Keep this to %(max)s characters.")

    def __init__(self, limit: int, message=None) -> None:
        self.limit = limit
        if message is not None:
            self.message = message

    def __call__(self, value: str) -> None:
        if value is not None and len(value) > self.limit:
            raise ValidationError(self.message, code="max_length", params={"max": self.limit})

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, MaxCharacters)
            and other.limit == self.limit
            and other.message == self.message
        )

    def __hash__(self) -> int:
        return hash(self.limit)


class GroupStatus(models.TextChoices):
    FORMING = "forming", _("Forming")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class JoinPolicy(models.TextChoices):
    OPEN = "open", _("Open: anyone in the edition can join")
    REQUEST = "request", _("On request: the coordinators decide")


GROUP_OR_EDITION = [
    (Visibility.GROUP, _("The group only")),
    (Visibility.PLATFORM, _("Everyone in the edition")),
]
# A discussion may also be confidential (vertrouwelijk): the group only, and kept out of the
# activity stream, emails' text and every overview (core.visibility).
THREAD_VISIBILITIES = [
    (Visibility.CONFIDENTIAL, _("Confidential: the group only, never in streams or emails")),
    *GROUP_OR_EDITION,
]


GROUP_MIN_SIZE = 2
GIVE_A_NAME = _("Give the group a name.")
GROUP_MAX_SIZE = 500
GROUP_MAX_DESCRIPTION = 5000


class LearningGroup(models.Model):
    """A learning group. Its field rules live here (`full_clean`), with the messages the form
    shows; the services keep the rules across rows (a unique name in the edition, the edition's
    themes, room for the members it has)."""

    edition = models.ForeignKey(
        "editions.Edition",
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="learning_groups",
    )
    name = models.CharField(_("name"), max_length=150, error_messages={"blank": GIVE_A_NAME})
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=GROUP_MAX_DESCRIPTION,
        validators=[MaxCharacters(GROUP_MAX_DESCRIPTION)],
        help_text=_("Markdown."),
    )
    themes = models.ManyToManyField(
        "editions.Theme", verbose_name=_("themes"), related_name="learning_groups"
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=GroupStatus.choices,
        default=GroupStatus.FORMING,
        error_messages={"blank": _("Choose a status."), "invalid_choice": _("Choose a status.")},
    )
    join_policy = models.CharField(
        _("joining"),
        max_length=10,
        choices=JoinPolicy.choices,
        default=JoinPolicy.OPEN,
        error_messages={
            "blank": _("Choose how people can join."),
            "invalid_choice": _("Choose how people can join."),
        },
    )
    max_size = models.PositiveSmallIntegerField(
        _("maximum number of members"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(
                GROUP_MIN_SIZE,
                message=_("A group has room for at least 2 members; leave empty for no limit."),
            ),
            MaxValueValidator(GROUP_MAX_SIZE),
        ],
        help_text=_("Empty: no limit."),
    )
    workplan_visibility = models.CharField(
        _("who sees the work plan"),
        max_length=10,
        choices=GROUP_OR_EDITION,
        default=Visibility.GROUP,
        error_messages={
            "blank": _("Choose who sees the work plan."),
            "invalid_choice": _("Choose who sees the work plan."),
        },
    )
    activities_visibility = models.CharField(
        _("who sees the activities"),
        max_length=10,
        choices=GROUP_OR_EDITION,
        default=Visibility.GROUP,
        error_messages={
            "blank": _("Choose who sees the activities."),
            "invalid_choice": _("Choose who sees the activities."),
        },
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("started at"), default=timezone.now)
    continued_from = models.ForeignKey(
        "self",
        verbose_name=_("continues"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="continuations",
    )

    class Meta:
        verbose_name = _("learning group")
        verbose_name_plural = _("learning groups")
        ordering = ["edition", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "name"], name="group_name_unique_per_edition"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.status == GroupStatus.CLOSED

    def check_open(self) -> None:
        """A closed group is read-only: its services call this before every new post, thread,
        work-plan version, activity or report (a facilitator can reopen the group)."""
        if self.is_closed:
            raise ValidationError(CLOSED_GROUP)


CLOSED_GROUP = _("This learning group is closed: it is read-only now. A facilitator can reopen it.")


class GroupMembershipQuerySet(models.QuerySet):
    def active(self) -> GroupMembershipQuerySet:
        """Memberships that grant something: not left, AND the person is still an active member
        of the group's edition. Every rule, list, search filter and email that reads a group
        membership goes through here, so someone who left the edition (or whose participation
        was ended) keeps nothing of their groups, even if a group row was never closed."""
        in_edition = Membership.objects.active().filter(
            user_id=OuterRef("user_id"), edition_id=OuterRef("group__edition_id")
        )
        return self.filter(Exists(in_edition), left_at__isnull=True)

    def former(self) -> GroupMembershipQuerySet:
        """Memberships that ended: the person left the group, or left the edition."""
        return self.exclude(pk__in=self.model.objects.active().values("pk"))


class GroupMembership(models.Model):
    """A person in a learning group; `left_at` ends it without deleting anything.

    Only `GroupMembership.objects.active()` says who is in a group now (it also requires an
    active membership of the edition); the visibility rule (core.visibility) and the rules use it.
    Leaving the edition closes the person's group rows (`left_at`), `is_coordinator` stays as
    history."""

    group = models.ForeignKey(
        LearningGroup,
        verbose_name=_("learning group"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="group_memberships",
    )
    is_coordinator = models.BooleanField(_("coordinator (trekker)"), default=False)
    email_notifications = models.BooleanField(_("email me about new posts"), default=True)
    joined_at = models.DateTimeField(_("joined at"), default=timezone.now)
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)

    objects = GroupMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("group membership")
        verbose_name_plural = _("group memberships")
        ordering = ["group", "-is_coordinator", "user__name"]
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="one_membership_per_group")
        ]
        indexes = [models.Index(fields=["user", "left_at"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.group}"

    @property
    def is_active(self) -> bool:
        return self.left_at is None


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


JOIN_REQUEST_MAX_MESSAGE = 1000


class JoinRequest(models.Model):
    group = models.ForeignKey(
        LearningGroup,
        verbose_name=_("learning group"),
        on_delete=models.CASCADE,
        related_name="join_requests",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="group_join_requests",
    )
    message = models.TextField(
        _("message"),
        blank=True,
        max_length=JOIN_REQUEST_MAX_MESSAGE,
        validators=[
            MaxCharacters(
                JOIN_REQUEST_MAX_MESSAGE, message=_("Keep your message to %(max)s characters.")
            )
        ],
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=JoinRequestStatus.choices,
        default=JoinRequestStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("request to join")
        verbose_name_plural = _("requests to join")
        ordering = ["group", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"],
                condition=Q(status="pending"),
                name="one_pending_request_per_group",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.group}"


WORKPLAN_MAX_PART = 20000


def _workplan_part(label) -> models.TextField:
    """One part of the work plan: Markdown, optional, at most WORKPLAN_MAX_PART characters."""
    return models.TextField(
        label,
        blank=True,
        max_length=WORKPLAN_MAX_PART,
        validators=[MaxCharacters(WORKPLAN_MAX_PART)],
    )


class WorkPlanVersion(models.Model):
    """One saved version of a group's work plan; the newest is the current plan."""

    group = models.ForeignKey(
        LearningGroup,
        verbose_name=_("learning group"),
        on_delete=models.CASCADE,
        related_name="workplan_versions",
    )
    number = models.PositiveIntegerField(_("version"))
    ambition = _workplan_part(_("ambition"))
    desired_result = _workplan_part(_("desired result"))
    approach = _workplan_part(_("approach"))
    time_investment = _workplan_part(_("time investment"))
    communication = _workplan_part(_("communication"))
    other_agreements = _workplan_part(_("other agreements"))
    planned_activities = _workplan_part(_("planned activities"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("saved at"), default=timezone.now)
    agreed_at = models.DateTimeField(_("agreed at"), null=True, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked as agreed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    PARTS = [
        "ambition",
        "desired_result",
        "approach",
        "time_investment",
        "communication",
        "other_agreements",
        "planned_activities",
    ]

    class Meta:
        verbose_name = _("work plan version")
        verbose_name_plural = _("work plan versions")
        ordering = ["group", "-number"]
        constraints = [
            # Two members saving at once cannot both create the same version number.
            models.UniqueConstraint(fields=["group", "number"], name="one_workplan_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.group} v{self.number}"


class ActivityKind(models.TextChoices):
    """The seed's list of what learning groups do."""

    BEST_PRACTICES = "best_practices", _("Sharing best practices")
    QUICK_WINS = "quick_wins", _("Quick wins")
    ACTION_LEARNING = "action_learning", _("Action learning")
    PRACTICE_ASSIGNMENT = "practice_assignment", _("Practice assignment")
    RESEARCH = "research", _("Research")
    SHARED_TASK = "shared_task", _("Working on a shared task")
    TOOLKIT = "toolkit", _("Toolkit")
    PUBLICATION = "publication", _("Publication")
    SEMINAR = "seminar", _("Seminar")
    GUEST_SPEAKER = "guest_speaker", _("Guest speaker")
    TRAINING = "training", _("Training")
    TRAIN_THE_TRAINER = "train_the_trainer", _("Train-the-trainer")
    INTERVISION = "intervision", _("Intervision")
    CONFERENCE = "conference", _("Conference")
    WORK_VISIT = "work_visit", _("Work visit")
    OTHER = "other", _("Other")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")


ACTIVITY_MAX_TEXT = 10000
CHOOSE_KIND = _("Choose what kind of activity this is.")
CHOOSE_STATUS = _("Choose whether the activity is planned or done.")
ENTER_DATE = _("Enter the date of the activity.")


class GroupActivityQuerySet(models.QuerySet):
    def in_bin(self) -> GroupActivityQuerySet:
        """Deleted activities still in the bin (restorable for LIBRARY_BIN_DAYS days, as the
        library's documents are)."""
        since = timezone.now() - timedelta(days=settings.LIBRARY_BIN_DAYS)
        return self.filter(deleted_at__isnull=False, deleted_at__gte=since)


class CurrentActivityManager(models.Manager.from_queryset(GroupActivityQuerySet)):  # type: ignore[misc]
    """`GroupActivity.objects`: the activities not in the bin, so that every page, box, report and
    export that reads activities (also in other apps, and `group.activities`) leaves a deleted one
    out without knowing about the bin. `GroupActivity.everything` also holds the binned ones."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class GroupActivity(models.Model):
    """Something a learning group plans or did (named so as not to clash with the ledger).

    Its field rules live here (`full_clean`), with the messages the form shows: the form is a
    ModelForm and the service cleans the row; only who may take part is the service's own rule."""

    group = models.ForeignKey(
        LearningGroup,
        verbose_name=_("learning group"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=ActivityKind.choices,
        error_messages={"blank": CHOOSE_KIND, "invalid_choice": CHOOSE_KIND},
    )
    title = models.CharField(
        _("title"), max_length=200, error_messages={"blank": _("Give the activity a title.")}
    )
    date = models.DateField(_("date"), error_messages={"null": ENTER_DATE, "blank": ENTER_DATE})
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=ActivityStatus.choices,
        default=ActivityStatus.PLANNED,
        error_messages={"blank": CHOOSE_STATUS, "invalid_choice": CHOOSE_STATUS},
    )
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=ACTIVITY_MAX_TEXT,
        validators=[MaxCharacters(ACTIVITY_MAX_TEXT)],
        help_text=_("Markdown."),
    )
    outcome = models.TextField(
        _("outcome"),
        blank=True,
        max_length=ACTIVITY_MAX_TEXT,
        validators=[MaxCharacters(ACTIVITY_MAX_TEXT)],
        help_text=_("Markdown."),
    )
    # Vertrouwelijk: for the group's active members only, whatever the group's
    # `activities_visibility`, and kept out of the stream, reports and overviews (core.visibility).
    confidential = models.BooleanField(_("confidential"), default=False)
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("who took part"), blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("logged by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("logged at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # In the bin: deleted, restorable until `purge_groups_bin` removes it for good.
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deleted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = CurrentActivityManager()
    everything = models.Manager.from_queryset(GroupActivityQuerySet)()

    class Meta:
        verbose_name = _("group activity")
        verbose_name_plural = _("group activities")
        ordering = ["group", "-date", "-id"]
        indexes = [models.Index(fields=["group", "date"])]
        base_manager_name = "everything"

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if (
            self.status == ActivityStatus.DONE
            and self.date is not None
            and self.date > timezone.localdate()
        ):
            errors["status"] = _(
                "An activity on a date in the future cannot be done yet: keep it planned."
            )
        if self.status == ActivityStatus.PLANNED and (self.outcome or "").strip():
            # An outcome belongs to something that happened; kept silently it would read as fact.
            errors["outcome"] = _(
                "Describe the outcome once the activity has taken place: set it to done, or "
                "leave the outcome empty for now."
            )
        if errors:
            raise ValidationError(errors)


REPORT_MAX_TEXT = 10000


def _report_section(label, *, required: bool = False, **kwargs) -> models.TextField:
    """One section of a report: Markdown of at most REPORT_MAX_TEXT characters."""
    return models.TextField(
        label,
        blank=not required,
        max_length=REPORT_MAX_TEXT,
        validators=[MaxCharacters(REPORT_MAX_TEXT)],
        help_text=_("Markdown."),
        **kwargs,
    )


class ProgressReport(models.Model):
    """A group's report to one meeting's plenary presentations. Visible to the edition. Its
    field rules live here, with the messages the form shows."""

    group = models.ForeignKey(
        LearningGroup,
        verbose_name=_("learning group"),
        on_delete=models.CASCADE,
        related_name="progress_reports",
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="progress_reports",
    )
    what_we_did = _report_section(
        _("what we did"),
        required=True,
        error_messages={"blank": _("Tell what the group did since the last meeting.")},
    )
    what_we_learned = _report_section(_("what we learned"))
    results = _report_section(_("results and products"))
    next_steps = _report_section(_("next steps"))
    questions = _report_section(_("questions for the plenary"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["meeting", "group__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "meeting"], name="one_report_per_group_per_meeting"
            )
        ]

    # The report's parts, in the order the pages show them.
    SECTIONS = ["what_we_did", "what_we_learned", "results", "next_steps", "questions"]

    def __str__(self) -> str:
        return f"{self.group} – {self.meeting}"


THREAD_MAX_TITLE = 200
POST_MAX_TEXT = 10_000
WRITE_A_MESSAGE = _("Write a message.")
CHOOSE_READERS = _("Choose who can read this discussion.")


class Thread(models.Model):
    """A discussion in the group's space; group-only unless the group opens it to the edition.
    Its field rules (and a post's) live here, with the messages the forms show."""

    group = models.ForeignKey(
        LearningGroup,
        verbose_name=_("learning group"),
        on_delete=models.CASCADE,
        related_name="threads",
    )
    title = models.CharField(
        _("title"),
        max_length=THREAD_MAX_TITLE,
        error_messages={"blank": _("Give the discussion a title.")},
    )
    visibility = models.CharField(
        _("who can read it"),
        max_length=12,
        choices=THREAD_VISIBILITIES,
        default=Visibility.GROUP,
        error_messages={"blank": CHOOSE_READERS, "invalid_choice": CHOOSE_READERS},
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("started at"), default=timezone.now)
    last_post_at = models.DateTimeField(_("last post at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("discussion")
        verbose_name_plural = _("discussions")
        ordering = ["group", "-last_post_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def edition_id(self) -> int:
        return self.group.edition_id


class Post(models.Model):
    thread = models.ForeignKey(
        Thread, verbose_name=_("discussion"), on_delete=models.CASCADE, related_name="posts"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(
        _("message"),
        max_length=POST_MAX_TEXT,
        validators=[
            MaxCharacters(POST_MAX_TEXT, message=_("Keep your message to %(max)s characters."))
        ],
        error_messages={"blank": WRITE_A_MESSAGE},
        help_text=_("Markdown."),
    )
    created_at = models.DateTimeField(_("posted at"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["thread", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:40]}"
