"""Who may do what with learning groups. The object is a LearningGroup unless said otherwise."""

from __future__ import annotations

import rules

from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Role
from leerplatform.editions.rules import is_facilitator, is_participant, is_staff, roles_of


def _group_roles(user) -> dict[int, bool]:
    """{group id: is coordinator} of the user's active group memberships, once per user object."""
    if user is None or not user.is_authenticated:
        return {}
    cached = getattr(user, "_group_roles", None)
    if cached is None:
        from leerplatform.groups.models import GroupMembership

        cached = dict(
            GroupMembership.objects.active()
            .filter(user=user)
            .values_list("group_id", "is_coordinator")
        )
        user._group_roles = cached
    return cached


@rules.predicate
def is_group_member(user, group) -> bool:
    return group is not None and group.pk in _group_roles(user)


@rules.predicate
def is_coordinator(user, group) -> bool:
    return group is not None and _group_roles(user).get(group.pk) is True


@rules.predicate
def is_edition_member(user, group) -> bool:
    return group is not None and group.edition_id in roles_of(user)


@rules.predicate
def facilitates_group(user, group) -> bool:
    return group is not None and roles_of(user).get(group.edition_id) == Role.FACILITATOR


@rules.predicate
def workplan_is_shared(user, group) -> bool:
    return group is not None and group.workplan_visibility == Visibility.PLATFORM


@rules.predicate
def edition_lets_participants_start_groups(user, edition) -> bool:
    return edition is not None and edition.groups_started_by == "participants"


# On an Edition
rules.add_perm(
    "groups.start_group",
    is_facilitator | (is_participant & edition_lets_participants_start_groups),
)
# On a LearningGroup
rules.add_perm("groups.view_group", is_edition_member | is_staff)
rules.add_perm("groups.change_group", is_coordinator | facilitates_group | is_staff)
rules.add_perm("groups.manage_members", is_coordinator | facilitates_group | is_staff)
rules.add_perm("groups.assign_members", facilitates_group | is_staff)
# The work plan follows the visibility rule: group-only plans are for the group's members only.
rules.add_perm("groups.view_workplan", is_group_member | (workplan_is_shared & is_edition_member))
rules.add_perm("groups.edit_workplan", is_group_member)
rules.add_perm("groups.agree_workplan", is_coordinator)
