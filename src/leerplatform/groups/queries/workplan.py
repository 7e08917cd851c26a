"""Reads for the work plan pages and the work plan box on a group's page. Each costs a fixed number of queries, whatever the number of
versions."""

from __future__ import annotations

from dataclasses import dataclass

import rules

from leerplatform.groups.models import LearningGroup, WorkPlanVersion

# Version numbers come from addresses; beyond the column's range they cannot exist.
MAX_NUMBER = 2_147_483_647

# What a list of versions shows: no texts.
_META = ("id", "group_id", "number", "created_at", "agreed_at", "author__id", "author__name")


@dataclass
class CurrentPlan:
    newest: WorkPlanVersion | None = None
    # The newest agreed version when the newest itself is not agreed (else None).
    last_agreed: WorkPlanVersion | None = None
    count: int = 0


def current_plan(*, group: LearningGroup) -> CurrentPlan:
    """The newest version in full, and the last agreed one when that is an earlier version.
    One query, two when the newest is not agreed."""
    newest = (
        WorkPlanVersion.objects.filter(group=group)
        .select_related("author", "agreed_by")
        .order_by("-number")
        .first()
    )
    plan = CurrentPlan(newest=newest, count=newest.number if newest else 0)
    if newest is not None and newest.agreed_at is None:
        plan.last_agreed = (
            WorkPlanVersion.objects.filter(group=group, agreed_at__isnull=False)
            .select_related("agreed_by")
            .only("id", "group_id", "number", "agreed_at", "agreed_by__id", "agreed_by__name")
            .order_by("-number")
            .first()
        )
    return plan


def version_list(*, group: LearningGroup) -> list[WorkPlanVersion]:
    """Every version, newest first, with its author and without its texts (one query)."""
    return list(
        WorkPlanVersion.objects.filter(group=group)
        .select_related("author")
        .only(*_META)
        .order_by("-number")
    )


def version_numbers(*, group: LearningGroup) -> list[int]:
    """The numbers of every version, newest first (one query)."""
    return list(
        WorkPlanVersion.objects.filter(group=group)
        .order_by("-number")
        .values_list("number", flat=True)
    )


def version_of(*, group: LearningGroup, number: int) -> WorkPlanVersion | None:
    """One version in full with its author and who agreed on it (one query, none for a number
    out of range)."""
    if not 1 <= number <= MAX_NUMBER:
        return None
    return (
        WorkPlanVersion.objects.filter(group=group, number=number)
        .select_related("author", "agreed_by")
        .first()
    )


def versions_of(*, group: LearningGroup, numbers: list[int]) -> dict[int, WorkPlanVersion]:
    """{number: version} of the given numbers that exist (one query)."""
    return {
        version.number: version
        for version in WorkPlanVersion.objects.filter(
            group=group, number__in=[n for n in numbers if 1 <= n <= MAX_NUMBER]
        )
        .select_related("author", "agreed_by")
        .order_by("number")
    }


def newest_number(*, group: LearningGroup) -> int:
    """The number of the current version, 0 when the group has no plan yet (one query)."""
    return (
        WorkPlanVersion.objects.filter(group=group)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
        or 0
    )


# --- The work plan box on a group page ------------------------------------------------------------


@dataclass
class WorkplanBox:
    newest: WorkPlanVersion | None = None
    last_agreed_number: int | None = None
    can_edit: bool = False
    can_agree: bool = False


def workplan_box_context(*, group, user) -> dict:
    """`{"workplan_box": WorkplanBox}` for `groups/_workplan_box.html`, or `{"workplan_box": None}`
    for those who may not read the plan (the box then shows nothing). At most two queries beyond
    the permission check (whose group roles are cached on the user)."""
    if not rules.has_perm("groups.view_workplan", user, group):
        return {"workplan_box": None}
    newest = (
        WorkPlanVersion.objects.filter(group=group)
        .select_related("author")
        .only("id", "group_id", "number", "ambition", "created_at", "agreed_at", "author__name")
        .order_by("-number")
        .first()
    )
    box = WorkplanBox(
        newest=newest,
        can_edit=not group.is_closed and rules.has_perm("groups.edit_workplan", user, group),
        can_agree=newest is not None
        and not group.is_closed
        and newest.agreed_at is None
        and rules.has_perm("groups.agree_workplan", user, group),
    )
    if newest is not None and newest.agreed_at is None:
        box.last_agreed_number = (
            WorkPlanVersion.objects.filter(group=group, agreed_at__isnull=False)
            .order_by("-number")
            .values_list("number", flat=True)
            .first()
        )
    return {"workplan_box": box}
