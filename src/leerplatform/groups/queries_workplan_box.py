"""What the work plan box on a group page needs: the current version in short, whether it is
agreed, and the links; nothing at all for people who may not read the plan."""

from __future__ import annotations

from dataclasses import dataclass

import rules

from leerplatform.groups.models import WorkPlanVersion


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
        can_edit=rules.has_perm("groups.edit_workplan", user, group),
        can_agree=newest is not None
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
