"""Learning as subject and experience: reflection after each meeting, and the meeting evaluation.

- `ReflectionQuestion`: the questions the facilitators set per edition (defaults in `DEFAULT_QUESTIONS`).
- `JournalEntry`: a participant's answers after a meeting (or a free note), in their personal
  learning journal. Private by default; per entry one may share it with one's learning group and
  the edition's facilitators (`shared_with` = that group).
- `GroupReflection`: a group's short joint reflection per meeting, beside its progress report.
- `ReflectionRequest`: that the request to reflect on a meeting was sent (claimed once).
- `Evaluation` + `EvaluationRating`: a short evaluation of a meeting, a 1–5 rating per programme
  item and open remarks, anonymous by default. `EvaluationReceipt` records THAT someone evaluated
  (one per person per meeting) in a separate table, so anonymous answers carry no person.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Field limits, said once here: the model fields use them, the forms get them from the fields
# (ModelForms) or from here (the answers, kept together in one JSON field), and the services
# check only what the forms cannot (the number of questions, the answers' JSON).
MAX_QUESTIONS = 12
MAX_QUESTION = 300
MAX_ANSWER = 5000
MAX_TEXT = 5000
MAX_REMARKS = 3000

DEFAULT_QUESTIONS = [
    _("What did I bring today?"),
    _("What did I take with me?"),
    _("What did I learn about the theme?"),
    _("What did I learn about how I learn?"),
    _("What will I do next?"),
]


class ReflectionQuestion(models.Model):
    edition = models.ForeignKey(
        "editions.Edition",
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="reflection_questions",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("question"), max_length=MAX_QUESTION)

    class Meta:
        verbose_name = _("reflection question")
        verbose_name_plural = _("reflection questions")
        ordering = ["edition", "position", "id"]

    def __str__(self) -> str:
        return self.text


class JournalEntry(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="journal_entries",
    )
    edition = models.ForeignKey(
        "editions.Edition",
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="journal_entries",
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="journal_entries",
    )
    # [{"question": "...", "answer": "..."}]: the questions as they were asked.
    answers = models.JSONField(_("answers"), default=list)
    note = models.TextField(_("note"), blank=True, max_length=MAX_TEXT)
    shared_with = models.ForeignKey(
        "learninggroups.LearningGroup",
        verbose_name=_("shared with"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="shared_journal_entries",
        help_text=_("Empty: only you see this entry."),
    )
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        ordering = ["user", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "meeting"],
                condition=Q(meeting__isnull=False),
                name="one_reflection_per_person_per_meeting",
            )
        ]
        indexes = [models.Index(fields=["meeting", "shared_with"])]

    def __str__(self) -> str:
        if self.meeting_id:
            return f"{self.user} – {self.meeting}"
        return f"{self.user} – {self.created_at:%Y-%m-%d}"

    @property
    def is_shared(self) -> bool:
        return self.shared_with_id is not None


class GroupReflection(models.Model):
    group = models.ForeignKey(
        "learninggroups.LearningGroup",
        verbose_name=_("learning group"),
        on_delete=models.CASCADE,
        related_name="reflections",
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="group_reflections",
    )
    text = models.TextField(_("our reflection"), max_length=MAX_TEXT, help_text=_("Markdown."))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("group reflection")
        verbose_name_plural = _("group reflections")
        ordering = ["meeting", "group"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "meeting"], name="one_group_reflection_per_meeting"
            )
        ]

    def __str__(self) -> str:
        return f"{self.group} – {self.meeting}"


class ReflectionRequest(models.Model):
    meeting = models.OneToOneField(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="reflection_request",
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("reflection request")
        verbose_name_plural = _("reflection requests")

    def __str__(self) -> str:
        return str(self.meeting)


class Evaluation(models.Model):
    # A random key: sequential ids would line evaluations up with their receipts.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="evaluations",
    )
    remarks = models.TextField(_("remarks"), blank=True, max_length=MAX_REMARKS)
    # Set only when the person chose to sign their evaluation.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A day, not a time: an anonymous evaluation cannot be matched with its receipt by the clock.
    submitted_on = models.DateField(_("submitted on"), default=timezone.localdate)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["meeting", "submitted_on"]

    def __str__(self) -> str:
        return str(self.meeting)


class EvaluationRating(models.Model):
    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.CASCADE, related_name="ratings"
    )
    item = models.ForeignKey(
        "meetings.ProgrammeItem",
        verbose_name=_("programme item"),
        on_delete=models.CASCADE,
        related_name="ratings",
    )
    rating = models.PositiveSmallIntegerField(_("rating"))

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "item"], name="one_rating_per_item"),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="rating_from_one_to_five"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.rating}"


class EvaluationReceipt(models.Model):
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="evaluation_receipts",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        verbose_name = _("evaluation receipt")
        verbose_name_plural = _("evaluation receipts")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"], name="one_evaluation_per_person_per_meeting"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.meeting}"
