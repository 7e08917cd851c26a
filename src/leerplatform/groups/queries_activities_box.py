"""What the activities box on a group page needs (placeholder for the activities work)."""

from __future__ import annotations


def activities_box_context(*, group, user) -> dict:
    return {}
