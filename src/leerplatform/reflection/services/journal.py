"""Every change to reflection: the edition's questions, journal entries (after a meeting, or a free
note), sharing an entry, a group's joint reflection, and claiming the request to reflect.

Privacy: a journal entry is private until its writer shares it with one of their learning groups
(then that group's members and the edition's facilitators read it). Its ledger rows therefore carry
visibility GROUP and no group, like personal data elsewhere: no activity stream shows them, and
their label names the meeting, never the text. Writing an entry is REFLECTED (neutral), sharing it
the first time is REFLECTION_SHARED (bringing). A group's joint reflection is read by the edition,
like its progress report: GROUP_REFLECTED (bringing), visibility PLATFORM, once per person.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from leerplatform.accounts.models import User
from leerplatform.core import activity
from leerplatform.core.models import ActivityEntry, Verb
from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Edition, Membership
from leerplatform.editions.rules import roles_of
from leerplatform.groups.models import GroupMembership, GroupStatus, LearningGroup
from leerplatform.meetings.attendance import attendees_q, has_attended
from leerplatform.meetings.models import Meeting, MeetingStatus
from leerplatform.reflection import events
from leerplatform.reflection.models import (
    DEFAULT_QUESTIONS,
    MAX_ANSWER,
    MAX_QUESTION,
    MAX_QUESTIONS,
    MAX_TEXT,
    GroupReflection,
    JournalEntry,
    ReflectionQuestion,
    ReflectionRequest,
)
from leerplatform.reflection.queries.journal import shareable_groups

# The daily run asks about meetings that ended at most this long ago: a first run on a database
# with a long history does not mail everyone about meetings of years ago.
REQUEST_WINDOW = dt.timedelta(days=7)


# --- The questions ---------------------------------------------------------------------------------


def edition_questions(edition: Edition) -> list[ReflectionQuestion]:
    """The edition's questions in order; the first time, the default questions are stored for it
    (in Dutch, the platform's language: they are the edition's text from then on)."""
    questions = list(ReflectionQuestion.objects.filter(edition=edition).order_by("position", "pk"))
    if questions:
        return questions
    with transaction.atomic():
        # The edition row is locked: two first visitors at once store the defaults once.
        Edition.objects.select_for_update().filter(pk=edition.pk).first()
        questions = list(
            ReflectionQuestion.objects.filter(edition=edition).order_by("position", "pk")
        )
        if not questions:
            with translation.override("nl"):
                texts = [str(text) for text in DEFAULT_QUESTIONS]
            questions = ReflectionQuestion.objects.bulk_create(
                ReflectionQuestion(edition=edition, position=position, text=text)
                for position, text in enumerate(texts, start=1)
            )
    return questions


def clean_question_texts(texts: list[str]) -> list[str]:
    """The questions without empty lines; ValidationError (field `questions`) when none are left,
    too many, or one is too long."""
    cleaned = [" ".join(text.split()) for text in texts]
    cleaned = [text for text in cleaned if text]
    if not cleaned:
        raise ValidationError({"questions": _("Give at least one question.")})
    if len(cleaned) > MAX_QUESTIONS:
        raise ValidationError(
            {"questions": _("Ask at most %(max)s questions.") % {"max": MAX_QUESTIONS}}
        )
    for text in cleaned:
        if len(text) > MAX_QUESTION:
            raise ValidationError(
                {
                    "questions": _("Keep each question to %(max)s characters.")
                    % {"max": MAX_QUESTION}
                }
            )
    return cleaned


@transaction.atomic
def set_questions(*, edition: Edition, texts: list[str], actor: User) -> list[ReflectionQuestion]:
    """Facilitators set the edition's questions, in this order. Entries written before keep the
    questions as they were asked (the entry stores them), so the old rows can simply go."""
    cleaned = clean_question_texts(texts)
    Edition.objects.select_for_update().filter(pk=edition.pk).first()
    ReflectionQuestion.objects.filter(edition=edition).delete()
    return ReflectionQuestion.objects.bulk_create(
        ReflectionQuestion(edition=edition, position=position, text=text)
        for position, text in enumerate(cleaned, start=1)
    )


# --- Who may reflect on what -----------------------------------------------------------------------


def reflection_refusal(*, user: User, meeting: Meeting, now: dt.datetime | None = None) -> str:
    """Why `user` cannot reflect on `meeting`; empty when they can."""
    if meeting.status == MeetingStatus.DRAFT:
        return _("This meeting has not been published.")
    if meeting.status == MeetingStatus.CANCELLED:
        return _("This meeting was cancelled: there is nothing to reflect on.")
    if meeting.edition_id not in roles_of(user):
        return _("This meeting belongs to an edition you do not take part in.")
    if (now or timezone.now()) < meeting.ends_at:
        return _("This meeting has not ended yet. You can reflect on it once it is over.")
    if not has_attended(user=user, meeting=meeting):
        return _(
            "You did not attend this meeting, so there is nothing to reflect on. If you were "
            "there, ask a facilitator to check you in."
        )
    return ""


def _check_share(
    *, user: User, edition: Edition, share_with: LearningGroup | None, current_id: int | None
) -> None:
    if share_with is None or share_with.pk == current_id:
        return
    if not shareable_groups(user=user, edition=edition).filter(pk=share_with.pk).exists():
        raise ValidationError(
            {"share_with": _("You can only share with an active learning group you are in.")}
        )


def _clean_texts(*, answers: list[str], note: str) -> tuple[list[str], str]:
    answers = [(answer or "").strip() for answer in answers]
    note = (note or "").strip()
    errors = {}
    for index, answer in enumerate(answers):
        if len(answer) > MAX_ANSWER:
            errors[f"answer_{index}"] = _("Keep this to %(max)s characters.") % {"max": MAX_ANSWER}
    if len(note) > MAX_TEXT:
        errors["note"] = _("Keep this to %(max)s characters.") % {"max": MAX_TEXT}
    if not errors and not note and not any(answers):
        errors["__all__"] = _("Answer at least one question or write a note.")
    if errors:
        raise ValidationError(errors)
    return answers, note


def _pair(questions: list[str], answers: list[str]) -> list[dict[str, str]]:
    if len(questions) != len(answers):
        raise ValidationError(
            _("The questions changed while you were writing. Please look at them again.")
        )
    return [
        {"question": question, "answer": answer}
        for question, answer in zip(questions, answers, strict=True)
    ]


# --- Ledger ----------------------------------------------------------------------------------------


def _has_entry(*, actor: User, verb: str, target) -> bool:
    return ActivityEntry.objects.filter(
        actor=actor,
        verb=verb,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
    ).exists()


class _Labelled:
    """A target for `activity.record` with a label of our choosing: the entry's meeting (or
    "note"), never its text. (It also sidesteps `JournalEntry.__str__`, which cannot format an
    entry that has a meeting.)"""

    def __init__(self, obj, label: str):
        self._meta = obj._meta
        self.pk = obj.pk
        self._label = label

    def __str__(self) -> str:
        return self._label


def _entry_label(entry: JournalEntry) -> str:
    if entry.meeting is not None:
        return entry.meeting.title
    with translation.override(settings.LANGUAGE_CODE):
        day = formats.date_format(timezone.localdate(entry.created_at), "DATE_FORMAT")
        return _("Note of %(date)s") % {"date": day}


def _record_private(entry: JournalEntry, verb: str) -> None:
    """A journal entry's ledger row: for the person's own balance, in no stream (GROUP, no
    group), and labelled by its meeting, never by its text."""
    activity.record(
        actor=entry.user,
        verb=verb,
        edition=entry.edition,
        target=_Labelled(entry, _entry_label(entry)),  # type: ignore[arg-type]
        visibility=Visibility.GROUP,
        data={"meeting": entry.meeting_id},
    )


def _after_save(entry: JournalEntry, *, created: bool) -> None:
    if created:
        _record_private(entry, Verb.REFLECTED)
    # Sharing counts once per entry: switching it off and on again brings nothing new.
    if entry.shared_with_id is not None and not _has_entry(
        actor=entry.user, verb=Verb.REFLECTION_SHARED, target=entry
    ):
        _record_private(entry, Verb.REFLECTION_SHARED)


# --- Journal entries -------------------------------------------------------------------------------


@transaction.atomic
def reflect(
    *,
    user: User,
    meeting: Meeting,
    answers: list[str],
    note: str = "",
    share_with: LearningGroup | None = None,
) -> JournalEntry:
    """`user` answers the reflection questions after a meeting they attended. One entry per person
    per meeting: a second time updates it (with the questions as they were first asked)."""
    meeting = Meeting.objects.select_related("edition").get(pk=meeting.pk)
    if reason := reflection_refusal(user=user, meeting=meeting):
        raise ValidationError(reason)
    answers, note = _clean_texts(answers=answers, note=note)
    entry = JournalEntry.objects.select_for_update().filter(user=user, meeting=meeting).first()
    _check_share(
        user=user,
        edition=meeting.edition,
        share_with=share_with,
        current_id=entry.shared_with_id if entry else None,
    )
    if entry is not None:
        return _update(entry, answers=answers, note=note, share_with=share_with)
    questions = [question.text for question in edition_questions(meeting.edition)]
    entry = JournalEntry(
        user=user,
        edition=meeting.edition,
        meeting=meeting,
        answers=_pair(questions, answers),
        note=note,
        shared_with=share_with,
    )
    try:
        # A savepoint: a double submit that created the entry a moment ago updates it instead.
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        entry = JournalEntry.objects.select_for_update().get(user=user, meeting=meeting)
        return _update(entry, answers=answers, note=note, share_with=share_with)
    _after_save(entry, created=True)
    return entry


def _update(
    entry: JournalEntry, *, answers: list[str], note: str, share_with: LearningGroup | None
) -> JournalEntry:
    if entry.meeting_id is not None or answers:
        entry.answers = _pair([pair["question"] for pair in entry.answers], answers)
    entry.note = note
    entry.shared_with = share_with
    entry.save()
    _after_save(entry, created=False)
    return entry


@transaction.atomic
def write_note(
    *, user: User, edition: Edition, note: str, share_with: LearningGroup | None = None
) -> JournalEntry:
    """A free note in one's journal, not tied to a meeting (private unless shared)."""
    if edition.pk not in roles_of(user):
        raise ValidationError(_("Only members of this edition keep a journal in it."))
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Write your note.")})
    if len(note) > MAX_TEXT:
        raise ValidationError({"note": _("Keep this to %(max)s characters.") % {"max": MAX_TEXT}})
    _check_share(user=user, edition=edition, share_with=share_with, current_id=None)
    entry = JournalEntry.objects.create(
        user=user, edition=edition, meeting=None, answers=[], note=note, shared_with=share_with
    )
    _after_save(entry, created=True)
    return entry


