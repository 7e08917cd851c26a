"""Who may see whom. The object of these permissions is a User."""

from __future__ import annotations

import rules

from leerplatform.editions.models import Role
from leerplatform.editions.rules import roles_of


def _shared_roles(viewer, person) -> set[str]:
    """The viewer's roles in the editions the viewer and the person both take part in."""
    mine = roles_of(viewer)
    theirs = roles_of(person)
    return {mine[e] for e in mine.keys() & theirs.keys()}


@rules.predicate
def is_self(user, person) -> bool:
    return user.is_authenticated and person is not None and user.pk == person.pk


@rules.predicate
def shares_an_edition(user, person) -> bool:
    return person is not None and bool(_shared_roles(user, person))


@rules.predicate
def facilitates_person(user, person) -> bool:
    return person is not None and Role.FACILITATOR in _shared_roles(user, person)


@rules.predicate
def is_staff(user) -> bool:
    return user.is_authenticated and user.is_staff


rules.add_perm("accounts.view_person", is_self | shares_an_edition | is_staff)
# Facilitators see a whole profile (eligibility facts); others see what the person chose to show.
rules.add_perm("accounts.view_full_profile", is_self | facilitates_person | is_staff)
