"""Writing to the activity ledger. Services call `record`; nothing else writes ActivityEntry."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from leerplatform.core.models import VERB_DIRECTIONS, ActivityEntry, Direction
from leerplatform.core.visibility import Visibility


def record(
    *,
    actor,
    verb: str,
    edition=None,
    target: models.Model | None = None,
    direction: str | None = None,
    visibility: str = Visibility.PLATFORM,
    data: dict[str, Any] | None = None,
) -> ActivityEntry:
    """Append one entry to the ledger (call it inside the service's transaction).

    A row about something confidential keeps no label: its title never reaches a page."""
    confidential = visibility == Visibility.CONFIDENTIAL
    return ActivityEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        verb=verb,
        direction=direction or VERB_DIRECTIONS.get(verb, Direction.NEUTRAL),
        edition=edition,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:300] if target is not None and not confidential else "",
        data=data or {},
        visibility=visibility,
    )


# Details that name a person: an invitation's address, the reason given for a decision on an
# application or for ending a participation.
PERSONAL_DETAILS = frozenset({"email", "reason"})


def forget(entries: models.QuerySet[ActivityEntry]) -> int:
    """Erasure (AVG art. 17), the one change the append-only ledger allows: `entries` name a
    person whose account was erased (rows about them, their application, their invitation). The
    label and the details that name them go; who did it (the erased person's anonymous row), what,
    when, and so how it counts, stay. Returns how many rows changed."""
    changed = 0
    for pk, data in entries.values_list("pk", "data"):
        details = {key: value for key, value in (data or {}).items() if key not in PERSONAL_DETAILS}
        # QuerySet.update itself, past ActivityQuerySet's refusal: this is the exception.
        changed += models.QuerySet.update(
            ActivityEntry.objects.filter(pk=pk), target_label="", data=details
        )
    return changed