@transaction.atomic
def update_entry(
    *,
    entry: JournalEntry,
    user: User,
    answers: list[str],
    note: str,
    share_with: LearningGroup | None,
) -> JournalEntry:
    """The writer changes their entry: its answers, note and with whom it is shared."""
    entry = JournalEntry.objects.select_for_update().select_related("edition").get(pk=entry.pk)
    if entry.user_id != user.pk:
        raise ValidationError(_("Only the writer can change a journal entry."))
    if entry.meeting_id is None and not (note or "").strip():
        raise ValidationError({"note": _("Write your note.")})
    answers, note = _clean_texts(answers=answers, note=note)
    _check_share(
        user=user, edition=entry.edition, share_with=share_with, current_id=entry.shared_with_id
    )
    return _update(entry, answers=answers, note=note, share_with=share_with)


@transaction.atomic
def set_sharing(
    *, entry: JournalEntry, user: User, share_with: LearningGroup | None
) -> JournalEntry:
    """The writer shares their entry with one of their groups, or makes it private again."""
    entry = JournalEntry.objects.select_for_update().select_related("edition").get(pk=entry.pk)
    if entry.user_id != user.pk:
        raise ValidationError(_("Only the writer can change a journal entry."))
    _check_share(
        user=user, edition=entry.edition, share_with=share_with, current_id=entry.shared_with_id
    )
    entry.shared_with = share_with
    entry.save(update_fields=["shared_with", "updated_at"])
    _after_save(entry, created=False)
    return entry


