"""The confidential tier (vertrouwelijk) in the activity ledger.

A learning group may mark a document, a discussion or an activity confidential. Its ledger rows
are recorded with visibility CONFIDENTIAL and no label (`core.activity.record`), so the visibility
rule shows them to nobody. Something marked confidential later still has older rows with its title
and a wider visibility: `about_confidential_q` matches those too, by their target, so that every
reader of the ledger that shows rows (the activity stream, give-and-take details) leaves them out
or shows them only as an anonymous count. Counting (bringing and taking) still counts them.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Model, Q
from django.db.models.functions import Cast

from leerplatform.core.visibility import Visibility
from leerplatform.groups.models import GroupActivity, Thread
from leerplatform.library.models import Document
from leerplatform.showcase.models import Output


def confidential_targets() -> list[tuple[type[Model], Q]]:
    """(model, filter of its confidential rows) for every kind of thing that can be confidential."""
    return [
        (Document, Q(visibility=Visibility.CONFIDENTIAL)),
        (Thread, Q(visibility=Visibility.CONFIDENTIAL)),
        (GroupActivity, Q(confidential=True)),
        # An output whose document became confidential (showcase.services.confidential).
        (Output, Q(document__visibility=Visibility.CONFIDENTIAL)),
    ]


def about_confidential_q() -> Q:
    """Ledger rows about something confidential: recorded as such, or whose target is now."""
    q = Q(visibility=Visibility.CONFIDENTIAL)
    models = confidential_targets()
    types = ContentType.objects.get_for_models(*(model for model, _q in models))
    for model, condition in models:
        ids = (
            model._default_manager.filter(condition)
            .annotate(key=Cast("pk", output_field=CharField()))
            .values("key")
        )
        q |= Q(target_type=types[model], target_id__in=ids)
    return q
