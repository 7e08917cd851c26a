"""What the work plan box on a group page needs (placeholder for the work plan work)."""

from __future__ import annotations


def workplan_box_context(*, group, user) -> dict:
    return {}