# --- A group's joint reflection --------------------------------------------------------------------


def group_reflection_refusal(
    *, group: LearningGroup, meeting: Meeting, now: dt.datetime | None = None
) -> str:
    """Why the group cannot write its joint reflection on this meeting now; empty when it can."""
    if meeting.status == MeetingStatus.CANCELLED:
        return _("This meeting was cancelled: there is nothing to reflect on.")
    if meeting.status != MeetingStatus.PUBLISHED:
        return _("This meeting has not been published.")
    if group.status != GroupStatus.ACTIVE:
        return _("Only active learning groups write a joint reflection.")
    if (now or timezone.now()) < meeting.starts_at:
        return _("The group can reflect on this meeting once it has begun.")
    return ""


@transaction.atomic
def write_group_reflection(
    *, group: LearningGroup, meeting: Meeting, author: User, text: str
) -> GroupReflection:
    """An active member writes or updates the group's joint reflection on a meeting (brings,
    visible to the edition like the progress report)."""
    # The group row is locked: two members saving the first version at once queue here.
    group = LearningGroup.objects.select_for_update().select_related("edition").get(pk=group.pk)
    meeting = Meeting.objects.get(pk=meeting.pk)
    if meeting.edition_id != group.edition_id:
        raise ValidationError(_("This meeting belongs to another edition."))
    if not GroupMembership.objects.active().filter(group=group, user=author).exists():
        raise ValidationError(_("Only members of this learning group write its reflection."))
    if reason := group_reflection_refusal(group=group, meeting=meeting):
        raise ValidationError(reason)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the group's reflection.")})
    reflection = GroupReflection.objects.filter(group=group, meeting=meeting).first()
    if reflection is None:
        reflection = GroupReflection(group=group, meeting=meeting)
    reflection.text = text
    reflection.author = author
    reflection.full_clean(validate_unique=False, validate_constraints=False)  # the text's length
    reflection.save()
    if not _has_entry(actor=author, verb=Verb.GROUP_REFLECTED, target=reflection):
        activity.record(
            actor=author,
            verb=Verb.GROUP_REFLECTED,
            edition=group.edition,
            target=reflection,
            visibility=Visibility.PLATFORM,
            data={"group": group.pk, "meeting": meeting.pk},
        )
    return reflection


