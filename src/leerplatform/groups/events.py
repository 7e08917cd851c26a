"""The groups' domain events: signals the groups' services send. `tasks.py` connects the receivers
that queue the emails (after the transaction commits); services never import tasks."""

from __future__ import annotations

from django.dispatch import Signal

# Someone asked to join a group whose coordinators decide. kwargs: join_request (a JoinRequest).
join_requested = Signal()

# A coordinator or facilitator accepted or declined a request to join.
# kwargs: join_request (a JoinRequest, its new status saved).
join_request_decided = Signal()

# A member started a discussion (the thread's first post) or replied. kwargs: post (a Post).
posted = Signal()

# A facilitator asked to remind the groups that have not reported for a meeting.
# kwargs: meeting (a Meeting), group_ids (list of the LearningGroup ids to remind).
report_reminders_requested = Signal()
