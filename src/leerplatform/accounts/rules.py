"""Who may see whom. The object of these permissions is a User.

Seeing another person depends on the editions both take part in, which `accounts` does not know:
the permissions `accounts.view_person` and `accounts.view_full_profile` are therefore added in
`editions/rules.py`, from the predicates here and the edition ones there.
"""

from __future__ import annotations

import rules


@rules.predicate
def is_self(user, person) -> bool:
    return user.is_authenticated and person is not None and user.pk == person.pk


@rules.predicate
def is_staff(user) -> bool:
    return user.is_authenticated and user.is_staff
