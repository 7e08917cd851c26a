"""Demo contact persons ("Meer weten?"): the seed ends with the people to ask (a project leader,
a programme manager, a project adviser); here the demo's two facilitators. Fictional names,
example.org addresses, a phone number that rings nowhere.

Idempotent: a second call adds nothing."""

from __future__ import annotations

from leerplatform.editions.models import Edition, EditionContact
from leerplatform.editions.services import save_contact

CONTACTS = [
    {
        "name": "Fenna Faciliteerder (fictief)",
        "role": "Programmamanager",
        "email": "facilitator@example.org",
        "phone": "030 000 00 00",
    },
    {
        "name": "Pim Projectadviseur (fictief)",
        "role": "Projectadviseur",
        "email": "projectadviseur@example.org",
        "phone": "",
    },
]


def load_contact_examples(edition: Edition) -> None:
    """The edition's two contact persons, unless it has contacts already."""
    if EditionContact.objects.filter(edition=edition).exists():
        return
    for data in CONTACTS:
        save_contact(edition=edition, actor=None, data=data)
