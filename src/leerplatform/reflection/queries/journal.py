"""Reads for the reflection pages: one's journal, an entry, the reflection form, the facilitators'
overview of a meeting, a group's joint reflection, and what the dashboard and the group and meeting
pages show. Each costs a fixed number of queries, whatever the number of entries or people.

Private entries are read for their writer only; every other read filters on `shared_with`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Count, OuterRef, Q, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from leerplatform.accounts.models import User
from leerplatform.core.shared_reads import shared
from leerplatform.editions.models import Edition
from leerplatform.groups.models import GroupMembership, GroupStatus, LearningGroup, ProgressReport
from leerplatform.meetings.attendance import attended_meetings_q, attendees_q
from leerplatform.meetings.models import Meeting, MeetingStatus
from leerplatform.reflection.models import GroupReflection, JournalEntry


def meeting_for_reflection(*, pk: int) -> Meeting | None:
    """A meeting with its edition (one query)."""
    return Meeting.objects.select_related("edition").filter(pk=pk).first()


def load_meeting(pk: int) -> Meeting:
    """The loader of `permission_required` for the facilitators' overview: the meeting with its
    edition, or a 404 (a draft does not exist here)."""
    meeting = meeting_for_reflection(pk=pk)
    if meeting is None or meeting.status == MeetingStatus.DRAFT:
        raise Http404(_("This meeting does not exist."))
    return meeting


def load_entry(entry_pk: int) -> JournalEntry:
    """The loader of `permission_required`: a journal entry for its page, or a 404."""
    entry = entry_for_page(pk=entry_pk)
    if entry is None:
        raise Http404(_("This journal entry does not exist."))
    return entry


def load_group(pk: int, **other_url_kwargs) -> LearningGroup:
    """The loader of `permission_required`: the learning group of a joint reflection (with its
    edition), or a 404. The meeting in the URL is the view's to read."""
    group = group_for_reflection(pk=pk)
    if group is None:
        raise Http404(_("This learning group does not exist."))
    return group


def entry_for_page(*, pk: int) -> JournalEntry | None:
    """A journal entry with its writer, edition, meeting and group (one query)."""
    return (
        JournalEntry.objects.select_related("user", "edition", "meeting", "shared_with")
        .filter(pk=pk)
        .first()
    )


def entry_of(*, user: User, meeting: Meeting) -> JournalEntry | None:
    """`user`'s entry about `meeting`, if any (one query)."""
    entry = (
        JournalEntry.objects.select_related("shared_with")
        .filter(user=user, meeting=meeting)
        .first()
    )
    if entry is not None:
        entry.meeting = meeting
    return entry


def shareable_groups(*, user: User, edition: Edition):
    """The active learning groups of the edition that `user` is an active member of."""
    return LearningGroup.objects.filter(
        edition=edition,
        status=GroupStatus.ACTIVE,
        pk__in=GroupMembership.objects.active().filter(user=user).values("group_id"),
    ).order_by("name", "pk")


def groups_to_share_with(*, user: User, edition: Edition) -> list[LearningGroup]:
    """The active learning groups of the edition `user` is in (one query)."""
    return list(shareable_groups(user=user, edition=edition))


def open_reflections(user: User, edition: Edition) -> list[Meeting]:
    """The meetings of `edition` that `user` attended, that have ended and that they have not
    reflected on yet, newest first: what the dashboard asks them to reflect on. A list of Meeting
    objects (link each to `reflection:reflect` with the meeting's pk). One query."""
    if user is None or not user.is_authenticated:
        return []
    return list(
        Meeting.objects.filter(
            edition=edition, status=MeetingStatus.PUBLISHED, ends_at__lte=timezone.now()
        )
        .filter(attended_meetings_q(user.pk))
        .exclude(
            pk__in=JournalEntry.objects.filter(user=user, meeting__isnull=False).values(
                "meeting_id"
            )
        )
        .order_by("-starts_at", "-pk")
    )


@dataclass
class JournalPage:
    entries: list[JournalEntry]
    open_meetings: list[Meeting]
    groups: list[LearningGroup]


def journal(*, user: User, edition: Edition) -> JournalPage:
    """`user`'s own journal in `edition`, newest first, with the meetings still waiting for a
    reflection and the groups they can share with. Three queries."""
    entries = list(
        JournalEntry.objects.filter(user=user, edition=edition)
        .select_related("meeting", "shared_with")
        .order_by("-created_at", "-pk")
    )
    return JournalPage(
        entries=entries,
        open_meetings=open_reflections(user, edition),
        groups=groups_to_share_with(user=user, edition=edition),
    )


# --- The facilitators' overview of a meeting -------------------------------------------------------


@dataclass
class GroupShare:
    group: LearningGroup
    entries: list[JournalEntry] = field(default_factory=list)


