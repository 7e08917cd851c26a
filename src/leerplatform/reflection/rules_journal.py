"""Who may do what with reflection: the personal learning journal, the questions, the facilitators'
overview of a meeting, and a group's joint reflection.

Objects: an Edition (the journal, the questions), a Meeting (reflecting on it, the overview), a
JournalEntry (reading and changing one entry) or a LearningGroup (its joint reflections).

A journal entry is private: only its writer reads it. An entry its writer shared with a learning
group is also read by that group's active members and by the facilitators of the entry's edition,
never by anyone else (staff included: they are not in the circle it was shared with). Only the
writer changes it. Whether one attended the meeting, whether it has ended, and whether a group is
still active are the services' business, so that they can say why.
"""

from __future__ import annotations

import rules

from leerplatform.editions.models import Role
from leerplatform.editions.rules import is_facilitator, is_member, is_staff, roles_of
from leerplatform.groups.rules import is_edition_member, is_group_member

__all__ = ["is_staff"]


@rules.predicate
def is_meeting_edition_member(user, meeting) -> bool:
    return meeting is not None and meeting.edition_id in roles_of(user)


@rules.predicate
def facilitates_meeting_edition(user, meeting) -> bool:
    return meeting is not None and roles_of(user).get(meeting.edition_id) == Role.FACILITATOR


@rules.predicate
def is_entry_writer(user, entry) -> bool:
    return entry is not None and user.is_authenticated and entry.user_id == user.pk


@rules.predicate
def is_in_group_shared_with(user, entry) -> bool:
    if entry is None or entry.shared_with_id is None:
        return False
    from leerplatform.groups.rules import _group_roles

    return entry.shared_with_id in _group_roles(user)


@rules.predicate
def facilitates_shared_entry(user, entry) -> bool:
    return (
        entry is not None
        and entry.shared_with_id is not None
        and roles_of(user).get(entry.edition_id) == Role.FACILITATOR
    )


# On an Edition
rules.add_perm("reflection.keep_journal", is_member)
rules.add_perm("reflection.set_questions", is_facilitator)
# On a Meeting
rules.add_perm("reflection.reflect", is_meeting_edition_member)
rules.add_perm("reflection.view_meeting_reflections", facilitates_meeting_edition)
# On a JournalEntry
rules.add_perm(
    "reflection.view_entry",
    is_entry_writer | is_in_group_shared_with | facilitates_shared_entry,
)
rules.add_perm("reflection.change_entry", is_entry_writer)
# On a LearningGroup: joint reflections are read like progress reports (the edition and staff),
# and written by the group's active members.
rules.add_perm("reflection.view_group_reflections", is_edition_member | is_staff)
rules.add_perm("reflection.write_group_reflection", is_group_member)
