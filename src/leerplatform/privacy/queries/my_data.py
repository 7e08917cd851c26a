"""What "Mijn gegevens" reads besides the exports."""

from __future__ import annotations

from django.db.models import QuerySet

from leerplatform.accounts.models import ConsentRecord, User

# The consents shown on the page; the export holds every one.
CONSENTS_SHOWN = 50


def consents_of(user: User) -> QuerySet[ConsentRecord]:
    """The person's consents, newest first (bounded: a page, not an archive)."""
    return ConsentRecord.objects.filter(user=user).order_by("-recorded_at", "-pk")[:CONSENTS_SHOWN]
