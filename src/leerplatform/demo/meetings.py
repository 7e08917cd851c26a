"""Realistic meeting examples for the demo edition: a programme per meeting, 40 places, and a
registration deadline a week before. Idempotent: a meeting that has a programme keeps it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from leerplatform.core import activity
from leerplatform.core.models import Verb
from leerplatform.editions.models import Membership, Role
from leerplatform.meetings.models import (
    Meeting,
    MeetingKind,
    ProgrammeItemKind,
    Registration,
    RegistrationStatus,
)
from leerplatform.meetings.services import meetings as meeting_services
from leerplatform.meetings.services import programme as programme_services

CAPACITY = 40
DEADLINE_BEFORE = dt.timedelta(days=7)

DIRECTIONS = """\
Vanaf het station is het tien minuten lopen; volg de borden *Centrum*. Met de auto: parkeren in de
parkeergarage naast het gebouw (betaald). De zaal is op de eerste verdieping, met lift.
"""

# (start, end, kind, title, description) per meeting, in the order of the demo's meetings.
PROGRAMMES = [
    [
        ("09:30", "10:00", ProgrammeItemKind.OTHER, "Inloop met koffie", ""),
        ("10:00", "12:00", ProgrammeItemKind.PLENARY_WORKSHOP, "Plenaire werkplaats: Professionaliseren", "Wat betekent professionaliseren in het hbo? Een verkenning aan de hand van de eigen praktijk, met een korte inleiding en werken in trio's."),
        ("12:00", "13:00", ProgrammeItemKind.BREAK, "Lunch", ""),
        ("13:00", "15:30", ProgrammeItemKind.GROUPS_AT_WORK, "Leergroepen vormen", "Kiezen voor een thema, kennismaken in de leergroep en een eerste versie van het werkplan."),
        ("15:30", "16:30", ProgrammeItemKind.GROUP_PRESENTATIONS, "Plenaire presentaties: onze ambities", "Elke leergroep vertelt in vijf minuten wat zij wil bereiken."),
    ],
    [
        ("09:30", "12:00", ProgrammeItemKind.PLENARY_WORKSHOP, "Plenaire werkplaats: Innovaties in leren", "Een gastspreker over informeel en digitaal leren, daarna een werkvorm waarin we de ideeën toetsen aan de eigen hogeschool."),
        ("12:00", "13:00", ProgrammeItemKind.BREAK, "Lunch", ""),
        ("13:00", "15:30", ProgrammeItemKind.GROUPS_AT_WORK, "Leergroepen aan het werk", "Actieleren en intervisie in de leergroepen."),
        ("15:30", "16:30", ProgrammeItemKind.GROUP_PRESENTATIONS, "Plenaire presentaties van de leergroepen", "Voortgang, quick wins en vragen aan elkaar."),
    ],
    [
        ("09:30", "12:00", ProgrammeItemKind.PLENARY_WORKSHOP, "Plenaire werkplaats: Werkdruk en werkgeluk", "Wat werkt om werkdruk te verminderen en werkgeluk te vergroten? Voorbeelden uit drie hogescholen."),
        ("12:00", "13:00", ProgrammeItemKind.BREAK, "Lunch", ""),
        ("13:00", "15:30", ProgrammeItemKind.GROUPS_AT_WORK, "Leergroepen aan het werk", "De leergroepen werken aan hun producten: een toolkit, een publicatie of een seminar."),
        ("15:30", "16:30", ProgrammeItemKind.GROUP_PRESENTATIONS, "Plenaire presentaties van de leergroepen", "Elke groep laat zien wat er al ligt."),
    ],
    [
        ("09:30", "10:00", ProgrammeItemKind.OTHER, "Ontvangst van de gasten uit het werkveld", ""),
        ("10:00", "12:00", ProgrammeItemKind.PLENARY_WORKSHOP, "Plenaire werkplaats: Talentontwikkeling", "Een interactieve werkplaats met deelnemers en gasten."),
        ("12:00", "13:00", ProgrammeItemKind.BREAK, "Lunch en netwerken", ""),
        ("13:00", "15:00", ProgrammeItemKind.GROUPS_AT_WORK, "Markt van opbrengsten", "De leergroepen tonen hun producten aan het werkveld; gasten lopen rond en stellen vragen."),
        ("15:00", "16:30", ProgrammeItemKind.GROUP_PRESENTATIONS, "Plenaire afsluiting: wat we leerden", "Presentaties van de leergroepen en een vooruitblik: hoe gaat het leerplatform verder?"),
    ],
]  # fmt: skip


def _time(text: str) -> dt.time:
    hours, minutes = text.split(":")
    return dt.time(int(hours), int(minutes))


@transaction.atomic
def load_meeting_examples(edition) -> None:
    """Give each demo meeting 40 places, a deadline a week before, directions and a programme."""
    meetings = list(Meeting.objects.filter(edition=edition).select_related("theme"))
    for index, meeting in enumerate(meetings):
        changes: dict[str, Any] = {}
        if meeting.capacity is None:
            changes["capacity"] = CAPACITY
        if meeting.registration_deadline is None:
            changes["registration_deadline"] = meeting.starts_at - DEADLINE_BEFORE
        if not meeting.venue_directions:
            changes["venue_directions"] = DIRECTIONS
        if changes:
            meeting = meeting_services.update_meeting(meeting=meeting, actor=None, **changes)
        if meeting.programme.exists():
            continue
        if index >= len(PROGRAMMES):
            programme_services.add_standard_day(meeting=meeting)
            continue
        for start, end, kind, title, description in PROGRAMMES[index]:
            programme_services.add_programme_item(
                meeting=meeting,
                starts_at=_time(start),
                ends_at=_time(end),
                kind=kind,
                title=title,
                description=description,
            )


@transaction.atomic
def load_attendance_examples(edition) -> None:
    """Who registered for and attended the demo's (past) meetings, and two guests at the closing.

    These meetings lie in 2019–2020, after their deadlines, so the registration services would
    refuse them; the demo writes the history directly, with the ledger rows the services would
    have written at the time (attending is *taking*).
    """
    if Registration.objects.filter(meeting__edition=edition).exists():
        return
    members = [
        m.user
        for m in Membership.objects.active()
        .filter(edition=edition, role=Role.PARTICIPANT)
        .select_related("user")
        .order_by("user__name")
    ]
    for index, meeting in enumerate(Meeting.objects.filter(edition=edition).order_by("starts_at")):
        for number, user in enumerate(members):
            absent = (number + index) % 5 == 0  # about one in five could not come
            registration = Registration.objects.create(
                meeting=meeting,
                user=user,
                status=RegistrationStatus.REGISTERED,
                registered_at=meeting.starts_at - dt.timedelta(days=14),
                attended_at=None if absent else meeting.starts_at,
            )
            activity.record(actor=user, verb=Verb.REGISTERED, edition=edition, target=meeting)
            if registration.attended_at:
                activity.record(actor=user, verb=Verb.ATTENDED, edition=edition, target=meeting)
        if meeting.kind == MeetingKind.CLOSING:
            for name, email, organisation in [
                ("Wim Werkveld (fictief)", "wim.werkveld@example.org", "Voorbeeldfonds (fictief)"),
                ("Sara Gast (fictief)", "sara.gast@example.org", "Hogeschool Utrecht"),
            ]:
                Registration.objects.create(
                    meeting=meeting,
                    guest_name=name,
                    guest_email=email,
                    guest_organisation=organisation,
                    guest_confirmed_at=meeting.starts_at - dt.timedelta(days=10),
                    registered_at=meeting.starts_at - dt.timedelta(days=10),
                    attended_at=meeting.starts_at,
                )
