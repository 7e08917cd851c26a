"""Template tags for the group's joint reflection beside its progress report, on the group page
and on the meeting page (`reflection/_group_reflection_box.html`). The pages' own views do not
know about reflection; these tags read what the box needs (one query each, cached per meeting)."""

from __future__ import annotations

import rules
from django import template

from leerplatform.reflection.queries import journal as queries

register = template.Library()


def _user(context):
    request = context.get("request")
    return context.get("user") or getattr(request, "user", None)


@register.simple_tag(takes_context=True)
def group_reflections_box(context, group) -> dict:
    """For a group page: the meetings the group can reflect on, each with its joint reflection,
    and whether the viewer may write. Nothing (and no query) for those who may not read it."""
    user = _user(context)
    if group is None or not rules.has_perm("reflection.view_group_reflections", user, group):
        return {"can_view": False}
    return {
        "can_view": True,
        "group": group,
        "can_write": rules.has_perm("reflection.write_group_reflection", user, group)
        and group.status == "active",
        "meetings": queries.group_reflection_meetings(group=group),
    }


@register.simple_tag
def group_reflection_of(group_id, meeting):
    """The joint reflection of a group on the meeting (all of the meeting's read in one query)."""
    if meeting is None:
        return None
    return queries.group_reflections_of_meeting(meeting).get(group_id)
