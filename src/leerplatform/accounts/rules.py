"""Who may see whom. The object of these permissions is a User.

Seeing another person depends on the editions both take part in, which `accounts` does not know:
the permissions `accounts.view_person`, `accounts.view_full_profile` and `accounts.view_photo`
are therefore added in `editions/rules.py`, from the predicates here and the edition ones there.
"""

from __future__ import annotations

import rules

from leerplatform.accounts.models import ProfileField


@rules.predicate
def is_self(user, person) -> bool:
    return user.is_authenticated and person is not None and user.pk == person.pk


@rules.predicate
def is_staff(user) -> bool:
    return user.is_authenticated and user.is_staff


@rules.predicate
def has_photo(user, person) -> bool:
    return person is not None and bool(person.photo)


@rules.predicate
def shows_photo(user, person) -> bool:
    """The person chose to show their photo to the participants of their editions."""
    return person is not None and person.shows(ProfileField.PHOTO)
