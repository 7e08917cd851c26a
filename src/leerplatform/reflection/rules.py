"""Who may do what with reflection: the personal learning journal, the questions, the facilitators'
overview of a meeting, a group's joint reflection, meeting evaluations and the give-and-take pages.

Objects: an Edition (the journal, the questions, the balance pages), a Meeting (reflecting on it,
the overview, evaluating it), a JournalEntry (reading and changing one entry) or a LearningGroup
(its joint reflections).

Journal. A journal entry is private: only its writer reads it. An entry its writer shared with a
learning group is also read by that group's active members and by the facilitators of the entry's
edition, never by anyone else (staff included: they are not in the circle it was shared with).
Only the writer changes it. Whether one attended the meeting, whether it has ended, and whether a
group is still active are the services' business, so that they can say why.

Evaluation.
- `reflection.evaluate_meeting`: the evaluation page is for the active members of the meeting's
  edition; whether they can evaluate now (ended, published, checked in, not yet evaluated) is the
  service's business, so that the page can say why not.
- `reflection.view_evaluations`: the results and the CSV export, for the edition's facilitators
  and staff. They see answers, never who gave an anonymous one.
- Rules for the meeting page's box: `reflection.is_invited_to_evaluate` (may evaluate now) and
  `reflection.has_evaluated`.

Balance. "Mijn brengen en halen" is every member's own page (participants and facilitators), about
themselves only: staff who are not in the edition have no give and take of their own there. The
network's balance is for the edition's facilitators and staff.
"""

from __future__ import annotations

import rules
from django.utils import timezone

from leerplatform.accounts.rules import is_staff
from leerplatform.editions.models import Role
from leerplatform.editions.rules import is_facilitator, is_member, roles_of
from leerplatform.groups.rules import is_edition_member, is_group_member
from leerplatform.groups.visibility import group_roles
from leerplatform.meetings.models import MeetingStatus
from leerplatform.reflection.queries.evaluation import evaluation_state


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
    return entry.shared_with_id in group_roles(user)


@rules.predicate
def facilitates_shared_entry(user, entry) -> bool:
    return (
        entry is not None
        and entry.shared_with_id is not None
        and roles_of(user).get(entry.edition_id) == Role.FACILITATOR
    )


@rules.predicate
def meeting_has_ended(user, meeting) -> bool:
    return (
        meeting is not None
        and meeting.status == MeetingStatus.PUBLISHED
        and meeting.ends_at <= timezone.now()
    )


@rules.predicate
def attended_meeting(user, meeting) -> bool:
    return evaluation_state(meeting=meeting, user=user).attended


@rules.predicate
def has_evaluated_meeting(user, meeting) -> bool:
    return evaluation_state(meeting=meeting, user=user).evaluated


# --- Journal -------------------------------------------------------------------------------------
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

# --- Evaluation (on a Meeting) -------------------------------------------------------------------
rules.add_perm("reflection.evaluate_meeting", is_meeting_edition_member)
rules.add_perm("reflection.view_evaluations", facilitates_meeting_edition | is_staff)

rules.add_rule(
    "reflection.is_invited_to_evaluate",
    is_meeting_edition_member & meeting_has_ended & attended_meeting & ~has_evaluated_meeting,
)
rules.add_rule(
    "reflection.has_evaluated",
    is_meeting_edition_member & meeting_has_ended & has_evaluated_meeting,
)

# --- Balance (on an Edition) ---------------------------------------------------------------------
rules.add_perm("reflection.view_own_balance", is_member)
rules.add_perm("reflection.view_network_balance", is_facilitator | is_staff)
