"""What the discussions box on a group page needs: the latest threads the viewer may read."""

from __future__ import annotations

from dataclasses import dataclass, field

import rules

from leerplatform.groups.queries_discussions import latest_threads


@dataclass
class DiscussionsBox:
    group_pk: int
    threads: list = field(default_factory=list)
    can_view: bool = False
    can_start: bool = False

    @property
    def is_shown(self) -> bool:
        # Members always see the box (with a way to start); others only when there is something
        # opened to them. Nothing at all for people who may not read the discussions.
        return self.can_view and (self.can_start or bool(self.threads))


def discussions_box_context(*, group, user) -> dict:
    """`{"discussions_box": DiscussionsBox}` for `groups/_discussions_box.html`: the latest three
    threads the user may read (group-only ones for members only). At most one query."""
    box = DiscussionsBox(
        group_pk=group.pk,
        can_view=rules.has_perm("groups.view_discussions", user, group),
        can_start=rules.has_perm("groups.start_thread", user, group),
    )
    if box.can_view:
        box.threads = latest_threads(group=group, user=user, limit=3)
    return {"discussions_box": box}
