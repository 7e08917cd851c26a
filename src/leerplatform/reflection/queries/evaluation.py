"""Reads for the meeting evaluation: a person's state (attended? evaluated?), the form's items,
the facilitators' results page and the CSV export.

Each read costs a fixed number of SQL queries whatever the number of evaluations. No read here
ever joins `EvaluationReceipt` (who evaluated) with `Evaluation`/`EvaluationRating` (what was
answered): receipts are only counted, and answers carry a person only when they were signed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Subquery,
)
from django.db.models.functions import Coalesce

from leerplatform.accounts.models import User
from leerplatform.meetings.attendance import attended_meetings_q, attendees_q
from leerplatform.meetings.models import Meeting, ProgrammeItem, ProgrammeItemKind
from leerplatform.reflection.models import Evaluation, EvaluationRating, EvaluationReceipt

RATINGS = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class EvaluationState:
    attended: bool
    evaluated: bool


def evaluation_state(*, meeting: Meeting, user) -> EvaluationState:
    """Whether `user` attended the meeting (`meetings.attendance`) and whether they evaluated it already. One
    query, remembered on the user object for the rest of the request (the meeting page's box
    and the permission predicates ask for it more than once)."""
    if user is None or not user.is_authenticated:
        return EvaluationState(attended=False, evaluated=False)
    cache = user.__dict__.setdefault("_evaluation_states", {})
    if meeting.pk not in cache:
        row = (
            Meeting.objects.filter(pk=meeting.pk)
            .annotate(
                attended=ExpressionWrapper(
                    attended_meetings_q(user.pk), output_field=BooleanField()
                ),
                evaluated=Exists(
                    EvaluationReceipt.objects.filter(meeting=OuterRef("pk"), user=user)
                ),
            )
            .values("attended", "evaluated")
            .first()
        ) or {"attended": False, "evaluated": False}
        cache[meeting.pk] = EvaluationState(
            attended=bool(row["attended"]), evaluated=bool(row["evaluated"])
        )
    return cache[meeting.pk]


def forget_evaluation_state(user) -> None:
    """After a change within the same request (tests, the view after a refused race)."""
    if user is not None:
        user.__dict__.pop("_evaluation_states", None)


def rateable_items(*, meeting: Meeting) -> list[ProgrammeItem]:
    """The programme items one rates: the whole day except the breaks, in programme order."""
    return list(meeting.programme.exclude(kind=ProgrammeItemKind.BREAK))


# --- Results ------------------------------------------------------------------------------------


@dataclass
class ItemResult:
    item: ProgrammeItem
    counts: dict[int, int]  # rating -> number of people who gave it

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def average(self) -> float | None:
        if not self.total:
            return None
        return sum(rating * n for rating, n in self.counts.items()) / self.total

    @property
    def distribution(self) -> list[dict]:
        """Per rating 1–5: the count, its share in % and where its bar segment starts (in %)."""
        rows, start = [], 0.0
        for rating in RATINGS:
            count = self.counts.get(rating, 0)
            share = 100 * count / self.total if self.total else 0.0
            rows.append({"rating": rating, "count": count, "share": share, "start": start})
            start += share
        return rows


@dataclass(frozen=True)
class Remark:
    text: str
    submitted_on: dt.date
    signed_by: str  # the signer's name, empty when anonymous


@dataclass
class EvaluationResults:
    meeting: Meeting
    items: list[ItemResult]
    evaluations: int
    attendees: int
    remarks: list[Remark] = field(default_factory=list)

    @property
    def response_rate(self) -> int | None:
        """Evaluations per attendee in %, at most 100 (an attendance undone after evaluating)."""
        if not self.attendees:
            return None
        return min(100, round(100 * self.evaluations / self.attendees))


def _counts(meeting: Meeting) -> dict[str, int]:
    evaluations = (
        Evaluation.objects.filter(meeting=OuterRef("pk"))
        .order_by()
        .values("meeting")
        .annotate(n=Count("pk"))
        .values("n")
    )
    # Who attended: the one definition (meetings.attendance), counted in the same query.
    attendees = (
        User.objects.filter(attendees_q(meeting))
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n")
    )
    return (
        Meeting.objects.filter(pk=meeting.pk)
        .annotate(
            n_evaluations=Coalesce(Subquery(evaluations, output_field=IntegerField()), 0),
            n_attendees=Coalesce(Subquery(attendees, output_field=IntegerField()), 0),
        )
        .values("n_evaluations", "n_attendees")
        .get()
    )


def _items_with_counts(meeting: Meeting) -> list[ItemResult]:
    """The rateable items, and any other item that was rated (a break once rated stays)."""
    counts: dict[int, dict[int, int]] = {}
    rows = (
        EvaluationRating.objects.filter(evaluation__meeting=meeting)
        .order_by()
        .values("item_id", "rating")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        counts.setdefault(row["item_id"], {})[row["rating"]] = row["n"]
    return [
        ItemResult(item=item, counts=counts.get(item.pk, {}))
        for item in _reported_items(meeting, rated=set(counts))
    ]


def _reported_items(meeting: Meeting, *, rated: set[int]) -> list[ProgrammeItem]:
    return [
        item
        for item in meeting.programme.all()
        if item.kind != ProgrammeItemKind.BREAK or item.pk in rated
    ]


def evaluation_results(*, meeting: Meeting) -> EvaluationResults:
    """The results page: per item the number of ratings, the average and the distribution 1–5;
    evaluations and attendees counted; the remarks (signed ones with the name), ordered by day
    and text, never by the order of writing. Four queries."""
    counts = _counts(meeting)
    remarks = [
        Remark(
            text=evaluation.remarks,
            submitted_on=evaluation.submitted_on,
            signed_by=evaluation.user.name if evaluation.user is not None else "",
        )
        for evaluation in Evaluation.objects.filter(meeting=meeting)
        .exclude(remarks="")
        .select_related("user")
        .only("remarks", "submitted_on", "user__name")
        .order_by("submitted_on", "remarks")
    ]
    return EvaluationResults(
        meeting=meeting,
        items=_items_with_counts(meeting),
        evaluations=counts["n_evaluations"],
        attendees=counts["n_attendees"],
        remarks=remarks,
    )


# --- The CSV export ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportRow:
    submitted_on: dt.date
    signed_by: str
    ratings: tuple  # one rating (or None) per item of `EvaluationExport.items`
    remarks: str


@dataclass
class EvaluationExport:
    items: list[ProgrammeItem]
    rows: list[ExportRow]


def evaluation_export(*, meeting: Meeting) -> EvaluationExport:
    """One row per evaluation with a column per item, ordered by day and content, never by the
    order of writing (so that the order of the receipts cannot be read back). Three queries."""
    evaluations = list(
        Evaluation.objects.filter(meeting=meeting)
        .select_related("user")
        .only("remarks", "submitted_on", "user__name")
    )
    given: dict[object, dict[int, int]] = {}
    for evaluation_id, item_id, rating in EvaluationRating.objects.filter(
        evaluation__meeting=meeting
    ).values_list("evaluation_id", "item_id", "rating"):
        given.setdefault(evaluation_id, {})[item_id] = rating
    items = _reported_items(
        meeting, rated={item_id for ratings in given.values() for item_id in ratings}
    )
    rows = [
        ExportRow(
            submitted_on=evaluation.submitted_on,
            signed_by=evaluation.user.name if evaluation.user is not None else "",
            ratings=tuple(given.get(evaluation.pk, {}).get(item.pk) for item in items),
            remarks=evaluation.remarks,
        )
        for evaluation in evaluations
    ]
    rows.sort(
        key=lambda row: (
            row.submitted_on,
            row.signed_by,
            tuple(r or 0 for r in row.ratings),
            row.remarks,
        )
    )
    return EvaluationExport(items=items, rows=rows)
