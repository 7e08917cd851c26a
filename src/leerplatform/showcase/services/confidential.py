"""Confidential work (vertrouwelijk) is never offered to the field.

`withdraw_confidential(document)` is called by the library when a document becomes confidential:
an output made of it stops being public at once and every consent is withdrawn, so that making it
less confidential later asks each author again. The output row stays (its history does), but the
ledger's rows about it count as rows about something confidential (showcase.confidential), and
`offer_document` and publication refuse a confidential document.
"""

from __future__ import annotations

from django.utils import timezone

from leerplatform.core.visibility import Visibility
from leerplatform.showcase.models import Consent, ConsentStatus, Output


def withdraw_confidential(document) -> Output | None:
    """Withdraw the output of `document`, if any (call inside the library's transaction)."""
    if document.visibility != Visibility.CONFIDENTIAL:
        return None
    # No ordering (Output orders by its nullable group: an outer join FOR UPDATE cannot lock).
    output = (
        Output.objects.filter(document_id=document.pk)
        .order_by()
        .select_for_update(of=("self",))
        .first()
    )
    if output is None:
        return None
    now = timezone.now()
    Consent.objects.filter(output=output).exclude(status=ConsentStatus.WITHDRAWN).update(
        status=ConsentStatus.WITHDRAWN, decided_at=now
    )
    if output.published_at is not None:
        output.published_at = None
        output.save(update_fields=["published_at"])
    return output
