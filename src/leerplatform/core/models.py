"""The activity ledger: one append-only table of who did what, where, and whether it brought or took."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.functional import Promise
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
    DOCUMENT_READ = "document_read", _("read a document")
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


class Counting(models.TextChoices):
    """How the rows of a verb count on the give-and-take pages (core.counting)."""

    EACH = "each", _("every time")
    ONCE_PER_THING = "once", _("once per person per thing")
    # Files: a new version counts every time; a file's first version is part of adding the
    # document (it counts once per person per document, with DOCUMENT_ADDED and DOCUMENT_CHANGED).
    NEW_VERSION = "version", _("every new version; a first version counts with its document")
    NOT_COUNTED = "no", _("does not count")


@dataclass(frozen=True)
class VerbRule:
    """What one verb means for bringing and taking.

    `direction`: bringing, taking or neutral (neutral never counts). `counting`: how often.
    `family`: verbs of one family count together, once per person per thing (adding a document
    and changing it are one contribution to that document); by default a verb is its own family.
    `not_own`: taking something one made oneself is not taking (reading or downloading one's own
    document). `makes_own`: a person who did this to a thing counts as its maker (with the
    document's authors and its creator, see core.counting). `how`: the rule in words, for the
    give-and-take page (empty: the counting's own label says it)."""

    direction: str
    counting: str = Counting.EACH
    family: str = ""
    not_own: bool = False
    makes_own: bool = False
    how: str | Promise = ""


_NEUTRAL = VerbRule(Direction.NEUTRAL, Counting.NOT_COUNTED)
_GROUP_ONCE = _("once per group: starting it and joining it count together")
_DOCUMENT_ONCE = _(
    "once per document: adding it with its files and changing its description count together"
)
_DOCUMENT_TAKEN = _(
    "once per document: reading it and downloading its files count together; never your own "
    "document (as an author, or having added or uploaded to it)"
)

# The one table of bringing and taking: every verb, its direction and how it counts. The balance
# pages (core.counting) read it, `activity.record` takes its default direction from it, and
# docs/user-guide.md ("Brengen en halen") explains it; tests/reflection/test_counting.py checks
# hand-counted examples against it.
VERB_RULES: dict[str, VerbRule] = {
    Verb.PHASE_CHANGED: _NEUTRAL,
    Verb.PROFILE_UPDATED: _NEUTRAL,
    Verb.JOINED: _NEUTRAL,
    Verb.APPLIED: _NEUTRAL,
    Verb.ADMITTED: _NEUTRAL,
    Verb.DECLINED: _NEUTRAL,
    Verb.WAITLISTED: _NEUTRAL,
    Verb.INVITED: _NEUTRAL,
    Verb.LEFT: _NEUTRAL,
    Verb.PARTICIPATION_ENDED: _NEUTRAL,
    # Setting the rules of the open learning climate is leading: it brings.
    Verb.AGREEMENTS_PUBLISHED: VerbRule(Direction.BRING),
    Verb.AGREEMENTS_ACCEPTED: _NEUTRAL,
    Verb.MEETING_PUBLISHED: _NEUTRAL,
    Verb.MEETING_CANCELLED: _NEUTRAL,
    Verb.REGISTERED: _NEUTRAL,
    Verb.UNREGISTERED: _NEUTRAL,
    Verb.PROMOTED_FROM_WAITLIST: _NEUTRAL,
    # Taking part in a meeting is taking: knowledge and inspiration. Once per meeting.
    Verb.ATTENDED: VerbRule(Direction.TAKE, Counting.ONCE_PER_THING, how=_("once per meeting")),
    Verb.CALL_OPENED: _NEUTRAL,
    # Proposing and discussing plenary ideas brings every time; support once per proposal.
    Verb.PROPOSED: VerbRule(Direction.BRING),
    Verb.SUPPORTED: VerbRule(Direction.BRING, Counting.ONCE_PER_THING, how=_("once per proposal")),
    Verb.COMMENTED: VerbRule(Direction.BRING),
    Verb.PROPOSAL_SELECTED: VerbRule(
        Direction.BRING, Counting.ONCE_PER_THING, how=_("once per proposal")
    ),
    # The seed's heart: working in a learning group is bringing. Starting a group is joining it:
    # one contribution per person per group, however often they leave and come back.
    Verb.GROUP_STARTED: VerbRule(
        Direction.BRING, Counting.ONCE_PER_THING, family="group", how=_GROUP_ONCE
    ),
    Verb.GROUP_JOINED: VerbRule(
        Direction.BRING, Counting.ONCE_PER_THING, family="group", how=_GROUP_ONCE
    ),
    Verb.GROUP_LEFT: _NEUTRAL,
    Verb.JOIN_REQUESTED: _NEUTRAL,
    # Every saved version of a work plan brings; agreeing on it is the coordinators' signature,
    # not a contribution of its own (the edit brought).
    Verb.WORKPLAN_EDITED: VerbRule(Direction.BRING),
    Verb.WORKPLAN_AGREED: VerbRule(
        Direction.NEUTRAL,
        Counting.NOT_COUNTED,
        how=_("does not count: saving the version brought"),
    ),
    Verb.ACTIVITY_LOGGED: VerbRule(Direction.BRING),
    Verb.REPORTED: VerbRule(Direction.BRING),
    Verb.POSTED: VerbRule(Direction.BRING),
    # The library: a document with its files is one contribution per person (adding it,
    # uploading its first files, changing its description); every new version of a file is one
    # more. Reading or downloading someone else's document is taking, once per person per
    # document; one's own document is never taken.
    Verb.DOCUMENT_ADDED: VerbRule(
        Direction.BRING,
        Counting.ONCE_PER_THING,
        family="document",
        makes_own=True,
        how=_DOCUMENT_ONCE,
    ),
    Verb.DOCUMENT_CHANGED: VerbRule(
        Direction.BRING,
        Counting.ONCE_PER_THING,
        family="document",
        makes_own=True,
        how=_DOCUMENT_ONCE,
    ),
    Verb.FILE_UPLOADED: VerbRule(
        Direction.BRING,
        Counting.NEW_VERSION,
        family="document",
        makes_own=True,
        how=_("every new version once; the first files count with their document"),
    ),
    Verb.VERSION_RESTORED: VerbRule(
        Direction.NEUTRAL,
        Counting.NOT_COUNTED,
        makes_own=True,
        how=_("does not count: the version was brought when it was uploaded"),
    ),
    Verb.DOCUMENT_DELETED: _NEUTRAL,
    Verb.DOCUMENT_RESTORED: _NEUTRAL,
    Verb.DOWNLOADED: VerbRule(
        Direction.TAKE,
        Counting.ONCE_PER_THING,
        family="document_taken",
        not_own=True,
        how=_DOCUMENT_TAKEN,
    ),
    Verb.DOCUMENT_READ: VerbRule(
        Direction.TAKE,
        Counting.ONCE_PER_THING,
        family="document_taken",
        not_own=True,
        how=_DOCUMENT_TAKEN,
    ),
    # Reflection: writing for oneself is neutral (and private); sharing it with others brings.
    Verb.REFLECTED: _NEUTRAL,
    Verb.REFLECTION_SHARED: VerbRule(
        Direction.BRING, Counting.ONCE_PER_THING, how=_("once per reflection")
    ),
    Verb.GROUP_REFLECTED: VerbRule(
        Direction.BRING, Counting.ONCE_PER_THING, how=_("once per group reflection")
    ),
    Verb.EVALUATED: _NEUTRAL,
    # Outputs to the field: offering and publishing bring, once per output; consent is neutral.
    Verb.OUTPUT_OFFERED: VerbRule(
        Direction.BRING, Counting.ONCE_PER_THING, how=_("once per output")
    ),
    Verb.CONSENT_GIVEN: _NEUTRAL,
    Verb.CONSENT_WITHDRAWN: _NEUTRAL,
    Verb.OUTPUT_PUBLISHED: VerbRule(
        Direction.BRING, Counting.ONCE_PER_THING, how=_("once per output")
    ),
    Verb.REPORT_GENERATED: _NEUTRAL,
    Verb.REPORT_PUBLISHED: _NEUTRAL,
    Verb.EDITION_CONTINUED: _NEUTRAL,
    Verb.CONTINUATION_ANSWERED: _NEUTRAL,
}

# The default direction of each verb (from the table above); a service may pass another one.
# Only NEUTRAL makes a difference then: a row recorded as neutral never counts (the library
# records one's own download so).
VERB_DIRECTIONS: dict[str, str] = {verb: rule.direction for verb, rule in VERB_RULES.items()}


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
        constraints = [
            # Reading a document is recorded once per person (library.services.files.record_read).
            models.UniqueConstraint(
                fields=["actor", "target_type", "target_id"],
                condition=models.Q(verb="document_read"),
                name="activity_one_read_per_person",
            ),
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
