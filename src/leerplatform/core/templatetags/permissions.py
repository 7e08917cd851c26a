"""`{% has_perm "app.perm" user obj as can_x %}`: templates ask a permission the way views do.

The same call as `core.permissions.permission_required`: `rules.has_perm`, never
`user.has_perm` — a superuser passes every `user.has_perm`, so `rules`' own template tag would
show staff links to pages that then refuse them (group-only work is for the group's members).
"""

from __future__ import annotations

import rules
from django import template

register = template.Library()


@register.simple_tag
def has_perm(perm: str, user, obj=None) -> bool:
    return rules.has_perm(perm, user, obj)


@register.simple_tag
def test_rule(name: str, user, obj=None) -> bool:
    """A named rule of `rules`' shared rule set (not a permission), as `rules.test_rule`."""
    return rules.test_rule(name, user, obj)
