"""Who may do what with meetings. Objects: an Edition for `manage_meetings`, else a Meeting."""

from __future__ import annotations

import rules

from leerplatform.accounts.rules import is_staff
from leerplatform.editions.rules import is_facilitator, is_member, roles_of
from leerplatform.meetings.models import MeetingKind, MeetingStatus


@rules.predicate
def is_published(user, meeting) -> bool:
    return meeting is not None and meeting.status != MeetingStatus.DRAFT


@rules.predicate
def facilitates_meeting(user, meeting) -> bool:
    return meeting is not None and roles_of(user).get(meeting.edition_id) == "facilitator"


@rules.predicate
def is_meeting_member(user, meeting) -> bool:
    return meeting is not None and meeting.edition_id in roles_of(user)


@rules.predicate
def is_closing_meeting(user, meeting) -> bool:
    return meeting is not None and meeting.kind == MeetingKind.CLOSING


# On an Edition
rules.add_perm("meetings.manage_meetings", is_facilitator | is_staff)
rules.add_perm("meetings.view_edition_meetings", is_member | is_staff)
# On a Meeting
rules.add_perm("meetings.view_meeting", is_published | facilitates_meeting | is_staff)
rules.add_perm("meetings.change_meeting", facilitates_meeting | is_staff)
rules.add_perm("meetings.register", is_published & is_meeting_member)
rules.add_perm("meetings.register_as_guest", is_published & is_closing_meeting)
rules.add_perm("meetings.take_attendance", facilitates_meeting | is_staff)
rules.add_perm("meetings.export_registrations", facilitates_meeting | is_staff)
