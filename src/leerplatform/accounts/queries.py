"""Reads of people for pages."""

from __future__ import annotations

from dataclasses import dataclass

import rules
from django.http import Http404

from leerplatform.accounts.models import ProfileField, User


@dataclass
class PersonPage:
    person: User
    visible: set[str]
    expertise: list


def active_person(*, pk: int) -> User:
    """The active person `pk`, with what their page shows (Http404 when there is none)."""
    person = (
        User.objects.filter(pk=pk, is_active=True)
        .select_related("institution")
        .prefetch_related("expertise")
        .first()
    )
    if person is None:
        raise Http404
    return person


def person_page(*, person: User, viewer) -> PersonPage:
    """`person` with the fields `viewer` may see."""
    if rules.has_perm("accounts.view_full_profile", viewer, person):
        visible = set(ProfileField.values)
    else:
        visible = set(person.visible_fields or []) & set(ProfileField.values)
    expertise = list(person.expertise.all()) if ProfileField.EXPERTISE in visible else []
    return PersonPage(person=person, visible=visible, expertise=expertise)


def photo_owner(*, pk: int) -> User:
    """The active person `pk` whose photo is asked for (Http404 when there is none)."""
    person = User.objects.filter(pk=pk, is_active=True).first()
    if person is None:
        raise Http404
    return person
