"""Reads of people for pages."""

from __future__ import annotations

from dataclasses import dataclass

from leerplatform.accounts.models import ProfileField, User


@dataclass
class PersonPage:
    person: User
    visible: set[str]
    expertise: list


def person_page(*, person_id: int, viewer) -> PersonPage | None:
    """A person with the fields `viewer` may see (None when there is no such person)."""
    person = (
        User.objects.filter(pk=person_id, is_active=True)
        .select_related("institution")
        .prefetch_related("expertise")
        .first()
    )
    if person is None:
        return None
    if viewer.has_perm("accounts.view_full_profile", person):
        visible = set(ProfileField.values)
    else:
        visible = set(person.visible_fields or []) & set(ProfileField.values)
    expertise = list(person.expertise.all()) if ProfileField.EXPERTISE in visible else []
    return PersonPage(person=person, visible=visible, expertise=expertise)


def may_see_photo(*, person: User, viewer) -> bool:
    """Whether `viewer` may load `person`'s photo."""
    if not person.photo or not viewer.has_perm("accounts.view_person", person):
        return False
    return viewer.has_perm("accounts.view_full_profile", person) or person.shows(ProfileField.PHOTO)
