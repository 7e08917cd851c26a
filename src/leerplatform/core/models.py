"""The activity ledger: one append-only table of who did what, where, and whether it brought or took."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from leerplatform.core.visibility import Visibility


class Direction(models.TextChoices):
    """Brengen en halen: sharing, presenting, leading bring; attending, reading, downloading take."""

    BRING = "bring", _("Bringing")
    TAKE = "take", _("Taking")
    NEUTRAL = "neutral", _("Neutral")


class Verb(models.TextChoices):
    """What happened. Each later part of the platform adds its verbs here."""

    PHASE_CHANGED = "phase_changed", _("moved the edition to a new phase")
    PROFILE_UPDATED = "profile_updated", _("updated their profile")
    JOINED = "joined", _("joined the edition")
    APPLIED = "applied", _("applied to join")
    ADMITTED = "admitted", _("was admitted")
    DECLINED = "declined", _("was declined")
    WAITLISTED = "waitlisted", _("was put on the waiting list")
    INVITED = "invited", _("was invited")
    LEFT = "left", _("left the edition")
    PARTICIPATION_ENDED = "participation_ended", _("ended a participation")
    AGREEMENTS_PUBLISHED = "agreements_published", _("published the collaboration agreements")
    AGREEMENTS_ACCEPTED = "agreements_accepted", _("accepted the collaboration agreements")
    MEETING_PUBLISHED = "meeting_published", _("published a meeting")
    MEETING_CANCELLED = "meeting_cancelled", _("cancelled a meeting")
    REGISTERED = "registered", _("registered for a meeting")
    UNREGISTERED = "unregistered", _("unregistered from a meeting")
    PROMOTED_FROM_WAITLIST = "promoted_from_waitlist", _("got a place at a meeting")
    ATTENDED = "attended", _("took part in a meeting")
    CALL_OPENED = "call_opened", _("opened a call for plenary proposals")
    PROPOSED = "proposed", _("proposed an idea for the plenary part")
    SUPPORTED = "supported", _("supported a proposal")
    COMMENTED = "commented", _("commented on a proposal")
    PROPOSAL_SELECTED = "proposal_selected", _("had a proposal chosen for the programme")
    GROUP_STARTED = "group_started", _("started a learning group")
    GROUP_JOINED = "group_joined", _("joined a learning group")
    GROUP_LEFT = "group_left", _("left a learning group")
    JOIN_REQUESTED = "join_requested", _("asked to join a learning group")
    WORKPLAN_EDITED = "workplan_edited", _("edited a work plan")
    WORKPLAN_AGREED = "workplan_agreed", _("marked a work plan as agreed")
    ACTIVITY_LOGGED = "activity_logged", _("logged a group activity")
    REPORTED = "reported", _("wrote a progress report")
    POSTED = "posted", _("posted in a group discussion")
    DOCUMENT_ADDED = "document_added", _("added a document to the library")
    DOCUMENT_CHANGED = "document_changed", _("changed a document")
    FILE_UPLOADED = "file_uploaded", _("uploaded a file or a new version")
    VERSION_RESTORED = "version_restored", _("restored an earlier version of a file")
    DOCUMENT_DELETED = "document_deleted", _("moved a document to the bin")
    DOCUMENT_RESTORED = "document_restored", _("restored a document from the bin")
    DOWNLOADED = "downloaded", _("downloaded a file")
    REFLECTED = "reflected", _("wrote a reflection")
    REFLECTION_SHARED = "reflection_shared", _("shared a reflection")
    GROUP_REFLECTED = "group_reflected", _("wrote the group's reflection")
    EVALUATED = "evaluated", _("evaluated a meeting")
    OUTPUT_OFFERED = "output_offered", _("offered an output to the field")
    CONSENT_GIVEN = "consent_given", _("consented to publication")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("withdrew consent to publication")
    OUTPUT_PUBLISHED = "output_published", _("had an output published")
    REPORT_GENERATED = "report_generated", _("generated the closing report")
    REPORT_PUBLISHED = "report_published", _("published the closing report")
    EDITION_CONTINUED = "edition_continued", _("started a new edition from this one")
    CONTINUATION_ANSWERED = "continuation_answered", _("answered the invitation to continue")


# The default direction of each verb; a service may pass another one.
VERB_DIRECTIONS: dict[str, str] = {
    Verb.PHASE_CHANGED: Direction.NEUTRAL,
    Verb.PROFILE_UPDATED: Direction.NEUTRAL,
    Verb.JOINED: Direction.NEUTRAL,
    Verb.APPLIED: Direction.NEUTRAL,
    Verb.ADMITTED: Direction.NEUTRAL,
    Verb.DECLINED: Direction.NEUTRAL,
    Verb.WAITLISTED: Direction.NEUTRAL,
    Verb.INVITED: Direction.NEUTRAL,
    Verb.LEFT: Direction.NEUTRAL,
    Verb.PARTICIPATION_ENDED: Direction.NEUTRAL,
    # Setting the rules of the open learning climate is leading: it brings.
    Verb.AGREEMENTS_PUBLISHED: Direction.BRING,
    Verb.AGREEMENTS_ACCEPTED: Direction.NEUTRAL,
    Verb.MEETING_PUBLISHED: Direction.NEUTRAL,
    Verb.MEETING_CANCELLED: Direction.NEUTRAL,
    Verb.REGISTERED: Direction.NEUTRAL,
    Verb.UNREGISTERED: Direction.NEUTRAL,
    Verb.PROMOTED_FROM_WAITLIST: Direction.NEUTRAL,
    # Taking part in a meeting is taking: knowledge and inspiration.
    Verb.ATTENDED: Direction.TAKE,
    Verb.CALL_OPENED: Direction.NEUTRAL,
    # Proposing, supporting and discussing plenary ideas is bringing.
    Verb.PROPOSED: Direction.BRING,
    Verb.SUPPORTED: Direction.BRING,
    Verb.COMMENTED: Direction.BRING,
    Verb.PROPOSAL_SELECTED: Direction.BRING,
    # The seed's heart: working in a learning group is bringing.
    Verb.GROUP_STARTED: Direction.BRING,
    Verb.GROUP_JOINED: Direction.BRING,
    Verb.GROUP_LEFT: Direction.NEUTRAL,
    Verb.JOIN_REQUESTED: Direction.NEUTRAL,
    Verb.WORKPLAN_EDITED: Direction.BRING,
    Verb.WORKPLAN_AGREED: Direction.BRING,
    Verb.ACTIVITY_LOGGED: Direction.BRING,
    Verb.REPORTED: Direction.BRING,
    Verb.POSTED: Direction.BRING,
    # The library: making and improving products is bringing, downloading them is taking.
    Verb.DOCUMENT_ADDED: Direction.BRING,
    Verb.DOCUMENT_CHANGED: Direction.BRING,
    Verb.FILE_UPLOADED: Direction.BRING,
    Verb.VERSION_RESTORED: Direction.NEUTRAL,
    Verb.DOCUMENT_DELETED: Direction.NEUTRAL,
    Verb.DOCUMENT_RESTORED: Direction.NEUTRAL,
    Verb.DOWNLOADED: Direction.TAKE,
    # Reflection: writing for oneself is neutral (and private); sharing it with others brings.
    Verb.REFLECTED: Direction.NEUTRAL,
    Verb.REFLECTION_SHARED: Direction.BRING,
    Verb.GROUP_REFLECTED: Direction.BRING,
    Verb.EVALUATED: Direction.NEUTRAL,
    # Outputs to the field: offering and publishing bring; consent itself is neutral.
    Verb.OUTPUT_OFFERED: Direction.BRING,
    Verb.CONSENT_GIVEN: Direction.NEUTRAL,
    Verb.CONSENT_WITHDRAWN: Direction.NEUTRAL,
    Verb.OUTPUT_PUBLISHED: Direction.BRING,
    Verb.REPORT_GENERATED: Direction.NEUTRAL,
    Verb.REPORT_PUBLISHED: Direction.NEUTRAL,
    Verb.EDITION_CONTINUED: Direction.NEUTRAL,
    Verb.CONTINUATION_ANSWERED: Direction.NEUTRAL,
}


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete a ledger entry."""


class ActivityQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The activity ledger is append-only.")

    def delete(self):
        raise AppendOnlyError("The activity ledger is append-only.")


class ActivityEntry(models.Model):
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    verb = models.CharField(_("verb"), max_length=40, choices=Verb.choices)
    direction = models.CharField(_("bringing or taking"), max_length=8, choices=Direction.choices)
    edition = models.ForeignKey(
        "editions.Edition",
        verbose_name=_("edition"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    target_id = models.CharField(max_length=64, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    # What the target was called at the time: the ledger still reads well after renames.
    target_label = models.CharField(_("target"), max_length=300, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=12, choices=Visibility.choices, default=Visibility.PLATFORM
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activity ledger")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["edition", "-created_at"]),
            models.Index(fields=["actor", "edition", "direction"]),
            models.Index(fields=["target_type", "target_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.actor} {self.get_verb_display()} {self.target_label}".strip()

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("The activity ledger is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The activity ledger is append-only.")


# --- The task queue's bookkeeping (core/queue.py, core/worker.py) -------------------------------


class TaskWorker(models.Model):
    """A running task worker (`manage.py run_worker`), seen by its heartbeat.

    A worker writes `last_seen` every few seconds from a thread of its own, also while a long task
    runs. A task claimed by a worker that has not been seen for TASKS_LEASE_SECONDS is taken back
    and run again by another worker (its lease expired: the worker died or lost the database)."""

    worker_id = models.CharField(_("worker"), max_length=64, unique=True)
    hostname = models.CharField(_("host"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(_("process"), default=0)
    started_at = models.DateTimeField(_("started"))
    last_seen = models.DateTimeField(_("last seen"), db_index=True)
    tasks_done = models.PositiveIntegerField(_("tasks done"), default=0)

    class Meta:
        verbose_name = _("task worker")
        verbose_name_plural = _("task workers")
        ordering = ["-last_seen"]

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid} ({self.worker_id})"


class SentEmail(models.Model):
    """One email a task sends: a task run again after a crash skips what already went out.

    The key is the task's id, the template and the address (core.email). The row is written
    before the message is handed to the mail server and marked `delivered` after; a row left
    undelivered means the worker died in between, and the message is not sent again (it may
    have gone out: nobody is mailed twice; the log says so). Rows are purged after
    TASKS_HISTORY_DAYS."""

    key = models.CharField(max_length=255, unique=True)
    sent_at = models.DateTimeField(auto_now_add=True, db_index=True)
    delivered = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("sent email")
        verbose_name_plural = _("sent emails")

    def __str__(self) -> str:
        return self.key
