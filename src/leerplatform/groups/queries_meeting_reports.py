"""The progress reports shown on a meeting page (placeholder for the reports work)."""

from __future__ import annotations


def meeting_reports_context(*, meeting, user) -> dict:
    return {}