@dataclass
class MeetingReflections:
    meeting: Meeting
    attendees: int = 0
    responded: int = 0
    shared: int = 0
    groups: list[GroupShare] = field(default_factory=list)

    @property
    def private(self) -> int:
        return self.responded - self.shared


def meeting_reflections(*, meeting: Meeting) -> MeetingReflections:
    """How many attendees reflected on the meeting (counts only, private entries included) and
    the entries shared with a group, per group. Never a private entry's text. Three queries."""
    counts = JournalEntry.objects.filter(meeting=meeting).aggregate(
        responded=Count("pk"),
        shared=Count(
            "pk",
            filter=Q(shared_with__isnull=False, shared_with__edition_id=meeting.edition_id),
        ),
    )
    result = MeetingReflections(
        meeting=meeting,
        attendees=User.objects.filter(attendees_q(meeting)).count(),
        responded=counts["responded"],
        shared=counts["shared"],
    )
    shared = (
        JournalEntry.objects.filter(
            meeting=meeting,
            shared_with__isnull=False,
            shared_with__edition_id=meeting.edition_id,
        )
        .select_related("user", "shared_with")
        .order_by("shared_with__name", "shared_with_id", "user__name", "pk")
    )
    for entry in shared:
        if not result.groups or result.groups[-1].group.pk != entry.shared_with_id:
            assert entry.shared_with is not None  # filtered on shared_with__isnull=False
            result.groups.append(GroupShare(group=entry.shared_with))
        result.groups[-1].entries.append(entry)
    return result


# --- A group's joint reflection --------------------------------------------------------------------


def group_for_reflection(*, pk: int) -> LearningGroup | None:
    """A learning group with its edition (one query)."""
    return LearningGroup.objects.select_related("edition").filter(pk=pk).first()


def meeting_of_group(*, group: LearningGroup, meeting_pk: int) -> Meeting | None:
    """A meeting of the group's own edition that its members can see (not a draft); None for a
    meeting of another edition, so that the page answers 404 (one query)."""
    meeting = (
        Meeting.objects.filter(pk=meeting_pk, edition_id=group.edition_id)
        .exclude(status=MeetingStatus.DRAFT)
        .first()
    )
    if meeting is not None:
        meeting.edition = group.edition
    return meeting


@dataclass
class GroupReflectionPage:
    reflection: GroupReflection | None
    has_report: bool


def group_reflection_page(*, group: LearningGroup, meeting: Meeting) -> GroupReflectionPage:
    """The group's joint reflection on the meeting, with its writer, and whether the group wrote
    a progress report for it (two queries)."""
    reflection = (
        GroupReflection.objects.filter(group=group, meeting=meeting)
        .select_related("author")
        .first()
    )
    if reflection is not None:
        reflection.group, reflection.meeting = group, meeting
    return GroupReflectionPage(
        reflection=reflection,
        has_report=ProgressReport.objects.filter(group=group, meeting=meeting).exists(),
    )


class ReflectionMeeting(NamedTuple):
    """A meeting as the joint reflections box shows it, with the group's reflection (or None).
    Immutable, so kept without a copy to unpickle (core.version_watch)."""

    pk: int
    title: str
    starts_at: dt.datetime
    reflection_pk: int | None


def _meetings_with_group_reflection(group: LearningGroup) -> list[ReflectionMeeting]:
    reflections = GroupReflection.objects.filter(group=group, meeting=OuterRef("pk"))
    return [
        ReflectionMeeting(*row)
        for row in Meeting.objects.filter(
            edition_id=group.edition_id, status=MeetingStatus.PUBLISHED
        )
        .annotate(reflection_pk=Subquery(reflections.values("pk")[:1]))
        .order_by("-starts_at", "-pk")
        .values_list("pk", "title", "starts_at", "reflection_pk")
    ]


def group_reflection_meetings(*, group: LearningGroup) -> list[ReflectionMeeting]:
    """The published meetings of the group's edition that have begun, newest first, each with
    `reflection_pk` (the group's joint reflection, or None). One query, read once per content
    version (core.shared_reads: the same for everyone who may read the group's reflections);
    which meetings have begun is decided per request."""
    meetings = shared(
        f"group-reflection-meetings:{group.pk}", lambda: _meetings_with_group_reflection(group)
    )
    now = timezone.now()
    return [meeting for meeting in meetings if meeting.starts_at <= now]


def group_reflections_of_meeting(meeting: Meeting) -> dict[int, GroupReflection]:
    """{group id: joint reflection} for a meeting; read once per meeting object (one query), so
    that the meeting page costs the same with one group or forty."""
    cached = getattr(meeting, "_group_reflections", None)
    if cached is None:
        cached = {
            reflection.group_id: reflection
            for reflection in GroupReflection.objects.filter(meeting=meeting)
        }
        meeting._group_reflections = cached  # type: ignore[attr-defined]
    return cached
