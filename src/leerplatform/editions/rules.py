"""Who may do what in an edition. The object of the `editions.*` permissions is an Edition.

Also who may see whom (`accounts.view_person`, `accounts.view_full_profile`, `accounts.view_photo`;
object: a User): it depends on the editions two people share, so it is decided here, one layer
above `accounts`.
"""

from __future__ import annotations

from collections.abc import Callable

import rules

from leerplatform.accounts.rules import has_photo, is_self, is_staff, shows_photo
from leerplatform.core.shared_reads import personal
from leerplatform.core.statements import Statement
from leerplatform.editions.models import Membership, Role

# Read on every logged-in page: its SQL is built once per process (core.statements).
_ROLES = Statement(
    lambda user_id: (
        # Unordered: a membership's default order joins the edition and the person.
        Membership.objects.active()
        .filter(user_id=user_id)
        .order_by()
        .values_list("edition_id", "role")
    )
)


# A layer above may read the roles together with what it needs next on the same pages (the
# agreements guard, membership.decorators): one query instead of two. It registers its reader
# here when its app is ready; the reader returns the same {edition id: role} as `_ROLES` (a dict,
# which may carry more).
_reader: Callable[[int], dict[int, str]] | None = None


def read_roles_with(reader: Callable[[int], dict[int, str]] | None) -> None:
    global _reader
    _reader = reader


def roles_of(user) -> dict[int, str]:
    """{edition id: role} of the user's active memberships, fetched once per user object, and
    kept for them under the content version (`core.shared_reads.personal`): every change to a
    membership bumps it, and an agreement accepted bumps their own version."""
    if user is None or not user.is_authenticated:
        return {}
    cached = getattr(user, "_edition_roles", None)
    if cached is None:
        cached = user._edition_roles = personal("roles", user, lambda: _read_roles(user.pk))
    return cached


def _read_roles(user_id: int) -> dict[int, str]:
    return _reader(user_id) if _reader is not None else dict(_ROLES.rows(user_id))


@rules.predicate
def is_member(user, edition) -> bool:
    return edition is not None and edition.pk in roles_of(user)


@rules.predicate
def is_participant(user, edition) -> bool:
    return edition is not None and roles_of(user).get(edition.pk) == Role.PARTICIPANT


@rules.predicate
def is_facilitator(user, edition) -> bool:
    return edition is not None and roles_of(user).get(edition.pk) == Role.FACILITATOR


rules.add_perm("editions.take_part", is_member)
rules.add_perm("editions.view_dashboard", is_member | is_staff)
rules.add_perm("editions.change_phase", is_facilitator | is_staff)
# The contact persons shown to visitors as "Meer weten?".
rules.add_perm("editions.manage_contacts", is_facilitator | is_staff)


# --- People (the object is a User) ------------------------------------------------------------------


def _shared_roles(viewer, person) -> set[str]:
    """The viewer's roles in the editions the viewer and the person both take part in."""
    mine = roles_of(viewer)
    theirs = roles_of(person)
    return {mine[e] for e in mine.keys() & theirs.keys()}


@rules.predicate
def shares_an_edition(user, person) -> bool:
    return person is not None and bool(_shared_roles(user, person))


@rules.predicate
def facilitates_person(user, person) -> bool:
    return person is not None and Role.FACILITATOR in _shared_roles(user, person)


sees_person = is_self | shares_an_edition | is_staff
# Facilitators see a whole profile (eligibility facts); others see what the person chose to show.
sees_full_profile = is_self | facilitates_person | is_staff

rules.add_perm("accounts.view_person", sees_person)
rules.add_perm("accounts.view_full_profile", sees_full_profile)
# A photo: for those who may see the person, when there is one and they may see it.
rules.add_perm("accounts.view_photo", has_photo & sees_person & (sees_full_profile | shows_photo))
