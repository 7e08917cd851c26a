"""Reads for registration parts of meeting pages (to be written by the registration work)."""

from __future__ import annotations


def registration_context(*, meeting, user) -> dict:
    """What the registration box on the meeting page needs (placeholder)."""
    return {}
