"""Demo examples of continuing in another form (fictional people only).

The demo edition itself is still running, so it cannot be continued. Beside it this loader adds
the platform's pilot, "HRD Leerplatform pilot 2018" (closed, unpublished: only its members see
it), with Pim Projectadviseur as its facilitator and Daan Deelnemer, Anouk, Bram and Chantal as
participants in two learning groups. Pim continued it into "HRD Leerplatform pilot 2018 – vervolg"
(in orientation) with one of the groups: Anouk continues in her group, Bram does not, and Daan's
invitation is still open, so that the demo participant sees it on the pilot's dashboard and can
answer it at /editions/hrd-pilot-2018-vervolg/continue/answer/.

Idempotent: a second call adds nothing.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from leerplatform.accounts.models import User
from leerplatform.editions.models import ContinuationInvitation, Edition, Phase, Role, Theme
from leerplatform.editions.services import add_member, change_phase
from leerplatform.groups.models import LearningGroup
from leerplatform.groups.services import groups as group_services
from leerplatform.groups.services.workplan import agree_workplan, save_workplan
from leerplatform.membership.services.agreements import accept_agreements, publish_agreements
from leerplatform.showcase.services import continuation as services

PILOT_SLUG = "hrd-pilot-2018"
NEW_SLUG = "hrd-pilot-2018-vervolg"
FACILITATOR = "projectadviseur@example.org"
PARTICIPANTS = [
    "deelnemer@example.org",
    "anouk.devries@example.org",
    "bram.jansen@example.org",
    "chantal.bakker@example.org",
]
AGREEMENTS = """\
- We delen wat we leren, ook wat (nog) niet lukt.
- Wat in een leergroep gedeeld wordt, blijft in de leergroep, tenzij we samen anders besluiten.
- We komen naar de bijeenkomsten en melden het tijdig als dat niet lukt.
- Producten delen we met het veld onder een open licentie, met toestemming van alle auteurs.
"""


def _people() -> tuple[User, list[User]] | None:
    by_email = {u.email: u for u in User.objects.filter(email__in=[FACILITATOR, *PARTICIPANTS])}
    if FACILITATOR not in by_email or any(email not in by_email for email in PARTICIPANTS):
        return None
    return by_email[FACILITATOR], [by_email[email] for email in PARTICIPANTS]


def _forget(*users: User) -> None:
    for user in users:
        user.__dict__.pop("_edition_roles", None)
        user.__dict__.pop("_group_roles", None)


def _pilot(edition: Edition, facilitator: User, participants: list[User]) -> Edition:
    pilot = Edition.objects.create(
        name="HRD Leerplatform pilot 2018",
        slug=PILOT_SLUG,
        tagline="De eerste, kleine editie: vier thema's, twee leergroepen.",
        description=(
            "In 2018 verkenden HRD-professionals van vier hogescholen of een leerplatform werkt. "
            "Deze pilot is afgesloten; de opbrengsten en het archief blijven leesbaar."
        ),
        starts_on=dt.date(2018, 2, 1),
        ends_on=dt.date(2018, 12, 14),
        phase=Phase.BUILDING,
        is_published=False,
        criteria=edition.criteria,
        min_years_of_experience=edition.min_years_of_experience,
        expected_work_level=edition.expected_work_level,
        groups_started_by="facilitators",
        max_groups_per_person=1,
    )
    titles = list(
        Theme.objects.filter(edition=edition)
        .order_by("position")
        .values_list("title", "description")[:4]
    )
    Theme.objects.bulk_create(
        Theme(edition=pilot, position=i, title=title, description=description)
        for i, (title, description) in enumerate(titles, start=1)
    )
    add_member(edition=pilot, user=facilitator, role=Role.FACILITATOR)
    for person in participants:
        add_member(edition=pilot, user=person, role=Role.PARTICIPANT, actor=facilitator)
    agreement = publish_agreements(edition=pilot, text=AGREEMENTS, actor=facilitator)
    for person in participants:
        accept_agreements(agreement=agreement, user=person)
    _forget(facilitator, *participants)
    themes = list(Theme.objects.filter(edition=pilot).order_by("position"))
    werkgeluk = group_services.start_group(
        edition=pilot,
        actor=facilitator,
        name="Werkgeluk in het hbo",
        description="Wat maakt dat collega's in het hbo met plezier en energie werken?",
        themes=themes[-1:],
    )
    leiders = group_services.start_group(
        edition=pilot,
        actor=facilitator,
        name="Leren van leidinggevenden",
        description="Hoe leren leidinggevenden, en hoe ondersteunt HRD dat?",
        themes=themes[:1],
    )
    _forget(facilitator)
    daan, anouk, bram, chantal = participants
    for group, members in ((werkgeluk, [daan, anouk]), (leiders, [bram, chantal])):
        for person in members:
            group_services.assign_member(group=group, person=person, actor=facilitator)
        group_services.set_coordinator(
            group=group, person=members[0], is_coordinator=True, actor=facilitator
        )
        _forget(*members)
    version = save_workplan(
        group=werkgeluk,
        author=anouk,
        base_number=0,
        parts={
            "ambition": "Zicht krijgen op wat werkgeluk in onze teams voedt.",
            "desired_result": "Een gesprekskaart werkgeluk voor teams.",
            "approach": "Intervisie en twee werkbezoeken.",
        },
    )
    _forget(daan)
    assert version is not None  # a first plan is always saved
    agree_workplan(version=version, actor=daan)
    change_phase(edition=pilot, phase=Phase.CLOSED, actor=facilitator)
    pilot.refresh_from_db()
    return pilot


@transaction.atomic
def load_continuation_examples(edition: Edition) -> Edition | None:
    """The closed pilot and its continuation (see the module's docstring); returns the new
    edition, or None when the demo people are missing."""
    existing = Edition.objects.filter(slug=NEW_SLUG).first()
    if existing is not None:
        return existing
    people = _people()
    if people is None:
        return None
    facilitator, participants = people
    pilot = Edition.objects.filter(slug=PILOT_SLUG).first() or _pilot(
        edition, facilitator, participants
    )
    _forget(facilitator, *participants)
    new = services.continue_edition(
        edition=pilot,
        actor=facilitator,
        name="HRD Leerplatform pilot 2018 – vervolg",
        slug=NEW_SLUG,
        starts_on=dt.date(2019, 1, 15),
        ends_on=dt.date(2019, 6, 28),
        groups=LearningGroup.objects.filter(edition=pilot, name="Werkgeluk in het hbo"),
    )
    _daan, anouk, bram, _chantal = participants
    carried = LearningGroup.objects.get(edition=new, name="Werkgeluk in het hbo")
    services.answer_continuation(
        invitation=ContinuationInvitation.objects.get(edition=new, user=anouk),
        actor=anouk,
        continues=True,
        groups=[carried],
    )
    services.answer_continuation(
        invitation=ContinuationInvitation.objects.get(edition=new, user=bram),
        actor=bram,
        continues=False,
    )
    return new
