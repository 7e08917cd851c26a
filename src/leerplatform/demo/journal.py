"""Reflection examples for the demo edition: the edition's questions (in Dutch), journal entries of
the demo participant (deelnemer@example.org) and a few other fictional members, and the groups'
joint reflections. All through the services, so that the ledger shows them as they would be.

Daan Deelnemer attended the first, second and closing meeting (demo/meetings.py). He reflected on
the first (private) and the second (shared with his group "Werkgeluk in teams"), and wrote a
private note; the closing meeting he has NOT reflected on yet, so that his dashboard and journal
ask him to. The meetings of 2019–2020 are long over: their requests to reflect are recorded as
sent at the time, so that `send_reflection_requests` never mails anyone about them.

The lead calls `load_journal_examples(edition)` from the demo loader. Idempotent: what exists is
left alone.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from leerplatform.accounts.models import User
from leerplatform.editions.models import Edition, Role
from leerplatform.groups.models import GroupMembership, GroupStatus, LearningGroup
from leerplatform.meetings.models import Meeting, MeetingStatus
from leerplatform.reflection.models import (
    GroupReflection,
    JournalEntry,
    ReflectionQuestion,
    ReflectionRequest,
)
from leerplatform.reflection.services import journal as services

QUESTIONS = [
    "Wat heb ik vandaag gebracht?",
    "Wat heb ik gehaald?",
    "Wat heb ik geleerd over het thema?",
    "Wat heb ik geleerd over hoe ik leer?",
    "Wat ga ik nu doen?",
]

# (email, meeting index, shared with one's group?, answers in the order of QUESTIONS, note)
ENTRIES = [
    (
        "deelnemer@example.org",
        0,
        False,
        [
            "Mijn ervaring met het opzetten van intervisie voor teamleiders bij de HU.",
            "Vier nieuwe contacten en het inzicht dat andere hogescholen met dezelfde vragen "
            "worstelen.",
            "Professionaliseren gaat minder over cursussen en meer over ruimte om samen te leren "
            "in het werk.",
            "Ik merk dat ik pas echt leer als ik iets moet uitleggen aan een ander. In de trio's "
            "zei ik weinig; volgende keer breng ik bewust een casus in.",
            "Het werkplan van onze leergroep afmaken en een eerste teamgesprek plannen.",
        ],
        "Onzeker over mijn rol als trekker. Bespreken met Anouk?",
    ),
    (
        "deelnemer@example.org",
        1,
        True,
        [
            "De gesprekskaart werkgeluk in een eerste versie, en ons verhaal in de plenaire "
            "presentatie.",
            "De tip van de gastspreker om leren zichtbaar te maken met korte leerverhalen.",
            "Informeel leren gebeurt vooral in de wandelgangen; als HR kunnen we dat faciliteren, "
            "niet organiseren.",
            "Ik leer het meest van de vragen van de anderen in de groep, niet van mijn eigen "
            "voorbereiding.",
            "De gesprekskaart testen met twee teams bij ons en de ervaringen meenemen naar de "
            "volgende bijeenkomst.",
        ],
        "",
    ),
    (
        "anouk.devries@example.org",
        1,
        True,
        [
            "Voorbeelden van teamafspraken over bereikbaarheid bij Fontys.",
            "Een scherpere vraag voor onze leergroep: wat maakt een team veerkrachtig?",
            "Werkgeluk is geen individueel project; het team is de sleutel.",
            "Ik wil te snel naar oplossingen. Even langer bij de vraag blijven werkt beter.",
            "Met Daan en Floor de gesprekskaart verder uitwerken.",
        ],
        "",
    ),
    (
        "anouk.devries@example.org",
        2,
        False,
        [
            "",
            "Rust: even niet zelf hoeven trekken.",
            "Werkdruk meten zegt weinig zonder het gesprek erover.",
            "",
            "Mijn eigen agenda kritisch bekijken.",
        ],
        "",
    ),
    (
        "floor.smit@example.org",
        1,
        False,
        [
            "Een korte presentatie over de pilot bij Saxion.",
            "Moed om het ook bij ons breder te proberen.",
            "",
            "Ik leer door te doen en daarna terug te kijken; dit journaal helpt daarbij.",
            "Een teamleider vragen mee te doen met de pilot.",
        ],
        "",
    ),
    (
        "bram.jansen@example.org",
        1,
        True,
        [
            "Een vergelijking van de ontwikkelbudgetten van drie hogescholen.",
            "Nieuwe vragen voor onze interviews met medewerkers.",
            "Beleid voor levenlang ontwikkelen landt pas als leidinggevenden het gesprek voeren.",
            "Samen analyseren levert meer op dan alleen lezen.",
            "De interviewleidraad aanpassen en vijf gesprekken plannen.",
        ],
        "",
    ),
    (
        "chantal.bakker@example.org",
        2,
        True,
        [
            "Onze eerste bevindingen over leiders die leren.",
            "Herkenning: werkdruk van leidinggevenden remt hun eigen leren.",
            "Werkgeluk en leiderschap hangen sterker samen dan ik dacht.",
            "Hardop denken in de groep helpt mij mijn gedachten te ordenen.",
            "Een sessie actieleren organiseren met drie teamleiders.",
        ],
        "",
    ),
]

NOTE = (
    "deelnemer@example.org",
    "Gelezen: het artikel over leerverhalen dat Bram deelde. Bruikbaar voor onze gesprekskaart: "
    "elk teamgesprek beginnen met een kort verhaal over iets wat iemand deze maand leerde.",
)

# (group name, meeting index, text)
GROUP_REFLECTIONS = [
    (
        "Werkgeluk in teams",
        0,
        "We zijn als groep snel tot een gedeelde vraag gekomen: **wat houdt teams in het hbo "
        "gezond en gemotiveerd?** Wat we brachten: ieder een voorbeeld uit de eigen hogeschool. "
        "Wat we haalden: de ervaring dat we elkaars vragen herkennen.\n\n"
        "Over hoe we leren: we praten makkelijk, maar spreken nog weinig af. Volgende keer "
        "sluiten we af met concrete acties per persoon.",
    ),
    (
        "Werkgeluk in teams",
        1,
        "De eerste versie van de gesprekskaart kreeg in de plenaire ronde veel reacties; we "
        "nemen de vragen mee. We merkten dat de casus van Floor ons meer leerde dan de "
        "literatuur die we lazen.\n\n"
        "- volgende stap: de kaart testen in twee teams\n"
        "- wat we anders doen: elke bijeenkomst één casus centraal",
    ),
    (
        "Leven lang ontwikkelen in de praktijk",
        1,
        "We hebben het beleid van onze drie hogescholen naast elkaar gelegd. Het verschil tussen "
        "beleid en praktijk is groot. Als groep leren we het meest als we samen een interview "
        "analyseren; dat doen we voortaan steeds.",
    ),
    (
        "Leiders die leren",
        2,
        "De werkplaats over werkdruk sloot verrassend goed aan bij ons thema: leidinggevenden "
        "met een volle agenda leren weinig. We willen in de slotbijeenkomst laten zien hoe "
        "actieleren daar ruimte voor maakt.",
    ),
]


def _ensure_questions(edition: Edition) -> None:
    if ReflectionQuestion.objects.filter(edition=edition).exists():
        return
    facilitator = (
        User.objects.filter(memberships__edition=edition, memberships__role=Role.FACILITATOR)
        .order_by("pk")
        .first()
    )
    assert facilitator is not None  # the demo edition has its facilitators
    services.set_questions(edition=edition, texts=QUESTIONS, actor=facilitator)


def _record_requests(meetings: list[Meeting]) -> None:
    """The requests to reflect on the meetings that have ended, as sent the day after each."""
    for meeting in meetings:
        if meeting.status != MeetingStatus.PUBLISHED or meeting.ends_at > timezone.now():
            continue
        ReflectionRequest.objects.get_or_create(
            meeting=meeting,
            defaults={
                "sent_at": meeting.ends_at + dt.timedelta(days=1),
                "recipients": len(services.attendee_ids(meeting)),
            },
        )


@transaction.atomic
def load_journal_examples(edition: Edition) -> None:
    """Questions, journal entries and joint reflections for the demo edition, where missing."""
    _ensure_questions(edition)
    meetings = list(Meeting.objects.filter(edition=edition).order_by("starts_at", "pk"))
    people = {
        user.email: user
        for user in User.objects.filter(email__in={email for email, *_ in ENTRIES} | {NOTE[0]})
    }
    for email, index, shared, answers, note in ENTRIES:
        user = people.get(email)
        if user is None or index >= len(meetings):
            continue
        meeting = meetings[index]
        if JournalEntry.objects.filter(user=user, meeting=meeting).exists():
            continue
        if services.reflection_refusal(user=user, meeting=meeting):
            continue  # not there that day (or not a member any more): nothing to reflect on
        group = services.shareable_groups(user=user, edition=edition).first() if shared else None
        entry = services.reflect(
            user=user, meeting=meeting, answers=answers, note=note, share_with=group
        )
        # Written the evening after the meeting, as the history has it.
        JournalEntry.objects.filter(pk=entry.pk).update(
            created_at=meeting.ends_at + dt.timedelta(hours=5)
        )
    email, text = NOTE
    user = people.get(email)
    if (
        user is not None
        and not JournalEntry.objects.filter(user=user, edition=edition, note=text).exists()
    ):
        entry = services.write_note(user=user, edition=edition, note=text)
        if len(meetings) > 2:  # between the second and the third meeting
            JournalEntry.objects.filter(pk=entry.pk).update(
                created_at=meetings[1].ends_at + dt.timedelta(days=30)
            )

    groups = {
        group.name: group
        for group in LearningGroup.objects.filter(edition=edition, status=GroupStatus.ACTIVE)
    }
    for name, index, text in GROUP_REFLECTIONS:
        group = groups.get(name)
        if group is None or index >= len(meetings):
            continue
        meeting = meetings[index]
        if GroupReflection.objects.filter(group=group, meeting=meeting).exists():
            continue
        if services.group_reflection_refusal(group=group, meeting=meeting):
            continue
        author = (
            GroupMembership.objects.active()
            .filter(group=group)
            .select_related("user")
            .order_by("-is_coordinator", "joined_at", "pk")
            .first()
        )
        if author is not None:
            services.write_group_reflection(
                group=group, meeting=meeting, author=author.user, text=text
            )
    _record_requests(meetings)
