"""Core's permissions: the platform's status page (checks, workers, failed tasks) is for staff;
the Markdown preview for anyone logged in with an active account (it shows nothing but their own
text, sanitised)."""

from __future__ import annotations

import rules

rules.add_perm("core.view_status", rules.is_staff)
rules.add_perm("core.preview_markdown", rules.is_active)
