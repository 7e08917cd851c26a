"""What the activities box on a group page needs: the next planned activity and the last ones done,
for those who may see the group's activities (nothing at all for others)."""

from __future__ import annotations

from dataclasses import dataclass, field

import rules
from django.utils import timezone

from leerplatform.groups.models import ActivityStatus, GroupActivity, GroupStatus
from leerplatform.groups.queries_activities import visible_activities

LAST_DONE = 3


@dataclass
class ActivitiesBox:
    group: object = None
    can_view: bool = False
    can_log: bool = False
    next_planned: GroupActivity | None = None
    last_done: list[GroupActivity] = field(default_factory=list)


def activities_box_context(*, group, user) -> dict:
    """`{"activities_box": ActivitiesBox}` for `groups/_activities_box.html`. At most two queries
    (none for those who may not see the activities)."""
    box = ActivitiesBox(group=group, can_view=rules.has_perm("groups.view_activities", user, group))
    if not box.can_view:
        return {"activities_box": box}
    box.can_log = (
        rules.has_perm("groups.log_activity", user, group) and group.status != GroupStatus.CLOSED
    )
    activities = visible_activities(group=group, user=user)
    box.next_planned = (
        activities.filter(status=ActivityStatus.PLANNED, date__gte=timezone.localdate())
        .order_by("date", "id")
        .first()
    )
    box.last_done = list(
        activities.filter(status=ActivityStatus.DONE).order_by("-date", "-id")[:LAST_DONE]
    )
    return {"activities_box": box}
