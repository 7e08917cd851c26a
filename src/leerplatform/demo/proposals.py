"""Plenary proposals for the demo edition: every meeting gets a call with a few Dutch proposals
from the demo participants, supports, a comment or two, and one proposal chosen for its plenary
workshop. All people are fictional (see demo/edition.py).

The lead calls `load_proposal_examples(edition)` from the demo loader. It is idempotent: a meeting
that already has a call is left alone.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from leerplatform.accounts.models import User
from leerplatform.core import activity
from leerplatform.core.models import Verb
from leerplatform.editions.models import Edition, Membership, Role
from leerplatform.proposals import services
from leerplatform.proposals.models import Proposal, ProposalCall, ProposalKind, ProposalStatus

CALL_TEXT = (
    "Wie kent een inspirerende spreker, een werkvorm die werkt of een onderwerp dat we samen "
    "moeten uitdiepen? Doe een voorstel voor de plenaire werkplaats over het thema van deze "
    "bijeenkomst, en steun de ideeën van anderen die je graag op het programma ziet."
)

# Per meeting, in date order: (proposer index, kind, title, description, gains, minutes).
# The first of each list is chosen; proposer indexes point into the demo's participants.
EXAMPLES = [
    [
        (
            0,
            ProposalKind.WORK_FORMAT,
            "Speeddaten over je HRD-vraagstuk",
            "In korte rondes van vijf minuten wissel je met steeds een andere deelnemer je "
            "belangrijkste HRD-vraagstuk uit. Na elke ronde noteer je één inzicht op een "
            "gezamenlijke wand.\n\n- vijf rondes van vijf minuten\n- plenaire oogst van de wand",
            "Je leert in korte tijd de vraagstukken van de andere hogescholen kennen en vindt "
            "mensen om een leergroep mee te vormen.",
            60,
        ),
        (
            3,
            ProposalKind.SPEAKER,
            "Lector over professionaliseren in het hbo",
            "Een lector (fictief) vertelt over onderzoek naar professionaliseringsbeleid op "
            "hogescholen: wat werkt, en wat blijft in de la liggen?",
            "Een stevige basis van onderzoek onder onze gesprekken van vandaag.",
            75,
        ),
        (
            5,
            ProposalKind.TOPIC,
            "Van opleidingsplan naar leercultuur",
            "Veel hogescholen hebben een opleidingsplan, maar leren medewerkers daardoor ook "
            "meer? Ik stel voor dat we dit verschil samen verkennen.",
            "Scherper zicht op wat een leercultuur is en wat HR daaraan bijdraagt.",
            90,
        ),
    ],
    [
        (
            1,
            ProposalKind.WORK_FORMAT,
            "Design thinking voor een leeraanbod",
            "In vier stappen (empathie, definiëren, ideeën, prototype) ontwerpen we in groepjes "
            "een leeraanbod voor een echte doelgroep van een van de hogescholen.",
            "Je ervaart zelf hoe je met design thinking leren ontwerpt vanuit de gebruiker, en "
            "neemt een werkvorm mee naar je eigen team.",
            120,
        ),
        (
            4,
            ProposalKind.SPEAKER,
            "Gastspreker over leren in de workflow",
            "Een adviseur uit het bedrijfsleven (fictief) vertelt hoe leren in het werk zelf "
            "wordt ingebed: microlearning, performance support en leren van collega's.",
            "Voorbeelden van buiten het onderwijs die je kunt vertalen naar de hogeschool.",
            60,
        ),
        (
            6,
            ProposalKind.TOPIC,
            "Wat doen we met leeranalytics?",
            "Leerplatforms leveren steeds meer data op. Wat mogen en willen we daarmee, en wat "
            "betekent de AVG voor HR?",
            "Een eerste verkenning van kansen en grenzen van data over leren.",
            45,
        ),
    ],
    [
        (
            2,
            ProposalKind.WORK_FORMAT,
            "Werkgeluk-café met casussen uit de praktijk",
            "Aan tafels bespreken we in wisselende samenstelling casussen over werkdruk en "
            "werkgeluk die deelnemers zelf inbrengen, met een vaste gespreksleidraad.",
            "Concrete interventies die op andere hogescholen werkten, en een leidraad om het "
            "gesprek in je eigen team te voeren.",
            90,
        ),
        (
            7,
            ProposalKind.SPEAKER,
            "Bedrijfsarts over duurzame inzetbaarheid",
            "Een bedrijfsarts (fictief) vertelt wat zij ziet aan signalen van werkdruk in het "
            "hoger onderwijs, en wat HR eerder kan doen.",
            "Inzicht in vroege signalen en in de rol van HR bij preventie.",
            60,
        ),
        (
            0,
            ProposalKind.OTHER,
            "Wandelend intervisiegesprek",
            "We gaan in tweetallen naar buiten voor een intervisiegesprek volgens een eenvoudige "
            "methode. Bewegen helpt om anders naar je vraagstuk te kijken.",
            "Een werkvorm die zelf ook bijdraagt aan werkgeluk.",
            45,
        ),
    ],
    [
        (
            5,
            ProposalKind.WORK_FORMAT,
            "Opbrengstenmarkt met de leergroepen",
            "Elke leergroep krijgt een kraam waar bezoekers uit het werkveld in korte rondes "
            "kennismaken met de opbrengsten: toolkits, publicaties en praktijkvoorbeelden.",
            "Het werkveld ziet wat we hebben gemaakt, en wij horen wat zij ermee kunnen.",
            90,
        ),
        (
            1,
            ProposalKind.TOPIC,
            "Talent zien in je eigen team",
            "Een gesprek over hoe leidinggevenden en HR talenten herkennen die niet in een "
            "functieprofiel passen.",
            "Handvatten voor talentgesprekken en een gedeelde taal over talent.",
            60,
        ),
    ],
]

NOTES = [
    "Past mooi bij het thema en bij de start van de leergroepen. We nemen contact op om het "
    "samen voor te bereiden.",
    "Een actieve werkvorm die veel steun kreeg. We stemmen de groepsgrootte nog met je af.",
    "Sluit goed aan bij de vragen uit de leergroep Werkdruk en werkgeluk.",
    "Precies wat we zochten voor de slotbijeenkomst met het werkveld.",
]

COMMENTS = [
    "Goed idee! Bij ons werkte dit ook heel goed als opening van een teamdag.",
    "Ik steun dit. Kunnen we er ook iets van meenemen naar de leergroepen?",
    "Misschien handig om vooraf een korte vragenlijst te sturen?",
]


def _local(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@transaction.atomic
def load_proposal_examples(edition: Edition) -> None:
    """Give each of the edition's meetings a call with proposals, supports, comments and a choice."""
    facilitator = (
        Membership.objects.active()
        .filter(edition=edition, role=Role.FACILITATOR)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    participants = [
        m.user
        for m in Membership.objects.active()
        .filter(edition=edition, role=Role.PARTICIPANT)
        .select_related("user")
        .order_by("pk")
    ]
    if facilitator is None or len(participants) < 3:
        return
    facilitator = facilitator.user
    meetings = list(edition.meetings.filter(proposal_call__isnull=True).order_by("starts_at"))
    for index, meeting in enumerate(edition.meetings.order_by("starts_at")):
        if meeting not in meetings:
            continue
        examples = EXAMPLES[index % len(EXAMPLES)]
        proposals = _call_with_proposals(meeting, examples, facilitator, participants)
        _supports_and_comments(proposals, participants)
        services.decide_proposal(
            proposal=proposals[0],
            decision=ProposalStatus.SELECTED,
            note=NOTES[index % len(NOTES)],
            actor=facilitator,
        )
        if len(proposals) > 2:
            services.decide_proposal(
                proposal=proposals[1],
                decision=ProposalStatus.SHORTLISTED,
                actor=facilitator,
            )


def _call_with_proposals(meeting, examples, facilitator: User, participants: list[User]):
    theme = meeting.theme or meeting.edition.themes.first()
    deadline = meeting.starts_at - dt.timedelta(days=14)
    if deadline > timezone.now():
        # An upcoming meeting: the call is still open, so everything goes through the services.
        call = services.open_call(
            meeting=meeting, deadline=deadline, description=CALL_TEXT, actor=facilitator
        )
        return [
            services.submit_proposal(
                call=call,
                proposer=participants[who % len(participants)],
                kind=kind,
                theme=theme,
                title=title,
                description=description,
                gains=gains,
                duration_minutes=minutes,
            )
            for who, kind, title, description, gains, minutes in examples
        ]
    # The demo edition's meetings lie in the past (2019–2020), and the services refuse a
    # deadline in the past and proposals after it. So the call and the proposals are written
    # with the models directly, dated as they would have been, and given the same ledger rows
    # the services record. Supports, comments and the choice do go through the services.
    opened = deadline - dt.timedelta(days=28)
    call = ProposalCall.objects.create(
        meeting=meeting,
        deadline=deadline,
        description=CALL_TEXT,
        opened_by=facilitator,
        created_at=opened,
    )
    activity.record(
        actor=facilitator,
        verb=Verb.CALL_OPENED,
        edition=meeting.edition,
        target=call,
        data={"meeting": meeting.pk, "deadline": deadline.isoformat()},
    )
    proposals = []
    for offset, (who, kind, title, description, gains, minutes) in enumerate(examples):
        proposer = participants[who % len(participants)]
        proposal = Proposal(
            call=call,
            proposer=proposer,
            kind=kind,
            theme=theme,
            title=title,
            description=description,
            gains=gains,
            duration_minutes=minutes,
            created_at=opened + dt.timedelta(days=3 + 5 * offset, hours=offset),
        )
        proposal.full_clean()
        proposal.save()
        activity.record(
            actor=proposer,
            verb=Verb.PROPOSED,
            edition=meeting.edition,
            target=proposal,
            data={"meeting": meeting.pk, "kind": kind},
        )
        proposals.append(proposal)
    return proposals


def _supports_and_comments(proposals: list[Proposal], participants: list[User]) -> None:
    # The first proposal gets the most support, the next ones fewer: the chosen one was popular.
    for rank, proposal in enumerate(proposals):
        supporters = [p for p in participants if p.pk != proposal.proposer_id]
        for person in supporters[: max(1, 6 - 2 * rank)]:
            services.support_proposal(proposal=proposal, user=person)
        for number, text in enumerate(COMMENTS[: 2 - min(rank, 1)]):
            author = supporters[(rank + number) % len(supporters)]
            services.add_comment(proposal=proposal, author=author, text=text)