# --- Asking attendees to reflect -------------------------------------------------------------------


def meetings_to_ask(*, now: dt.datetime | None = None):
    """Published meetings that ended within REQUEST_WINDOW and whose request was not sent."""
    now = now or timezone.now()
    return Meeting.objects.filter(
        status=MeetingStatus.PUBLISHED,
        ends_at__lte=now,
        ends_at__gt=now - REQUEST_WINDOW,
        reflection_request__isnull=True,
    ).order_by("ends_at", "pk")


def attendee_ids(meeting: Meeting) -> list[int]:
    """The active members of the meeting's edition who attended it."""
    return list(
        User.objects.filter(attendees_q(meeting), is_active=True)
        .filter(
            pk__in=Membership.objects.active()
            .filter(edition_id=meeting.edition_id)
            .values("user_id")
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def claim_reflection_request(*, meeting: Meeting) -> ReflectionRequest | None:
    """Claim the meeting's request to reflect and ask each attendee (a notification); None when
    another run claimed it first (the meeting row is locked, and the request is one-to-one)."""
    locked = Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    if locked is None or ReflectionRequest.objects.filter(meeting=locked).exists():
        return None
    meeting = locked
    recipients = attendee_ids(meeting)
    try:
        with transaction.atomic():
            request = ReflectionRequest.objects.create(meeting=meeting, recipients=len(recipients))
    except IntegrityError:
        return None
    events.reflection_requested.send(
        sender=ReflectionRequest, request=request, meeting=meeting, user_ids=recipients
    )
    return request


def send_reflection_requests(*, now: dt.datetime | None = None) -> list:
    """Claim every meeting due for its request (each once); returns the claimed requests."""
    claimed = []
    for meeting in list(meetings_to_ask(now=now)):
        request = claim_reflection_request(meeting=meeting)
        if request is not None:
            claimed.append(request)
    return claimed
