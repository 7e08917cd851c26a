"""Who may do what in an edition. The object of every permission here is an Edition."""

from __future__ import annotations

import rules

from leerplatform.editions.models import Membership, Role


def roles_of(user) -> dict[int, str]:
    """{edition id: role} of the user's active memberships, fetched once per user object."""
    if user is None or not user.is_authenticated:
        return {}
    cached = getattr(user, "_edition_roles", None)
    if cached is None:
        cached = dict(
            Membership.objects.active().filter(user=user).values_list("edition_id", "role")
        )
        user._edition_roles = cached
    return cached


@rules.predicate
def is_member(user, edition) -> bool:
    return edition is not None and edition.pk in roles_of(user)


@rules.predicate
def is_participant(user, edition) -> bool:
    return edition is not None and roles_of(user).get(edition.pk) == Role.PARTICIPANT


@rules.predicate
def is_facilitator(user, edition) -> bool:
    return edition is not None and roles_of(user).get(edition.pk) == Role.FACILITATOR


@rules.predicate
def is_staff(user) -> bool:
    return user.is_authenticated and user.is_staff


rules.add_perm("editions.take_part", is_member)
rules.add_perm("editions.view_dashboard", is_member | is_staff)
rules.add_perm("editions.change_phase", is_facilitator | is_staff)
