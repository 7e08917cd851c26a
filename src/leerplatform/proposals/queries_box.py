"""What the proposals box on a meeting page needs (to be written by the proposals work)."""

from __future__ import annotations


def meeting_proposals_context(*, meeting, user) -> dict:
    """Placeholder."""
    return {}
