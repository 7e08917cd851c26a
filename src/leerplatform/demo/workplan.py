"""Work plans for the demo edition: each demo learning group gets two or three Dutch versions
written by different members, the second one agreed by a coordinator. All people are fictional
(see demo/edition.py).

The lead calls `load_workplan_examples(edition)` after the groups demo. It is idempotent: a group
that already has a version is left alone. Saving and agreeing go through the services (so the
ledger shows who wrote the plan); afterwards the versions are dated as they would have been in
the edition's year, since the services date everything now.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from leerplatform.accounts.models import User
from leerplatform.editions.models import Edition
from leerplatform.groups.models import GroupMembership, LearningGroup, WorkPlanVersion
from leerplatform.groups.services import workplan as services

# Per group: the first version in full, then the parts that change in the second and third.
PLANS: dict[str, list[dict[str, str]]] = {
    "Werkgeluk in teams": [
        {
            "ambition": (
                "We willen dat werkgeluk in onze hogescholen een gesprek **in het team** wordt, "
                "niet alleen een cijfer uit het medewerkersonderzoek."
            ),
            "desired_result": (
                "Een gesprekskaart voor teamleiders met vragen over werkdruk en werkplezier, "
                "getest in minstens drie teams."
            ),
            "approach": (
                "We verzamelen goede voorbeelden uit onze eigen hogescholen en bespreken die "
                "in intervisie. Daarna maken we samen een eerste versie van de kaart."
            ),
            "time_investment": "Ongeveer vier uur per maand per persoon, plus de bijeenkomsten.",
            "communication": (
                "Elke twee weken een online overleg van een uur; stukken delen we in de "
                "discussies van de leergroep."
            ),
            "other_agreements": (
                "Wat collega's ons vertellen over hun team blijft in de groep. We noemen geen "
                "namen van teams buiten de groep."
            ),
            "planned_activities": (
                "- september: goede voorbeelden verzamelen\n"
                "- oktober: intervisie met de incidentmethode\n"
                "- november: eerste versie van de gesprekskaart"
            ),
        },
        {
            "desired_result": (
                "Een gesprekskaart voor teamleiders met vragen over werkdruk en werkplezier, "
                "getest in minstens drie teams, en een korte handleiding voor HR-adviseurs."
            ),
            "planned_activities": (
                "- september: goede voorbeelden verzamelen\n"
                "- oktober: intervisie met de incidentmethode\n"
                "- november: eerste versie van de gesprekskaart\n"
                "- januari: werkbezoek aan een team met *stille uren*"
            ),
        },
        {
            "time_investment": (
                "Vier uur per maand per persoon. In januari en februari (testen in de teams) "
                "reken we op zes uur."
            ),
            "communication": (
                "Elke twee weken een online overleg van een uur; stukken delen we in de "
                "discussies van de leergroep. Anouk maakt na elk overleg een korte actielijst."
            ),
        },
    ],
    "Leven lang ontwikkelen in de praktijk": [
        {
            "ambition": (
                "We willen begrijpen waarom ontwikkelbudgetten op hogescholen zo vaak blijven "
                "liggen, en wat medewerkers wél helpt om ze te gebruiken."
            ),
            "desired_result": (
                "Een vergelijking van het beleid van onze hogescholen en drie concrete "
                "aanbevelingen voor HR."
            ),
            "approach": (
                "Ieder vult een vast format in voor de eigen hogeschool. We vergelijken de "
                "uitkomsten en toetsen onze conclusies bij medewerkers van ondersteunende diensten."
            ),
            "time_investment": "Drie uur per maand per persoon.",
            "communication": "Een overleg na elke bijeenkomst van het leerplatform, verder per mail.",
            "other_agreements": "Cijfers van onze hogescholen delen we alleen binnen de groep.",
            "planned_activities": (
                "- oktober: format invullen\n- december: vergelijking bespreken\n"
                "- maart: aanbevelingen presenteren"
            ),
        },
        {
            "approach": (
                "Ieder vult een vast format in voor de eigen hogeschool. We vergelijken de "
                "uitkomsten en houden per hogeschool twee korte interviews met medewerkers van "
                "ondersteunende diensten."
            ),
            "other_agreements": (
                "Cijfers van onze hogescholen delen we alleen binnen de groep. In de "
                "presentatie noemen we geen hogescholen bij naam."
            ),
        },
    ],
    "Leiders die leren": [
        {
            "ambition": (
                "We willen leidinggevenden in het hbo helpen om zelf zichtbaar te leren, zodat "
                "hun teams dat ook durven."
            ),
            "desired_result": "Een opzet voor een leergang van vier bijeenkomsten voor leidinggevenden.",
            "approach": "Actieleren: ieder neemt een eigen vraagstuk mee uit de eigen hogeschool.",
            "time_investment": "Een dagdeel per maand.",
            "communication": "We plannen de data voor het hele jaar vooraf.",
            "other_agreements": "Wat in de groep besproken wordt, blijft in de groep.",
            "planned_activities": "- november: gastspreker over leiderschap en leren",
        },
        {
            "desired_result": (
                "Een opzet voor een leergang van vier bijeenkomsten voor leidinggevenden, "
                "besproken met twee directeuren."
            ),
            "planned_activities": (
                "- november: gastspreker over leiderschap en leren\n"
                "- februari: opzet leergang bespreken met directeuren"
            ),
        },
        {
            "approach": (
                "Actieleren: ieder neemt een eigen vraagstuk mee uit de eigen hogeschool. "
                "Na drie rondes kiezen we de vraagstukken die de leergang moet behandelen."
            ),
        },
    ],
}

GENERIC = [
    {
        "ambition": "We willen van elkaars aanpak leren en samen iets maken dat we thuis gebruiken.",
        "desired_result": "Een set goede voorbeelden uit onze hogescholen.",
        "approach": "Voorbeelden verzamelen, bespreken in intervisie en samen uitwerken.",
        "time_investment": "Drie tot vier uur per maand per persoon.",
        "communication": "Een online overleg per maand; stukken in de discussies van de groep.",
        "other_agreements": "Wat we over onze eigen hogeschool vertellen, blijft in de groep.",
        "planned_activities": "- voorbeelden verzamelen\n- intervisie\n- presentatie op de slotbijeenkomst",
    },
    {
        "desired_result": (
            "Een set goede voorbeelden uit onze hogescholen, met per voorbeeld wat het "
            "opleverde en wat het kostte."
        ),
    },
]


def _members(group: LearningGroup) -> tuple[list[User], User | None]:
    memberships = list(
        GroupMembership.objects.active()
        .filter(group=group)
        .select_related("user")
        .order_by("-is_coordinator", "joined_at", "pk")
    )
    coordinator = next((m.user for m in memberships if m.is_coordinator), None)
    return [m.user for m in memberships], coordinator


def _when(edition: Edition, days: int) -> dt.datetime:
    moment = timezone.make_aware(
        dt.datetime.combine(edition.starts_on + dt.timedelta(days=days), dt.time(20, 15))
    )
    return min(moment, timezone.now())


@transaction.atomic
def load_workplan_examples(edition: Edition) -> None:
    """Give each of the edition's learning groups without a plan a few versions of one."""
    groups = LearningGroup.objects.filter(edition=edition, workplan_versions__isnull=True)
    for group in groups.order_by("pk"):
        people, coordinator = _members(group)
        if not people:
            continue
        plan = PLANS.get(group.name, GENERIC)
        texts: dict[str, str] = {}
        saved: list[WorkPlanVersion] = []
        for index, changes in enumerate(plan):
            texts = texts | changes
            author = people[index % len(people)]
            version = services.save_workplan(
                group=group, author=author, base_number=len(saved), parts=texts
            )
            if version is None:
                continue
            saved.append(version)
            if index == 1 and coordinator is not None:
                services.agree_workplan(version=version, actor=coordinator)
        # Dated within the edition: the first in June, the next a fortnight later (agreed two
        # days after), a third in the autumn.
        for version, days in zip(saved, (50, 64, 170), strict=False):
            WorkPlanVersion.objects.filter(pk=version.pk).update(created_at=_when(edition, days))
        WorkPlanVersion.objects.filter(group=group, agreed_at__isnull=False).update(
            agreed_at=_when(edition, 66)
        )
