"""Helpers of the group tests: groups started and joined through the group services."""

from __future__ import annotations

from leerplatform.groups.models import JoinPolicy, LearningGroup
from leerplatform.groups.services import groups as services


def start(
    edition, starter, *, name: str = "Werkgeluk in teams", themes=None, **fields
) -> LearningGroup:
    """A group started by `starter` (its coordinator) on the edition's first theme."""
    themes = themes if themes is not None else [edition.themes.order_by("position").first()]
    fields.setdefault("join_policy", JoinPolicy.OPEN)
    group = services.start_group(edition=edition, actor=starter, name=name, themes=themes, **fields)
    starter.__dict__.pop("_group_roles", None)
    return group


def group_fields(group: LearningGroup, **changes) -> dict:
    """Everything `change_group` needs, as the group has it now, with `changes`."""
    fields = {
        "name": group.name,
        "description": group.description,
        "themes": list(group.themes.all()),
        "join_policy": group.join_policy,
        "max_size": group.max_size,
        "status": group.status,
        "workplan_visibility": group.workplan_visibility,
        "activities_visibility": group.activities_visibility,
    }
    return fields | changes


def form_data(edition, **changes) -> dict:
    """POST data of the group form."""
    data = {
        "name": "Leiders die leren",
        "description": "Hoe leren *leidinggevenden*?",
        "themes": [str(edition.themes.order_by("position").first().pk)],
        "join_policy": "open",
        "max_size": "6",
        "workplan_visibility": "group",
        "activities_visibility": "platform",
    }
    return data | changes
