"""The one visibility rule, applied: who may see content that is `group`, `confidential`,
`platform` or `public` (the tiers themselves are `core.visibility.Visibility`).

Lists, search, feeds, files and exports filter with `visible_q`; single objects are checked with
`is_visible`. Both say the same thing (tests compare them over every combination):

- public:   everyone, also visitors;
- platform: active members (participants and facilitators) of the content's edition;
- group:    active members of the content's learning group only. Facilitators do not see a group's
            private work unless they are in the group: "what a group keeps private stays private".
            Content without a group field (group_field=None) is then visible to nobody.
- confidential (vertrouwelijk): the same audience as group; the rest of the platform keeps it out
            of the activity stream, notifications' text, exports, the closing report and
            give-and-take details, and it can never be published.

It lives in `groups`, the lowest app that knows both edition memberships and group memberships.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import models
from django.db.models import Q

from leerplatform.core.shared_reads import personal
from leerplatform.core.statements import Statement
from leerplatform.core.visibility import GROUP_TIERS, Visibility
from leerplatform.editions.models import Membership
from leerplatform.editions.rules import roles_of
from leerplatform.groups.models import GroupMembership


def _member_edition_ids(user) -> models.QuerySet:
    return Membership.objects.active().filter(user=user).values("edition_id")


def _active_group_ids(user) -> models.QuerySet:
    """The groups `user` is an active member of, in an edition they are still an active member
    of: leaving the edition ends every group's access at once (GroupMembership.objects.active)."""
    return GroupMembership.objects.active().filter(user=user).values("group_id")


def visible_q(
    user,
    *,
    visibility_field: str = "visibility",
    edition_field: str = "edition",
    group_field: str | None = None,
) -> Q:
    """A filter for the rows of a queryset that `user` may see."""
    q = Q(**{visibility_field: Visibility.PUBLIC})
    if user is None or not user.is_authenticated:
        return q
    q |= Q(
        **{visibility_field: Visibility.PLATFORM, f"{edition_field}__in": _member_edition_ids(user)}
    )
    if group_field is not None:
        # A subquery, not a join through the memberships: a join would repeat every row once per
        # member of its group.
        q |= Q(
            **{
                f"{visibility_field}__in": GROUP_TIERS,
                f"{group_field}__in": _active_group_ids(user),
            }
        )
    return q


def filter_visible(queryset: models.QuerySet, user, **fields: Any) -> models.QuerySet:
    """`queryset` narrowed to what `user` may see (see `visible_q` for the field names)."""
    return queryset.filter(visible_q(user, **fields))


def is_visible(
    user,
    obj,
    *,
    visibility_field: str = "visibility",
    edition_field: str = "edition",
    group_field: str | None = None,
) -> bool:
    """Whether `user` may see the single object `obj`; the same rule as `visible_q`."""
    visibility = getattr(obj, visibility_field)
    if visibility == Visibility.PUBLIC:
        return True
    if user is None or not user.is_authenticated:
        return False
    if visibility == Visibility.PLATFORM:
        edition_id = getattr(obj, f"{edition_field}_id")
        return _member_edition_ids(user).filter(edition_id=edition_id).exists()
    if visibility in GROUP_TIERS and group_field is not None:
        group = getattr(obj, group_field)
        # `active()` also requires an active membership of the group's edition.
        return group is not None and _active_group_ids(user).filter(group_id=group.pk).exists()
    return False


def audience_q(
    *, visibility: str, edition_id: int | None, group_id: int | None = None, user_field: str = "pk"
) -> Q:
    """The same rule seen from the people's side: a filter on users (`user_field` names the user's
    id in the queryset) for those who may see content with this visibility, edition and group.

    Notifications use it to decide who may be told about a thing; `is_visible` and `visible_q`
    answer the same question for one person (tests compare all three)."""
    if visibility == Visibility.PUBLIC:
        return Q()
    if visibility == Visibility.PLATFORM and edition_id is not None:
        members = Membership.objects.active().filter(edition_id=edition_id).values("user_id")
        return Q(**{f"{user_field}__in": members})
    if visibility in GROUP_TIERS and group_id is not None:
        members = GroupMembership.objects.active().filter(group_id=group_id).values("user_id")
        return Q(**{f"{user_field}__in": members})
    return Q(pk__in=[])


# The viewer's active groups with their coordinator role: on nearly every logged-in page, so its
# SQL is built once per process (core.statements).
_AUDIENCE_GROUPS = Statement(
    lambda user_id: (
        GroupMembership.objects.active()
        .filter(user_id=user_id)
        .values_list("group_id", "is_coordinator")
    )
)


def group_roles(user) -> dict[int, bool]:
    """{group id: is coordinator} of the user's active group memberships, read once per user
    object (one query, its SQL built once; kept for them under the content version, which every
    change to a group or edition membership bumps, `core.shared_reads.personal`): the group
    permissions (groups.rules) and the audience key ask the same."""
    if user is None or not user.is_authenticated:
        return {}
    cached = getattr(user, "_group_roles", None)
    if cached is None:
        cached = user._group_roles = personal(
            "group-roles", user, lambda: dict(_AUDIENCE_GROUPS.rows(user.pk))
        )
    return cached


def audience_key(user) -> str:
    """One value for everyone who gets the same answers from the visibility rule and from the
    role-based permissions: the editions with the person's role in each, the learning groups
    they are an active member of, and the staff flags (`core.fragments`). Two people share a
    cached fragment only when this is equal. Read once per user object (the roles with the
    permissions' own reads, `editions.rules.roles_of` and `group_roles`)."""
    if user is None or not user.is_authenticated:
        return "visitor"
    cached = getattr(user, "_audience_key", None)
    if cached is None:
        roles = sorted(roles_of(user).items())
        groups = sorted(group_roles(user).items())
        parts = f"{roles}|{groups}|{int(user.is_staff)}{int(user.is_superuser)}"
        cached = user._audience_key = hashlib.sha256(parts.encode()).hexdigest()[:32]
    return cached
