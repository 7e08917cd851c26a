"""What the reports box on a group page needs (placeholder for the reports work)."""

from __future__ import annotations


def reports_box_context(*, group, user) -> dict:
    return {}
