"""Core's one permission: the platform's status page (checks, workers, failed tasks) is for staff."""

from __future__ import annotations

import rules

rules.add_perm("core.view_status", rules.is_staff)
