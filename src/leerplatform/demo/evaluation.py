"""Evaluations for the demo edition's past meetings: ratings for their programme items, a few
remarks in Dutch, mostly anonymous, by the fictional participants who attended.

Daan Deelnemer (deelnemer@example.org) does not evaluate the most recent past meeting, so that
the demo (and the browser journey) can evaluate it. Idempotent: a person who evaluated a meeting
is skipped, so a second call adds nothing.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from leerplatform.meetings.models import Meeting, MeetingStatus, Registration
from leerplatform.reflection.models import EvaluationReceipt
from leerplatform.reflection.queries.evaluation import rateable_items
from leerplatform.reflection.services.evaluation import submit_evaluation

DEMO_PARTICIPANT = "deelnemer@example.org"

# Remarks handed out in turn to some of the evaluators; (text, signed).
REMARKS = [
    ("Fijne dag! De werkplaats gaf me direct ideeën voor ons eigen team.", False),
    (
        "De middag in de leergroep was te kort: we kwamen net op gang toen de presentaties "
        "begonnen.",
        False,
    ),
    ("Graag volgende keer meer tijd om met andere hogescholen te praten.", True),
    ("De gastspreker was inspirerend, maar de werkvorm daarna liep wat rommelig.", False),
    ("Mooie opbrengsten gezien bij de presentaties. Dank aan de organisatie!", False),
    ("Lunch was prima; de zaal was wel erg warm.", False),
]

# A plausible spread: mostly 4s, some 3s and 5s, the odd 2; varied per item and per person.
PATTERN = [4, 5, 4, 3, 4, 5, 2, 4, 3, 5, 4, 4]


def _people_who_attended(meeting: Meeting) -> list:
    return [
        registration.user
        for registration in Registration.objects.filter(
            meeting=meeting, user__isnull=False, attended_at__isnull=False
        )
        .select_related("user")
        .order_by("user__name")
    ]


@transaction.atomic
def load_evaluation_examples(edition) -> None:
    """About three in four attendees of each past meeting evaluate it, the day after."""
    now = timezone.now()
    past = list(
        Meeting.objects.filter(
            edition=edition, status=MeetingStatus.PUBLISHED, ends_at__lt=now
        ).order_by("starts_at")
    )
    if not past:
        return
    most_recent = past[-1]
    remark_turn = 0
    for meeting_index, meeting in enumerate(past):
        items = rateable_items(meeting=meeting)
        done = set(
            EvaluationReceipt.objects.filter(meeting=meeting).values_list("user_id", flat=True)
        )
        for person_index, user in enumerate(_people_who_attended(meeting)):
            if user.pk in done:
                continue
            if meeting == most_recent and user.email == DEMO_PARTICIPANT:
                continue  # left for the demo participant to evaluate
            if (person_index + meeting_index) % 4 == 3:
                continue  # not everyone evaluates
            ratings = {
                item.pk: PATTERN[(person_index * 3 + item_index + meeting_index) % len(PATTERN)]
                for item_index, item in enumerate(items)
                if (person_index + item_index) % 7 != 6  # now and then an item is skipped
            }
            remarks, signed = "", False
            if person_index % 3 == 0:
                remarks, signed = REMARKS[remark_turn % len(REMARKS)]
                remark_turn += 1
            if not ratings and not remarks:
                continue
            submit_evaluation(
                meeting=meeting,
                user=user,
                ratings=ratings,
                remarks=remarks,
                signed=signed,
                submitted_on=timezone.localdate(meeting.ends_at) + dt.timedelta(days=1),
            )
