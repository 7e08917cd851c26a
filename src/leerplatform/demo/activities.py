"""Activities and progress reports for the demo edition: each demo learning group gets a few Dutch
activities of different kinds (done ones with their outcome, planned ones still to come) and a
progress report for each of the demo's past meetings after the first (at the first meeting the
groups were only just formed). All people are fictional (demo/edition.py); the groups come from
demo/groups.py.

The lead calls `load_activity_examples(edition)` after the groups demo. It is idempotent: an
activity that exists in a group (by title) and a report that exists (per group and meeting) are
left alone. Activities go through the service, so the ledger records them as they would be.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from leerplatform.accounts.models import User
from leerplatform.core import activity
from leerplatform.core.models import Verb
from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Edition
from leerplatform.groups.models import (
    ActivityKind,
    ActivityStatus,
    GroupActivity,
    GroupMembership,
    GroupStatus,
    LearningGroup,
    ProgressReport,
)
from leerplatform.groups.services import activities as activity_services
from leerplatform.meetings.models import MeetingStatus


@dataclass(frozen=True)
class DemoActivity:
    kind: str
    title: str
    description: str
    # Done activities: a day of the edition and their outcome. Planned ones: days from today, so
    # that the demo always has something coming up (the edition's own dates lie in the past).
    day: dt.date | None = None
    in_days: int = 0
    outcome: str = ""
    by: str = ""  # email of the member who logs it (default: the first member)
    took_part: tuple[str, ...] = ()  # emails; empty: every member

    @property
    def is_done(self) -> bool:
        return self.day is not None


ACTIVITIES: dict[str, list[DemoActivity]] = {
    "Werkgeluk in teams": [
        DemoActivity(
            ActivityKind.BEST_PRACTICES,
            "Goede voorbeelden van teamafspraken verzamelen",
            "Ieder vraagt op de eigen hogeschool twee teams naar hun afspraken over "
            "bereikbaarheid, piekbelasting en vergaderen.",
            day=dt.date(2019, 9, 12),
            outcome="Elf voorbeelden van teamafspraken uit vier hogescholen, in één overzicht. "
            "Opvallend: de teams met **stille uren** zijn het meest tevreden.",
            by="deelnemer@example.org",
        ),
        DemoActivity(
            ActivityKind.INTERVISION,
            "Intervisie: onze eigen rol bij werkdruk",
            "Met de incidentmethode bespreken we een casus waarin een teamleider HR om een "
            "oplossing vroeg voor werkdruk die het team zelf moest oplossen.",
            day=dt.date(2019, 11, 21),
            outcome="We stellen vaker de vraag terug aan het team: *wat kunnen jullie zelf?* "
            "Anouk schrijft een korte handreiking voor HR-adviseurs.",
            by="anouk.devries@example.org",
        ),
        DemoActivity(
            ActivityKind.TOOLKIT,
            "Gesprekskaart werkgeluk voor teamleiders",
            "Een kaart met tien vragen waarmee een teamleider het gesprek over werkgeluk "
            "opent, getest in twee teams.",
            day=dt.date(2020, 3, 5),
            outcome="De kaart is getest in twee teams van Fontys en Saxion; versie 2 staat klaar "
            "voor de slotbijeenkomst.",
            by="floor.smit@example.org",
        ),
        DemoActivity(
            ActivityKind.WORK_VISIT,
            "Werkbezoek aan een team met stille uren",
            "We kijken een ochtend mee bij het opleidingsteam dat met stille uren werkt, en "
            "spreken de teamleider.",
            in_days=12,
            took_part=("deelnemer@example.org", "anouk.devries@example.org"),
        ),
    ],
    "Leven lang ontwikkelen in de praktijk": [
        DemoActivity(
            ActivityKind.RESEARCH,
            "Beleid van drie hogescholen vergeleken",
            "We leggen het beleid voor ontwikkelbudget en loopbaangesprekken van onze drie "
            "hogescholen naast elkaar.",
            day=dt.date(2019, 10, 3),
            outcome="Alle drie hebben een ontwikkelbudget, maar medewerkers weten vaak niet dat "
            "het bestaat. Bekendheid is het eerste knelpunt, niet geld.",
            by="bram.jansen@example.org",
        ),
        DemoActivity(
            ActivityKind.PRACTICE_ASSIGNMENT,
            "Vijf loopbaangesprekken met ervaren docenten",
            "Ieder voert een loopbaangesprek met een docent die langer dan vijftien jaar in "
            "dezelfde functie werkt, met dezelfde leidraad.",
            day=dt.date(2019, 12, 12),
            outcome="Wat motiveert: nieuwe rollen naast het lesgeven (onderzoek, coördinatie), "
            "niet cursussen. De leidraad passen we daarop aan.",
            by="esra.yilmaz@example.org",
        ),
        DemoActivity(
            ActivityKind.PUBLICATION,
            "Blog: blijven leren na twintig jaar",
            "Een korte publicatie voor de nieuwsbrief van het netwerk over wat we leerden van "
            "de loopbaangesprekken.",
            in_days=20,
            by="joke.meijer@example.org",
            took_part=("joke.meijer@example.org", "esra.yilmaz@example.org"),
        ),
    ],
    "Leiders die leren": [
        DemoActivity(
            ActivityKind.ACTION_LEARNING,
            "Actieleren: elk een vraagstuk van de eigen hogeschool",
            "Ieder brengt een vraagstuk in over de ontwikkeling van leidinggevenden; de groep "
            "stelt vragen, de inbrenger kiest een actie.",
            day=dt.date(2019, 10, 24),
            outcome="Drie acties gekozen, onder meer een leerkring voor nieuwe teamleiders bij "
            "Hogeschool Rotterdam.",
            by="chantal.bakker@example.org",
        ),
        DemoActivity(
            ActivityKind.GUEST_SPEAKER,
            "Gastspreker over 360-gradenfeedback",
            "Een adviseur (fictief) vertelt hoe feedback van medewerkers leidinggevenden helpt "
            "om te leren, en wat er mis kan gaan.",
            day=dt.date(2020, 1, 16),
            outcome="Feedback werkt alleen met een goed gesprek erna. We nemen een gespreksmodel "
            "mee in onze leerkring.",
            by="gijs.mulder@example.org",
        ),
        DemoActivity(
            ActivityKind.QUICK_WINS,
            "Quick win: leerkring voor nieuwe teamleiders",
            "De eerste bijeenkomst van de leerkring bij Hogeschool Rotterdam, met zes nieuwe "
            "teamleiders.",
            day=dt.date(2020, 2, 27),
            outcome="Zes teamleiders, twee casussen; ze willen maandelijks doorgaan.",
            by="chantal.bakker@example.org",
            took_part=("chantal.bakker@example.org", "ivo.bos@example.org"),
        ),
        DemoActivity(
            ActivityKind.SEMINAR,
            "Seminar voor directeuren: leren als leider",
            "Een middag voor directeuren van de drie hogescholen over hun eigen leren, met de "
            "opbrengsten van de leerkring.",
            in_days=35,
            by="ivo.bos@example.org",
        ),
    ],
    "Talent zichtbaar maken": [
        DemoActivity(
            ActivityKind.SHARED_TASK,
            "Een eenvoudige talentenscan ontwerpen",
            "Samen maken we een scan van twintig vragen die een team in een uur kan invullen "
            "en bespreken.",
            day=dt.date(2019, 11, 7),
            outcome="Versie 1 van de talentenscan, met een handleiding voor de teamleider.",
            by="dirk.visser@example.org",
        ),
        DemoActivity(
            ActivityKind.TRAINING,
            "Training: de talentenscan begeleiden",
            "Een korte training voor de HR-adviseurs die de scan in teams gaan begeleiden.",
            day=dt.date(2020, 1, 23),
            outcome="Vier HR-adviseurs kunnen de scan begeleiden; de handleiding is aangevuld "
            "met veelgestelde vragen.",
            by="hanna.degroot@example.org",
        ),
        DemoActivity(
            ActivityKind.CONFERENCE,
            "Workshop op een HRD-congres",
            "We presenteren de talentenscan in een workshop op een landelijk congres (fictief).",
            in_days=48,
            by="dirk.visser@example.org",
        ),
    ],
}

# Per group, the progress reports for the demo's meetings after the first, in date order:
# (what we did, what we learned, results and products, next steps, questions for the plenary).
REPORTS: dict[str, list[tuple[str, str, str, str, str]]] = {
    "Werkgeluk in teams": [
        (
            "We hebben ons werkplan vastgesteld en op vier hogescholen **elf voorbeelden** van "
            "teamafspraken over bereikbaarheid en piekbelasting verzameld.",
            "Teams die zelf afspraken maken, houden zich er beter aan dan teams met regels van "
            "bovenaf.",
            "- een overzicht van elf teamafspraken",
            "Intervisie over onze eigen rol; de eerste versie van een gesprekskaart.",
            "Wie kent een team dat werkdruk met succes bespreekbaar heeft gemaakt?",
        ),
        (
            "Intervisie over onze rol als HR-adviseur bij werkdruk, en de gesprekskaart "
            "werkgeluk ontworpen.",
            "We nemen te snel problemen van teams over. De vraag terugleggen werkt beter.",
            "- gesprekskaart werkgeluk, versie 1\n- handreiking *vraag terug* voor HR-adviseurs",
            "De kaart testen in twee teams.",
            "Willen andere hogescholen de kaart ook uitproberen?",
        ),
        (
            "De gesprekskaart is getest in twee teams en verbeterd.",
            "Een goed gesprek over werkgeluk begint bij wat wél goed gaat.",
            "- gesprekskaart werkgeluk, versie 2\n- verslag van de tests in twee teams",
            "We delen de kaart met het werkveld en gaan door als netwerk van HR-adviseurs.",
            "Hoe houden we dit levend na het leerplatform?",
        ),
    ],
    "Leven lang ontwikkelen in de praktijk": [
        (
            "We hebben het beleid voor ontwikkelbudget en loopbaangesprekken van onze drie "
            "hogescholen vergeleken.",
            "Het beleid is er, maar medewerkers kennen het niet.",
            "- vergelijking van het beleid van drie hogescholen",
            "Loopbaangesprekken voeren met ervaren docenten.",
            "Hoe maken jullie het ontwikkelbudget bekend?",
        ),
        (
            "Vijf loopbaangesprekken met docenten die lang in dezelfde functie werken.",
            "Nieuwe rollen naast het lesgeven motiveren meer dan cursussen.",
            "- een aangepaste leidraad voor loopbaangesprekken",
            "Een blog voor de nieuwsbrief; de leidraad delen.",
            "Wie wil de leidraad gebruiken en ons feedback geven?",
        ),
        (
            "De leidraad is gebruikt op twee andere hogescholen; de blog is in voorbereiding.",
            "Blijven leren vraagt om ruimte in de functie, niet alleen om budget.",
            "- leidraad loopbaangesprekken, versie 2",
            "De blog publiceren en de leidraad aanbieden aan het werkveld.",
            "Welke rol kan de sector spelen bij functieroulatie?",
        ),
    ],
    "Leiders die leren": [
        (
            "Actieleren op drie vraagstukken over de ontwikkeling van leidinggevenden.",
            "Leidinggevenden leren het meest van collega's in dezelfde situatie.",
            "- drie acties, waaronder een leerkring voor nieuwe teamleiders",
            "Een gastspreker over 360-gradenfeedback.",
            "Hebben jullie ervaring met leerkringen voor leidinggevenden?",
        ),
        (
            "Een gastspreker over 360-gradenfeedback; de leerkring bij Hogeschool Rotterdam "
            "voorbereid.",
            "Feedback zonder goed gesprek erna doet meer kwaad dan goed.",
            "- een gespreksmodel voor feedbackgesprekken",
            "De eerste bijeenkomst van de leerkring.",
            "Hoe betrekken jullie directeuren bij hun eigen ontwikkeling?",
        ),
        (
            "De leerkring is gestart met zes nieuwe teamleiders en komt maandelijks bij elkaar.",
            "Een vaste groep en een vast ritme maken het verschil.",
            "- opzet van de leerkring, om over te nemen",
            "Een seminar voor directeuren.",
            "Wie wil een leerkring op de eigen hogeschool starten?",
        ),
    ],
    "Talent zichtbaar maken": [
        (
            "We hebben een eenvoudige talentenscan ontworpen.",
            "Twintig vragen is genoeg; meer vraagt te veel van een team.",
            "- talentenscan, versie 1, met handleiding",
            "HR-adviseurs trainen om de scan te begeleiden.",
            "Kent iemand een talentenscan die al goed werkt?",
        ),
        (
            "Vier HR-adviseurs getraind in het begeleiden van de scan.",
            "De nabespreking is belangrijker dan de scan zelf.",
            "- handleiding met veelgestelde vragen",
            "De scan uitproberen in drie teams.",
            "Welke teams willen meedoen?",
        ),
        (
            "De scan is in drie teams gebruikt; we presenteren hem op een congres.",
            "Teams ontdekken talenten die de leidinggevende niet kende.",
            "- talentenscan, versie 2\n- drie praktijkverhalen",
            "Een workshop op een HRD-congres.",
            "Hoe borgen we dat teams de scan blijven gebruiken?",
        ),
    ],
}


def _members(group: LearningGroup) -> list[User]:
    return [
        membership.user
        for membership in GroupMembership.objects.active()
        .filter(group=group)
        .select_related("user")
        .order_by("joined_at", "pk")
    ]


def _log_activities(group: LearningGroup, examples: list[DemoActivity]) -> None:
    members = _members(group)
    if not members:
        return
    by_email = {person.email: person for person in members}
    existing = set(GroupActivity.objects.filter(group=group).values_list("title", flat=True))
    today = timezone.localdate()
    for example in examples:
        if example.title in existing:
            continue
        people = [by_email[e] for e in example.took_part if e in by_email] or members
        activity_services.log_activity(
            group=group,
            actor=by_email.get(example.by, members[0]),
            kind=example.kind,
            title=example.title,
            date=example.day or today + dt.timedelta(days=example.in_days),
            status=ActivityStatus.DONE if example.is_done else ActivityStatus.PLANNED,
            description=example.description,
            outcome=example.outcome,
            participants=people,
        )


def _write_reports(group: LearningGroup, meetings: list, texts: list[tuple]) -> None:
    members = _members(group)
    if not members:
        return
    reported = set(group.progress_reports.values_list("meeting_id", flat=True))
    for index, meeting in enumerate(meetings):
        if meeting.pk in reported or index >= len(texts):
            continue
        did, learned, results, next_steps, questions = texts[index]
        author = members[index % len(members)]
        written = (meeting.report_deadline or meeting.starts_at) - dt.timedelta(days=3)
        # The demo's meetings lie in the past, and the service refuses a report after the
        # deadline. So the report is written with the model directly, dated as it would have
        # been, and given the same ledger row the service records.
        report = ProgressReport(
            group=group,
            meeting=meeting,
            author=author,
            what_we_did=did,
            what_we_learned=learned,
            results=results,
            next_steps=next_steps,
            questions=questions,
            submitted_at=written,
        )
        report.full_clean()
        report.save()
        ProgressReport.objects.filter(pk=report.pk).update(updated_at=written)
        activity.record(
            actor=author,
            verb=Verb.REPORTED,
            edition=group.edition,
            target=report,
            visibility=Visibility.PLATFORM,
            data={"group": group.pk, "meeting": meeting.pk},
        )


@transaction.atomic
def load_activity_examples(edition: Edition) -> None:
    """Give every demo group that exists its activities, and every active one its reports for
    the past meetings after the first."""
    meetings = list(
        edition.meetings.filter(
            status=MeetingStatus.PUBLISHED, ends_at__lt=timezone.now()
        ).order_by("starts_at")
    )[1:]
    for group in LearningGroup.objects.filter(edition=edition, name__in=list(ACTIVITIES)):
        if group.status != GroupStatus.CLOSED:
            _log_activities(group, ACTIVITIES[group.name])
        if group.status == GroupStatus.ACTIVE:
            _write_reports(group, meetings, REPORTS.get(group.name, []))
