"""Learning groups for the demo edition: four Dutch groups on the seed's themes, active, with the
demo's participants spread over them (each in one group), coordinators, and one group that
decides on requests with a request still waiting. All people are fictional (demo/edition.py).

The lead calls `load_group_examples(edition)` from the demo loader. It is idempotent: a group
that already exists (by name) is left as it is, and nobody joins twice. Everything goes through
the services, so that the ledger shows the groups being started and joined.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from leerplatform.accounts.models import User
from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Edition, Role
from leerplatform.groups.models import (
    GroupMembership,
    GroupStatus,
    JoinPolicy,
    JoinRequest,
    JoinRequestStatus,
    LearningGroup,
)
from leerplatform.groups.services import groups as services


@dataclass(frozen=True)
class DemoGroup:
    name: str
    themes: tuple[str, ...]
    starter: str  # becomes the first coordinator
    members: tuple[str, ...]
    description: str
    join_policy: str = JoinPolicy.OPEN
    max_size: int | None = None
    workplan_visibility: str = Visibility.GROUP
    activities_visibility: str = Visibility.GROUP
    coordinators: tuple[str, ...] = ()  # besides the starter
    waiting: tuple[tuple[str, str], ...] = field(default=())  # (email, message): pending requests


GROUPS = [
    DemoGroup(
        name="Werkgeluk in teams",
        themes=("Teamontwikkeling", "Werkdruk en werkgeluk"),
        starter="deelnemer@example.org",
        members=("anouk.devries@example.org", "floor.smit@example.org"),
        description=(
            "Hoe houden teams in het hbo het werk leuk en de werkdruk hanteerbaar? We verzamelen "
            "wat al werkt op onze hogescholen en proberen samen met twee teams een aanpak uit.\n\n"
            "- goede voorbeelden van teamafspraken over bereikbaarheid en piekbelasting\n"
            "- een gesprekskaart *werkgeluk* voor teamleiders\n"
            "- intervisie over onze eigen rol als HR-adviseur"
        ),
        max_size=6,
        workplan_visibility=Visibility.PLATFORM,
        activities_visibility=Visibility.PLATFORM,
        coordinators=("anouk.devries@example.org",),
    ),
    DemoGroup(
        name="Leven lang ontwikkelen in de praktijk",
        themes=("Levenlang leren", "Professionaliseren"),
        starter="bram.jansen@example.org",
        members=("esra.yilmaz@example.org", "joke.meijer@example.org"),
        description=(
            "Van loopbaangesprek tot ontwikkelbudget: wat maakt dat medewerkers van hogescholen "
            "blijven leren, ook na tien of twintig jaar in dezelfde functie? We vergelijken het "
            "beleid van onze hogescholen met wat medewerkers er in de praktijk van merken."
        ),
        workplan_visibility=Visibility.PLATFORM,
    ),
    DemoGroup(
        name="Leiders die leren",
        themes=("Het leren van leiders",),
        starter="chantal.bakker@example.org",
        members=("gijs.mulder@example.org", "ivo.bos@example.org"),
        description=(
            "Leidinggevenden die zelf leren, maken leren in hun team gewoon. We onderzoeken hoe "
            "we teamleiders en directeuren kunnen ondersteunen in hun eigen ontwikkeling, met "
            "actieleren op een vraagstuk uit ieders hogeschool.\n\n"
            "We werken in een vertrouwelijke setting; wie aansluit, vragen we kort te vertellen "
            "wat hij of zij wil brengen."
        ),
        join_policy=JoinPolicy.REQUEST,
        max_size=5,
        waiting=(
            (
                "karim.elamrani@example.org",
                "Ik begeleid bij ons een leiderschapsprogramma voor teamleiders en wil graag "
                "leren hoe jullie dat aanpakken. Ik kan onze ervaringen met 360-gradenfeedback "
                "inbrengen.",
            ),
        ),
    ),
    DemoGroup(
        name="Talent zichtbaar maken",
        themes=("Talentontwikkeling",),
        starter="dirk.visser@example.org",
        members=("hanna.degroot@example.org",),
        description=(
            "Welke talenten hebben onze medewerkers die we niet zien? We proberen een eenvoudige "
            "*talentenscan* uit in een paar teams en delen wat het oplevert."
        ),
        max_size=8,
    ),
]


def _people(emails: list[str]) -> dict[str, User]:
    return {user.email: user for user in User.objects.filter(email__in=emails)}


def _facilitator(edition: Edition) -> User | None:
    membership = (
        edition.memberships.filter(role=Role.FACILITATOR, left_at__isnull=True)
        .select_related("user")
        .order_by("joined_at", "pk")
        .first()
    )
    return membership.user if membership else None


@transaction.atomic
def load_group_examples(edition: Edition) -> list[LearningGroup]:
    """Create the demo's learning groups where they do not exist yet; returns all four."""
    emails = [
        email
        for demo in GROUPS
        for email in (demo.starter, *demo.members, *(e for e, _message in demo.waiting))
    ]
    people = _people(emails)
    themes = {theme.title: theme for theme in edition.themes.all()}
    facilitator = _facilitator(edition)
    result = []
    for demo in GROUPS:
        group = LearningGroup.objects.filter(edition=edition, name=demo.name).first()
        if group is None:
            group = _create(edition, demo, people, themes, facilitator)
        if group is not None:
            result.append(group)
    return result


def _create(edition, demo: DemoGroup, people: dict, themes: dict, facilitator):
    starter = people.get(demo.starter)
    chosen = [themes[title] for title in demo.themes if title in themes]
    if starter is None or not chosen:
        return None
    group = services.start_group(
        edition=edition,
        actor=starter,
        name=demo.name,
        description=demo.description,
        themes=chosen,
        join_policy=demo.join_policy,
        max_size=demo.max_size,
        workplan_visibility=demo.workplan_visibility,
        activities_visibility=demo.activities_visibility,
    )
    for email in demo.members:
        person = people.get(email)
        if person is None or _is_in_a_group(person, edition):
            continue
        if demo.join_policy == JoinPolicy.OPEN:
            services.join_group(group=group, user=person)
        else:
            # Asked, and the coordinator said yes: the way in for a group that decides.
            join_request = services.request_to_join(
                group=group,
                user=person,
                message="Graag! Ik wil hier meer over leren.",
            )
            services.decide_join_request(join_request=join_request, accept=True, actor=starter)
    for email in demo.coordinators:
        person = people.get(email)
        if (
            person is not None
            and GroupMembership.objects.active().filter(group=group, user=person).exists()
        ):
            services.set_coordinator(group=group, person=person, is_coordinator=True, actor=starter)
    services.change_group(
        group=group,
        actor=facilitator or starter,
        name=group.name,
        description=group.description,
        themes=chosen,
        join_policy=group.join_policy,
        max_size=group.max_size,
        status=GroupStatus.ACTIVE,
        workplan_visibility=group.workplan_visibility,
        activities_visibility=group.activities_visibility,
    )
    for email, message in demo.waiting:
        person = people.get(email)
        if person is None or _is_in_a_group(person, edition):
            continue
        if not JoinRequest.objects.filter(
            group=group, user=person, status=JoinRequestStatus.PENDING
        ).exists():
            services.request_to_join(group=group, user=person, message=message)
    group.refresh_from_db()
    return group


def _is_in_a_group(person: User, edition: Edition) -> bool:
    return GroupMembership.objects.active().filter(user=person, group__edition=edition).exists()
