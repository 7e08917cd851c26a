"""What the discussions box on a group page needs (placeholder for the discussions work)."""

from __future__ import annotations


def discussions_box_context(*, group, user) -> dict:
    return {}
