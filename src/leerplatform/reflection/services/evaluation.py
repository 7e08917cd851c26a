"""Every change to meeting evaluations: a member who attended evaluates the meeting once.

An evaluation is anonymous unless the person signs it. Three rows are written in one
transaction, and none of them links the person to their answers:

- `EvaluationReceipt` (meeting, person): THAT they evaluated; unique per person and meeting, which
  also settles two submissions at once (the second fails on the constraint: `AlreadyEvaluated`);
- `Evaluation` (+ `EvaluationRating`): WHAT was answered, with the person only when signed, and
  the day (not the time) it was written;
- the ledger row EVALUATED (neutral), recorded with visibility GROUP and no group, so no stream
  shows it; its target is the meeting, never the evaluation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from leerplatform.accounts.models import User
from leerplatform.core import activity
from leerplatform.core.models import Verb
from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Membership
from leerplatform.meetings.attendance import has_attended
from leerplatform.meetings.models import Meeting, MeetingStatus
from leerplatform.reflection.models import (
    MAX_REMARKS,
    Evaluation,
    EvaluationRating,
    EvaluationReceipt,
)
from leerplatform.reflection.queries.evaluation import EvaluationState, rateable_items


class EvaluationRefused(ValidationError):
    """This person cannot evaluate this meeting (now): the reason is the message."""


class AlreadyEvaluated(EvaluationRefused):
    """One evaluation per person per meeting."""


def already_evaluated_message() -> str:
    return _("You have already evaluated this meeting. Thank you!")


def refusal(*, meeting: Meeting, is_member: bool, state: EvaluationState) -> str:
    """Why this person cannot evaluate the meeting now; empty when they can."""
    if not is_member:
        return _("Only members of this meeting's edition evaluate it.")
    if meeting.status == MeetingStatus.CANCELLED:
        return _("This meeting has been cancelled: there is nothing to evaluate.")
    if meeting.status != MeetingStatus.PUBLISHED:
        return _("This meeting has not been published: there is nothing to evaluate yet.")
    if meeting.ends_at > timezone.now():
        return _("You can evaluate this meeting after it has ended (%(end)s).") % {
            "end": date_format(timezone.localtime(meeting.ends_at), "DATETIME_FORMAT")
        }
    if not state.attended:
        return _(
            "Only the people who were checked in at this meeting evaluate it, and you were not. "
            "If you were there after all, ask a facilitator to record your attendance."
        )
    if state.evaluated:
        return already_evaluated_message()
    return ""


def _clean(
    *, meeting: Meeting, ratings: Mapping[int, int], remarks: str
) -> tuple[dict[int, int], str]:
    items = {item.pk for item in rateable_items(meeting=meeting)}
    errors: dict[str, list[str]] = {}
    cleaned: dict[int, int] = {}
    for item_pk, rating in ratings.items():
        if rating is None or rating == "":
            continue
        if item_pk not in items:
            errors.setdefault("ratings", []).append(
                _("Rate only the programme items of this meeting.")
            )
            continue
        if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
            errors.setdefault("ratings", []).append(_("Give a rating from 1 to 5."))
            continue
        cleaned[item_pk] = rating
    remarks = (remarks or "").strip()
    if len(remarks) > MAX_REMARKS:
        errors["remarks"] = [_("Keep your remarks to %(max)s characters.") % {"max": MAX_REMARKS}]
    if not errors and not cleaned and not remarks:
        errors["ratings"] = [_("Rate at least one part of the programme, or write a remark.")]
    if errors:
        raise ValidationError({name: list(dict.fromkeys(msgs)) for name, msgs in errors.items()})
    return cleaned, remarks


@transaction.atomic
def submit_evaluation(
    *,
    meeting: Meeting,
    user: User,
    ratings: Mapping[int, int],
    remarks: str = "",
    signed: bool = False,
    submitted_on: dt.date | None = None,
) -> Evaluation:
    """A member of the meeting's edition who was checked in evaluates the ended meeting, once:
    a rating 1–5 per programme item (`ratings`: item pk -> rating; items may be skipped) and/or
    remarks; anonymous unless `signed`. `submitted_on` (default today) is for the demo's history.
    Raises EvaluationRefused (with AlreadyEvaluated) or ValidationError ("ratings", "remarks")."""
    meeting = Meeting.objects.select_related("edition").get(pk=meeting.pk)
    is_member = Membership.objects.active().filter(edition=meeting.edition, user=user).exists()
    attended = has_attended(user=user, meeting=meeting)
    # Whether they evaluated already is left to the receipt's unique constraint below, which
    # answers for a repeated submission and for two submissions at once alike.
    reason = refusal(
        meeting=meeting,
        is_member=is_member,
        state=EvaluationState(attended=attended, evaluated=False),
    )
    if reason:
        raise EvaluationRefused(reason)
    try:
        with transaction.atomic():
            EvaluationReceipt.objects.create(meeting=meeting, user=user)
    except IntegrityError:
        raise AlreadyEvaluated(already_evaluated_message()) from None
    cleaned, remarks = _clean(meeting=meeting, ratings=ratings, remarks=remarks)
    evaluation = Evaluation(
        meeting=meeting,
        remarks=remarks,
        user=user if signed else None,
        submitted_on=submitted_on or timezone.localdate(),
    )
    evaluation.full_clean()
    evaluation.save()
    EvaluationRating.objects.bulk_create(
        EvaluationRating(evaluation=evaluation, item_id=item_pk, rating=rating)
        for item_pk, rating in cleaned.items()
    )
    # The meeting, not the evaluation, is the target: the ledger must not point at anonymous
    # answers. Visibility GROUP without a group: no activity stream shows it.
    activity.record(
        actor=user,
        verb=Verb.EVALUATED,
        edition=meeting.edition,
        target=meeting,
        visibility=Visibility.GROUP,
    )
    return evaluation
