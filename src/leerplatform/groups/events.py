"""The groups' domain events: signals the groups' services send, inside their transaction after the
write. `tasks.py` connects the receivers that queue the report reminders (after the transaction
commits); `notifications` turns the rest into notifications and follows. Services never import
tasks or higher apps."""

from __future__ import annotations

from django.dispatch import Signal

# Someone asked to join a group whose coordinators decide. kwargs: join_request (a JoinRequest).
join_requested = Signal()

# A coordinator or facilitator accepted or declined a request to join.
# kwargs: join_request (a JoinRequest, its new status saved).
join_request_decided = Signal()

# Someone became an active member of a group: started it, joined it, was accepted or assigned.
# kwargs: membership (a GroupMembership, saved), actor (the User who did it: the person, or the
# coordinator or facilitator who accepted or assigned them).
member_joined = Signal()

# Someone's group membership ended: they left the group, or their participation in the edition
# ended. kwargs: group (a LearningGroup), user (the User who left), actor (who ended it, or None).
member_left = Signal()

# A facilitator placed someone in a group (sent after `member_joined`).
# kwargs: membership (a GroupMembership, saved), actor (the facilitator).
member_assigned = Signal()

# A facilitator took someone out of a group (sent after `member_left`). kwargs: group (a
# LearningGroup), user (the User removed), actor (the facilitator), reason (their words, for the
# person only).
member_removed = Signal()

# A new version of a group's work plan was saved (never agreed yet). kwargs: version (a
# WorkPlanVersion, saved), actor (its author).
workplan_saved = Signal()

# A member started a discussion (the thread's first post) or replied. kwargs: post (a Post).
posted = Signal()

# A facilitator asked to remind the groups that have not reported for a meeting.
# kwargs: meeting (a Meeting), group_ids (list of the LearningGroup ids to remind).
report_reminders_requested = Signal()
