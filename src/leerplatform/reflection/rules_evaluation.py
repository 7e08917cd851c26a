"""Who may do what with meeting evaluations. The object is a Meeting.

- `reflection.evaluate_meeting`: the evaluation page is for the active members of the meeting's
  edition; whether they can evaluate now (ended, published, checked in, not yet evaluated) is the
  service's business, so that the page can say why not.
- `reflection.view_evaluations`: the results and the CSV export, for the edition's facilitators
  and staff. They see answers, never who gave an anonymous one.
- Rules for the meeting page's box: `reflection.is_invited_to_evaluate` (may evaluate now) and
  `reflection.has_evaluated`.
"""

from __future__ import annotations

import rules
from django.utils import timezone

from leerplatform.editions.models import Role
from leerplatform.editions.rules import is_staff, roles_of
from leerplatform.meetings.models import MeetingStatus


@rules.predicate
def is_member_of_meetings_edition(user, meeting) -> bool:
    return meeting is not None and meeting.edition_id in roles_of(user)


@rules.predicate
def facilitates_meetings_edition(user, meeting) -> bool:
    return meeting is not None and roles_of(user).get(meeting.edition_id) == Role.FACILITATOR


@rules.predicate
def meeting_has_ended(user, meeting) -> bool:
    return (
        meeting is not None
        and meeting.status == MeetingStatus.PUBLISHED
        and meeting.ends_at <= timezone.now()
    )


@rules.predicate
def attended_meeting(user, meeting) -> bool:
    from leerplatform.reflection.queries_evaluation import evaluation_state

    return evaluation_state(meeting=meeting, user=user).attended


@rules.predicate
def has_evaluated_meeting(user, meeting) -> bool:
    from leerplatform.reflection.queries_evaluation import evaluation_state

    return evaluation_state(meeting=meeting, user=user).evaluated


rules.add_perm("reflection.evaluate_meeting", is_member_of_meetings_edition)
rules.add_perm("reflection.view_evaluations", facilitates_meetings_edition | is_staff)

rules.add_rule(
    "reflection.is_invited_to_evaluate",
    is_member_of_meetings_edition & meeting_has_ended & attended_meeting & ~has_evaluated_meeting,
)
rules.add_rule(
    "reflection.has_evaluated",
    is_member_of_meetings_edition & meeting_has_ended & has_evaluated_meeting,
)
