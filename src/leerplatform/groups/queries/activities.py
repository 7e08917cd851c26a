"""Reads for the activity pages of a learning group: the timeline, the form, and the activities
box on the group's page (the next planned activity and the last ones done). Each costs a fixed
number of queries, whatever the number of activities and participants."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import rules
from django.conf import settings
from django.db.models import Case, CharField, F, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from leerplatform.accounts.models import User
from leerplatform.core.visibility import Visibility
from leerplatform.groups.models import (
    ActivityStatus,
    GroupActivity,
    GroupMembership,
    GroupStatus,
    LearningGroup,
)
from leerplatform.groups.visibility import filter_visible


def visible_activities(
    *, group: LearningGroup, user, binned: bool = False
) -> QuerySet[GroupActivity]:
    """The group's activities as far as `user` may see them: the visibility rule with the group's
    `activities_visibility` (the views check `groups.view_activities` too; this keeps a list from
    ever showing a group-only activity to someone outside the group). A confidential activity
    counts as visibility CONFIDENTIAL, whatever the group chose: for its active members only."""
    rows = GroupActivity.everything.in_bin() if binned else GroupActivity.objects.all()
    return filter_visible(
        rows.filter(group=group).annotate(
            tier=Case(
                When(confidential=True, then=Value(Visibility.CONFIDENTIAL.value)),
                default=F("group__activities_visibility"),
                output_field=CharField(),
            )
        ),
        user,
        visibility_field="tier",
        edition_field="group__edition",
        group_field="group",
    )


def _with_people(queryset: QuerySet[GroupActivity]) -> QuerySet[GroupActivity]:
    return queryset.select_related("created_by").prefetch_related(
        Prefetch("participants", queryset=User.objects.order_by("name", "pk"))
    )


@dataclass
class Timeline:
    """A group's activities in date order, the planned ones marked, and where today falls."""

    activities: list[GroupActivity] = field(default_factory=list)
    today: dt.date | None = None
    # Index in `activities` of the first one dated today or later (len(activities): none).
    today_index: int = 0
    planned_count: int = 0
    done_count: int = 0
    # The deleted activities the user may restore, newest deletion first.
    binned: list[GroupActivity] = field(default_factory=list)
    bin_days: int = 0


def timeline(*, group: LearningGroup, user) -> Timeline:
    """Every activity of the group the user may see, oldest first (by date, then as logged), with
    participants and who logged it, and the bin's activities the user may restore. Three
    queries."""
    today = timezone.localdate()
    activities: list[Any] = list(
        _with_people(visible_activities(group=group, user=user)).order_by("date", "id")
    )
    for item in activities:
        item.group = group  # no query per row when a template reads it
        item.is_planned = item.status == ActivityStatus.PLANNED
        item.is_overdue = item.is_planned and item.date < today
        item.can_delete = not group.is_closed and rules.has_perm(
            "groups.delete_activity", user, item
        )
    binned: list[Any] = list(
        visible_activities(group=group, user=user, binned=True)
        .select_related("deleted_by")
        .order_by("-deleted_at")
    )
    for item in binned:
        item.group = group
    today_index = next((i for i, a in enumerate(activities) if a.date >= today), len(activities))
    planned = sum(1 for a in activities if a.is_planned)
    bin_days = settings.LIBRARY_BIN_DAYS
    return Timeline(
        binned=[
            item
            for item in binned
            if not group.is_closed and rules.has_perm("groups.delete_activity", user, item)
        ],
        bin_days=bin_days,
        activities=activities,
        today=today,
        today_index=today_index,
        planned_count=planned,
        done_count=len(activities) - planned,
    )


def activity_for_edit(*, group: LearningGroup, activity_pk: int) -> GroupActivity | None:
    """One activity of this group with its participants (two queries)."""
    item = (
        GroupActivity.objects.filter(group=group, pk=activity_pk)
        .prefetch_related("participants")
        .first()
    )
    if item is not None:
        item.group = group
    return item


def possible_participants(
    *, group: LearningGroup, activity: GroupActivity | None = None
) -> QuerySet[User]:
    """Who can be listed as taking part, by name: the group's active members, and for an
    existing activity also those listed already (a member who left since did take part)."""
    q = Q(pk__in=GroupMembership.objects.active().filter(group=group).values("user_id"))
    if activity is not None:
        q |= Q(
            pk__in=GroupActivity.participants.through.objects.filter(
                groupactivity_id=activity.pk
            ).values("user_id")
        )
    return User.objects.filter(q).distinct().order_by("name", "pk")


# --- The activities box on a group page ------------------------------------------------------------

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


def load_activity(*, pk: int, activity_pk: int, **url_kwargs) -> GroupActivity:
    """The loader of `permission_required` on deleting and restoring: the group's activity, in the
    bin or not, with its group and edition, or a 404 (one query)."""
    item = (
        GroupActivity.everything.select_related("group__edition")
        .filter(group_id=pk, pk=activity_pk)
        .first()
    )
    if item is None:
        raise Http404(_("This activity does not exist."))
    return item
