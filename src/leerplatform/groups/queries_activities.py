"""Reads for the activity pages of a learning group: the timeline and the form. Each costs a fixed
number of queries, whatever the number of activities and participants."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Case, CharField, F, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from leerplatform.accounts.models import User
from leerplatform.core.visibility import Visibility, filter_visible
from leerplatform.groups.models import ActivityStatus, GroupActivity, GroupMembership, LearningGroup


def group_for_activities(*, pk: int) -> LearningGroup | None:
    """A learning group with its edition (one query)."""
    return LearningGroup.objects.select_related("edition").filter(pk=pk).first()


def visible_activities(*, group: LearningGroup, user) -> QuerySet[GroupActivity]:
    """The group's activities as far as `user` may see them: the visibility rule with the group's
    `activities_visibility` (the views check `groups.view_activities` too; this keeps a list from
    ever showing a group-only activity to someone outside the group). A confidential activity
    counts as visibility CONFIDENTIAL, whatever the group chose: for its active members only."""
    return filter_visible(
        GroupActivity.objects.filter(group=group).annotate(
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


def timeline(*, group: LearningGroup, user) -> Timeline:
    """Every activity of the group the user may see, oldest first (by date, then as logged), with
    participants and who logged it. Two queries."""
    today = timezone.localdate()
    activities = list(
        _with_people(visible_activities(group=group, user=user)).order_by("date", "id")
    )
    for item in activities:
        item.group = group  # no query per row when a template reads it
        item.is_planned = item.status == ActivityStatus.PLANNED
        item.is_overdue = item.is_planned and item.date < today
    today_index = next((i for i, a in enumerate(activities) if a.date >= today), len(activities))
    planned = sum(1 for a in activities if a.is_planned)
    return Timeline(
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
