"""The privacy app's permissions: a person's own data is theirs alone.

Exports: anyone logged in with an active account may ask for an export of their own data; an
export is seen and downloaded by its owner only — not by staff, not by anyone else: for them it
does not exist (404).
"""

from __future__ import annotations

import rules


@rules.predicate
def owns_export(user, export) -> bool:
    return user.is_authenticated and export is not None and export.user_id == user.pk


rules.add_perm("privacy.request_export", rules.is_active)
rules.add_perm("privacy.view_export", rules.is_active & owns_export)
