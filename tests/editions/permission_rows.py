"""Rows of the permission table (tests/test_permissions.py) for the public face (issue 15): the
archive of editions, "Over", "Contact", /favicon.ico and the web app manifest are for everyone;
the edition's contact persons are set by its facilitators (and staff)."""

from __future__ import annotations

from django.urls import reverse

from leerplatform.editions.models import EditionContact
from tests.permission_support import Row, _all, _slug

_FACILITATORS = {
    "visitor": 302,
    "outsider": 403,
    "participant": 403,
    "facilitator": 200,
    "staff": 200,
    "ex_member": 403,
}
_FACILITATORS_POST = _FACILITATORS | {"facilitator": 302, "staff": 302}


def _contact(w) -> dict:
    contact, _ = EditionContact.objects.get_or_create(
        edition=w.edition,
        name="Fenna Faciliteerder",
        defaults={"role": "Programmamanager", "email": "fenna@example.org"},
    )
    return {"slug": w.edition.slug, "pk": contact.pk}


ROWS = [
    Row("editions:archive", lambda w: reverse("editions:archive"), _all(200)),
    Row("editions:about", lambda w: reverse("editions:about"), _all(200)),
    Row("editions:contact", lambda w: reverse("editions:contact"), _all(200)),
    Row("core:favicon", lambda w: reverse("core:favicon"), _all(200)),
    Row("core:manifest", lambda w: reverse("core:manifest"), _all(200)),
    Row(
        "editions:contacts", lambda w: reverse("editions:contacts", kwargs=_slug(w)), _FACILITATORS
    ),
    Row(
        "editions:contacts",
        lambda w: reverse("editions:contacts", kwargs=_slug(w)),
        _FACILITATORS_POST,
        method="post",
        data={"name": "Pim", "role": "Projectadviseur", "email": "pim@example.org", "phone": ""},
    ),
    Row(
        "editions:edit_contact",
        lambda w: reverse("editions:edit_contact", kwargs=_contact(w)),
        _FACILITATORS,
    ),
    Row(
        "editions:edit_contact",
        lambda w: reverse("editions:edit_contact", kwargs=_contact(w)),
        _FACILITATORS_POST,
        method="post",
        data={"name": "Fenna F.", "role": "Projectleider", "email": "fenna@example.org"},
    ),
    Row(
        "editions:remove_contact",
        lambda w: reverse("editions:remove_contact", kwargs=_contact(w)),
        _FACILITATORS_POST,
        method="post",
    ),
]
