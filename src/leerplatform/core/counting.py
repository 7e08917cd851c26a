"""How ledger rows count as bringing and taking: core.models.VERB_RULES turned into SQL.

The give-and-take pages (reflection.queries.balance) and the closing report's totals
(showcase.queries.reports) count with it.

The ledger keeps every row (the activity feed and one's own list need them); what *counts* is
decided here, when the balance is read, so that rows recorded before a rule changed count by the
rule of today. `counted_as()` is an SQL expression that gives each row one of

- ``bring`` / ``take``: the row counts, once;
- ``again``: the table counts this verb once per person per thing, and an earlier row of the
  same person, thing and family already counted (starting a group and joining it; adding a
  document, uploading its first file and changing it; reading a document and downloading it);
- ``own``: taking one's own thing: the person did something to it that `makes_own` (uploaded,
  changed, restored a version of a document), or the caller's `owned` condition says so (the
  library's authors and creators, `library.ownership.owned_entries_q`);
- ``neutral``: the verb does not count (joining the edition, agreeing a work plan), or a service
  recorded the row as neutral (one's own download, since the library knows it when recording).

Rows are compared by id ("earlier" = a smaller id), so the first row of a family is the one that
counts, and it keeps counting in its own meeting period. A row without a target counts every time
(there is no thing to count once).
"""

from __future__ import annotations

from django.db.models import CharField, Exists, OuterRef, Q, Value, When
from django.db.models.expressions import Case

from leerplatform.core.models import VERB_RULES, ActivityEntry, Counting, Direction

AGAIN = "again"
OWN = "own"
COUNTED = (Direction.BRING, Direction.TAKE)


def _same_person_and_thing() -> dict:
    return {
        "actor_id": OuterRef("actor_id"),
        "target_type_id": OuterRef("target_type_id"),
        "target_id": OuterRef("target_id"),
    }


def _first_version() -> Q:
    """A file's first version (rows from before versions were noted count as first ones)."""
    return Q(data__version=1) | Q(data__version__isnull=True)


def _family_q(family: str) -> Q:
    """Rows of any verb of `family`, as they count within it (a later version of a file is not
    part of the document's contribution)."""
    q = Q(pk__in=[])
    for verb, rule in VERB_RULES.items():
        if (rule.family or verb) != family:
            continue
        if rule.counting == Counting.NEW_VERSION:
            q |= Q(verb=verb) & _first_version()
        else:
            q |= Q(verb=verb)
    return q


def _counted_before(family: str) -> Exists:
    """An earlier row of the same person, thing and family that was not recorded as neutral."""
    return Exists(
        ActivityEntry.objects.filter(
            _family_q(family), id__lt=OuterRef("id"), **_same_person_and_thing()
        ).exclude(direction=Direction.NEUTRAL)
    )


def _owns(owned: Q | None) -> Q:
    """The row's actor made its target: a row of theirs on the same thing whose verb
    `makes_own` (adding, uploading, changing, restoring), or `owned` (the caller's knowledge of
    authors, for rows about things made before the ledger knew)."""
    makers = [verb for verb, rule in VERB_RULES.items() if rule.makes_own]
    made = Q(Exists(ActivityEntry.objects.filter(verb__in=makers, **_same_person_and_thing())))
    return made | owned if owned is not None else made


def counted_as(*, owned: Q | None = None) -> Case:
    """SQL: how a ledger row counts (see the module's docstring): ``bring``, ``take``,
    ``again``, ``own`` or ``neutral``. Annotate with it, then filter on COUNTED. `owned`: a
    condition on ledger rows that says the actor made the target (besides the ledger's own)."""
    own = [verb for verb, rule in VERB_RULES.items() if rule.not_own]
    whens: list[When] = [
        When(Q(verb__in=own) & _owns(owned), then=Value(OWN)),
        When(direction=Direction.NEUTRAL, then=Value(Direction.NEUTRAL)),
    ]
    for verb, rule in VERB_RULES.items():
        if rule.direction == Direction.NEUTRAL or rule.counting == Counting.NOT_COUNTED:
            continue
        direction = Value(rule.direction)
        if rule.counting == Counting.NEW_VERSION:
            # Every later version counts; a first one counts with its document, once.
            whens.append(When(Q(verb=verb) & ~_first_version(), then=direction))
        if rule.counting in (Counting.ONCE_PER_THING, Counting.NEW_VERSION):
            before = _counted_before(rule.family or verb)
            whens.append(When(Q(verb=verb) & Q(before), then=Value(AGAIN)))
        whens.append(When(verb=verb, then=direction))
    return Case(*whens, default=Value(Direction.NEUTRAL), output_field=CharField())


def counted_entries(queryset, *, owned: Q | None = None):
    """The rows of `queryset` that count, annotated with `counts_as` (bring or take)."""
    return queryset.annotate(counts_as=counted_as(owned=owned)).filter(counts_as__in=COUNTED)
