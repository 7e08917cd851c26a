"""The demo edition: the seed's HRD Leerplatform 2019–2020, with fictional people only.

Loading is idempotent: it creates what is missing and leaves existing rows (and their changes) alone.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from leerplatform.accounts.models import Institution, User, WorkLevel
from leerplatform.core.models import ActivityEntry
from leerplatform.demo.activities import load_activity_examples
from leerplatform.demo.contacts import load_contact_examples
from leerplatform.demo.continuation import load_continuation_examples
from leerplatform.demo.discussions import load_discussion_examples
from leerplatform.demo.evaluation import load_evaluation_examples
from leerplatform.demo.groups import load_group_examples
from leerplatform.demo.journal import load_journal_examples
from leerplatform.demo.library import load_library_examples
from leerplatform.demo.meetings import load_attendance_examples, load_meeting_examples
from leerplatform.demo.notifications import load_notification_examples
from leerplatform.demo.outputs import load_outputs_examples
from leerplatform.demo.proposals import load_proposal_examples
from leerplatform.demo.reports import load_report_examples
from leerplatform.demo.workplan import load_workplan_examples
from leerplatform.editions import services
from leerplatform.editions.models import Edition, Phase, Role, Theme
from leerplatform.meetings.models import Meeting, MeetingKind, MeetingStatus
from leerplatform.membership.models import ApplicationStatus
from leerplatform.membership.services import agreements, applications, invitations

DEMO_PASSWORD = "leerplatform-demo"
DEMO_SLUG = "hrd-leerplatform-2019-2020"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")

DESCRIPTION = """\
Speciaal voor HRD-deskundigen in het hbo is er een platform opgericht om van elkaar te leren.
Doel van het leerplatform is om met elkaar onderwerpen en vraagstukken uit de HRD-praktijk van
hogescholen uit te diepen, van elkaar te leren en elkaar te inspireren. Vernieuwingen in het
vakgebied en de ontwikkelingen op de hogescholen staan daarbij centraal.

Het is een platform:

- voor de eigen professionele ontwikkeling;
- om kennis en inspiratie op te doen;
- om gezamenlijk praktijkvraagstukken te onderzoeken en oplossingen te vinden;
- om samen best practices te ontwikkelen;
- met ruimte om te verdiepen van en naar de eigen praktijk.

**Voor wie?** Professionals in het hbo die zich actief bezighouden met de ontwikkeling en
professionalisering van medewerkers, teams en organisaties, met minimaal vijf jaar ervaring in het
werkveld, werkzaam op tactisch niveau (beleidsvorming, verandermanagement, HRD-projecten).

**Opzet.** Vier bijeenkomsten van een dag. Elke bijeenkomst start met een plenaire werkplaats over
één HRD-thema, waarvoor deelnemers zelf sprekers en werkvormen aandragen. Daarna werken de
leergroepen; aan het eind presenteren zij hun vorderingen plenair. In de slotbijeenkomst worden de
opbrengsten met het werkveld gedeeld.
"""

CRITERIA = """\
Het leerplatform is voor professionals in het hbo die zich actief bezighouden met de ontwikkeling en
professionalisering van medewerkers, teams en organisaties.

- minimaal **5 jaar ervaring** in het werkveld;
- werkzaam op **tactisch niveau**: beleidsvorming, verandermanagement, projecten op HRD-gebied (al dan
  niet in combinatie met operationele verantwoordelijkheden);
- werkzaam bij een **hogeschool**.

Functietitels zijn minder bepalend; voorbeelden zijn HR-adviseur, HR-manager, HRD-adviseur of
loopbaanadviseur. De facilitatoren beoordelen de aanmeldingen.
"""

AGREEMENTS = """\
## Samenwerkingsafspraken

We leren in een **open en vertrouwde sfeer**. Daarom spreken we af:

1. **Brengen en halen in balans.** Iedereen deelt kennis en ervaring en haalt er ook iets uit.
2. **Vertrouwelijkheid.** Wat in een leergroep vertrouwelijk wordt gedeeld, blijft in die groep.
   Casussen uit de eigen hogeschool bespreken we zonder namen van collega's.
3. **Eigenaarschap.** Leergroepen bepalen zelf hun ambitie, aanpak en werkvormen, en doen bij elke
   bijeenkomst verslag van hun voortgang.
4. **Aanwezigheid.** We zijn bij de bijeenkomsten; wie niet kan, meldt zich af.
5. **Delen met het werkveld.** Opbrengsten die de groep openbaar maakt, mogen met bronvermelding
   worden gedeeld; bij de slotbijeenkomst tonen we ze aan het werkveld.
6. **Aandacht voor elkaar.** We hebben oog voor ieders belangen, wensen, inbreng en communicatie.
"""

THEMES = [
    ("Professionaliseren", "De professionalisering van medewerkers en teams in het hbo."),
    ("Levenlang leren", "Leren en ontwikkelen gedurende de hele loopbaan."),
    ("Rol van HR", "De veranderende rol en positie van HR(D) binnen de hogeschool."),
    ("Innovaties in leren", "Nieuwe vormen van leren, ook informeel en digitaal."),
    ("Het leren van leiders", "Hoe leidinggevenden leren en het leren van anderen ondersteunen."),
    ("Teamontwikkeling", "Teams die samen leren en zich ontwikkelen."),
    ("Werkdruk en werkgeluk", "Duurzame inzetbaarheid: werkdruk verminderen, werkgeluk vergroten."),
    ("Talentontwikkeling", "Talenten zien, benutten en ontwikkelen."),
]

# (title, date, theme position, kind)
MEETINGS = [
    ("Eerste bijeenkomst: kennismaken en leergroepen vormen", dt.date(2019, 5, 23), 0, MeetingKind.REGULAR),
    ("Tweede bijeenkomst", dt.date(2019, 10, 10), 3, MeetingKind.REGULAR),
    ("Derde bijeenkomst", dt.date(2020, 2, 6), 6, MeetingKind.REGULAR),
    ("Slotbijeenkomst: opbrengsten delen met het werkveld", dt.date(2020, 5, 14), 7, MeetingKind.CLOSING),
]  # fmt: skip

VENUES = [
    ("Vergadercentrum De Leerplaats (fictief)", "Voorbeeldstraat 1, Utrecht"),
    ("Congreszaal Het Netwerk (fictief)", "Proeflaan 12, Amersfoort"),
]


@dataclass(frozen=True)
class DemoPerson:
    email: str
    name: str
    institution: str
    job_title: str
    years: int
    level: str
    role: str = Role.PARTICIPANT


PEOPLE = [
    DemoPerson("facilitator@example.org", "Fenna Faciliteerder (fictief)", "", "Programmamanager", 15, WorkLevel.STRATEGIC, Role.FACILITATOR),
    DemoPerson("projectadviseur@example.org", "Pim Projectadviseur (fictief)", "", "Projectadviseur", 8, WorkLevel.TACTICAL, Role.FACILITATOR),
    DemoPerson("deelnemer@example.org", "Daan Deelnemer (fictief)", "Hogeschool Utrecht", "HRD-adviseur", 9, WorkLevel.TACTICAL),
    DemoPerson("anouk.devries@example.org", "Anouk de Vries (fictief)", "Fontys Hogescholen", "HR-adviseur", 7, WorkLevel.TACTICAL),
    DemoPerson("bram.jansen@example.org", "Bram Jansen (fictief)", "Hogeschool van Amsterdam", "Loopbaanadviseur", 12, WorkLevel.TACTICAL),
    DemoPerson("chantal.bakker@example.org", "Chantal Bakker (fictief)", "Hogeschool Rotterdam", "HR-manager", 14, WorkLevel.STRATEGIC),
    DemoPerson("dirk.visser@example.org", "Dirk Visser (fictief)", "Hanzehogeschool Groningen", "HRD-adviseur", 6, WorkLevel.TACTICAL),
    DemoPerson("esra.yilmaz@example.org", "Esra Yılmaz (fictief)", "Avans Hogeschool", "Adviseur leren en ontwikkelen", 8, WorkLevel.TACTICAL),
    DemoPerson("floor.smit@example.org", "Floor Smit (fictief)", "Saxion", "HR-adviseur", 5, WorkLevel.TACTICAL),
    DemoPerson("gijs.mulder@example.org", "Gijs Mulder (fictief)", "Zuyd Hogeschool", "Beleidsadviseur HRD", 11, WorkLevel.TACTICAL),
    DemoPerson("hanna.degroot@example.org", "Hanna de Groot (fictief)", "De Haagse Hogeschool", "HRD-adviseur", 4, WorkLevel.OPERATIONAL),
    DemoPerson("ivo.bos@example.org", "Ivo Bos (fictief)", "NHL Stenden Hogeschool", "Teamleider HR", 10, WorkLevel.TACTICAL),
    DemoPerson("joke.meijer@example.org", "Joke Meijer (fictief)", "Hogeschool Windesheim", "Loopbaanadviseur", 16, WorkLevel.TACTICAL),
    DemoPerson("karim.elamrani@example.org", "Karim El Amrani (fictief)", "Hogeschool Inholland", "HR-adviseur", 7, WorkLevel.TACTICAL),
]  # fmt: skip

# Applicants waiting for a decision: (email, name, institution, job, years, level, status)
APPLICANTS = [
    ("lotte.vanleeuwen@example.org", "Lotte van Leeuwen (fictief)", "Hogeschool Leiden", "HRD-adviseur", 8, WorkLevel.TACTICAL, "submitted"),
    ("mees.dekker@example.org", "Mees Dekker (fictief)", "Breda University of Applied Sciences", "Medewerker P&O", 3, WorkLevel.OPERATIONAL, "submitted"),
    ("nora.hendriks@example.org", "Nora Hendriks (fictief)", "", "Trainer leiderschap", 12, WorkLevel.TACTICAL, "submitted"),
    ("otto.kramer@example.org", "Otto Kramer (fictief)", "Hotelschool The Hague", "Loopbaanadviseur", 9, WorkLevel.TACTICAL, "waitlisted"),
]  # fmt: skip

INVITEES = [("pien.vos@example.org", "Pien Vos (fictief)", "Aeres Hogeschool")]

# Participants who have not yet accepted the agreements (they are asked at their next visit).
NOT_YET_ACCEPTED = {"karim.elamrani@example.org"}

DEMO_LOGINS = [("facilitator@example.org", "facilitator"), ("deelnemer@example.org", "participant")]


def _aware(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=AMSTERDAM)


@transaction.atomic
def load_demo() -> Edition:
    """Create the demo edition, its themes, meetings and people where they do not exist yet."""
    edition, created = Edition.objects.get_or_create(
        slug=DEMO_SLUG,
        defaults={
            "name": "HRD Leerplatform 2019–2020",
            "tagline": "Een levend netwerk van HRD'ers uit het hbo die van en met elkaar leren.",
            "description": DESCRIPTION,
            "starts_on": dt.date(2019, 5, 1),
            "ends_on": dt.date(2020, 5, 31),
            "phase": Phase.CONSOLIDATION,
            "max_participants": 30,
            "applications_open": True,
            "criteria": CRITERIA,
        },
    )
    if created:
        # Only with a new edition: a theme renamed since the last load must not come back twice.
        Theme.objects.bulk_create(
            Theme(edition=edition, position=position, title=title, description=description)
            for position, (title, description) in enumerate(THEMES, start=1)
        )
    themes = list(edition.themes.all())
    if created:
        for index, (title, day, theme_index, kind) in enumerate(MEETINGS):
            venue_name, venue_address = VENUES[index % len(VENUES)]
            Meeting.objects.create(
                edition=edition,
                title=title,
                starts_at=_aware(day, 9, 30),
                ends_at=_aware(day, 16, 30),
                venue_name=venue_name,
                venue_address=venue_address,
                kind=kind,
                theme=themes[theme_index],
                status=MeetingStatus.PUBLISHED,
                description=(
                    f"Plenaire werkplaats over het thema *{themes[theme_index].title}*, daarna werken de leergroepen "
                    "en sluiten we af met de plenaire presentaties van hun vorderingen."
                ),
            )
    institutions = _ensure_institutions()
    for index, person in enumerate(PEOPLE):
        user = User.objects.filter(email=person.email).first()
        if user is None:
            user = User.objects.create_user(
                email=person.email,
                password=DEMO_PASSWORD,
                name=person.name,
                institution=institutions.get(person.institution),
                job_title=person.job_title,
                years_of_experience=person.years,
                work_level=person.level,
            )
            if themes:
                user.expertise.set([themes[index % len(themes)], themes[(index + 3) % len(themes)]])
            EmailAddress.objects.get_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )
        if not user.memberships.filter(edition=edition).exists():
            services.add_member(edition=edition, user=user, role=person.role, actor=None)
    if created:
        _load_membership_examples(edition, themes, institutions)
        _load_meeting_examples(edition)
        _load_group_examples(edition)
        _load_library_examples(edition)
        _load_reflection_and_output_examples(edition)
    load_contact_examples(edition)
    return edition


def _load_group_examples(edition: Edition) -> None:
    """Four learning groups with work plans, activities, progress reports and discussions."""
    load_group_examples(edition)
    load_workplan_examples(edition)
    load_activity_examples(edition)
    load_discussion_examples(edition)


def _load_library_examples(edition: Edition) -> None:
    """Documents with files and versions, some for a group only, one in the bin. Everything the
    demo makes goes through services and signals, which keep the search index complete (a test
    checks it against a rebuild); the files' text is read after the commit, as for any upload."""
    load_library_examples(edition)


def _load_reflection_and_output_examples(edition: Edition) -> None:
    """Reflections and evaluations after the meetings, outputs published with every author's
    consent (and one still waiting for the demo participant's), and a published closing report
    made from all of it — so it comes last."""
    load_journal_examples(edition)
    load_evaluation_examples(edition)
    load_outputs_examples(edition)
    _date_the_ledger(edition)
    load_report_examples(edition)
    # Continuing in another form: a closed pilot edition and its continuation, so that the
    # invitation to continue and the archive of a closed edition can be seen too.
    load_continuation_examples(edition)
    # Last, so that it sees everything the demo's services told people.
    load_notification_examples(edition)


# Meeting events, relative to the meeting's day: publishing it, registering, being there,
# reflecting on it and evaluating it afterwards.
_MEETING_EVENT_DAYS = {
    "meeting_published": -60,
    "call_opened": -45,
    "registered": -20,
    "unregistered": -10,
    "attended": 0,
    "reflected": 1,
    "reflection_shared": 1,
    "evaluated": 1,
}
# The attribute that says when a target came about, in order of preference.
_WHEN_ATTRIBUTES = ("submitted_at", "proposed_at", "date", "created_at", "joined_at")


def _date_the_ledger(edition: Edition) -> None:
    """Date the demo's ledger rows at the moments their events happened in 2019–2020.

    The demo makes its history in one go, so every ledger row would carry the moment of loading
    and "bringing and taking per meeting period" would show everything after the last meeting.
    Each row gets the date of its target instead (the document added, the report written, the
    meeting attended …). This is the demo writing its own past when it is made — the one place
    that sets a ledger time; the ledger stays append-only for everything else."""
    loaded_at = timezone.now() - dt.timedelta(hours=1)
    rows = list(
        ActivityEntry.objects.filter(edition=edition, created_at__gte=loaded_at)
        .exclude(target_type=None)
        .values_list("id", "verb", "target_type_id", "target_id")
    )
    ids_by_type = defaultdict(set)
    for _, _, type_id, target_id in rows:
        ids_by_type[type_id].add(target_id)
    targets = {}
    for type_id, ids in ids_by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        pks = [int(i) for i in ids if str(i).isdigit()]
        for pk, obj in cast(Any, model).objects.in_bulk(pks).items():
            targets[(type_id, str(pk))] = obj
    updates = []
    for entry_id, verb, type_id, target_id in rows:
        obj = targets.get((type_id, target_id))
        when = None
        if isinstance(obj, Meeting):
            when = obj.starts_at + dt.timedelta(days=_MEETING_EVENT_DAYS.get(verb, 0))
        elif obj is not None:
            for attribute in _WHEN_ATTRIBUTES:
                value = getattr(obj, attribute, None)
                if isinstance(value, dt.datetime):
                    when = value
                    break
                if isinstance(value, dt.date):
                    when = timezone.make_aware(dt.datetime.combine(value, dt.time(14, 0)))
                    break
        if when is not None and when < loaded_at:
            updates.append((connection.ops.adapt_datetimefield_value(when), entry_id))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {ActivityEntry._meta.db_table} SET created_at = %s WHERE id = %s",  # noqa: S608
            updates,
        )


def _load_meeting_examples(edition: Edition) -> None:
    """Programmes, calls with proposals, and who came to the meetings."""
    load_meeting_examples(edition)
    load_proposal_examples(edition)
    load_attendance_examples(edition)


def _ensure_institutions() -> dict[str, Institution]:
    """The hogescholen by name; loaded from the data file if the table was emptied (the data
    migration normally did it, but a flushed test database has none)."""
    institutions = {i.name: i for i in Institution.objects.all()}
    if not institutions:
        data = Path(__file__).resolve().parents[1] / "accounts" / "data" / "hogescholen.txt"
        names = [
            line.strip()
            for line in data.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")
        ]
        Institution.objects.bulk_create(Institution(name=name, is_hbo=True) for name in names)
        institutions = {i.name: i for i in Institution.objects.all()}
    return institutions


def _load_membership_examples(edition: Edition, themes: list, institutions: dict) -> None:
    """Agreements, applications and an invitation, so that a newcomer sees the way in at work."""
    facilitator = User.objects.get(email=PEOPLE[0].email)
    agreement = agreements.publish_agreements(edition=edition, text=AGREEMENTS, actor=facilitator)
    for person in PEOPLE:
        if person.role == Role.PARTICIPANT and person.email not in NOT_YET_ACCEPTED:
            user = User.objects.get(email=person.email)
            agreements.accept_agreements(agreement=agreement, user=user)
    for index, (email, name, institution, job, years, level, status) in enumerate(APPLICANTS):
        application = applications.submit_application(
            edition=edition,
            name=name,
            email=email,
            institution=institutions.get(institution),
            institution_other="" if institution else "Opleidingsbureau Voorbeeld (fictief)",
            job_title=job,
            years_of_experience=years,
            work_level=level,
            motivation=(
                "Ik wil graag met collega's van andere hogescholen werken aan vraagstukken "
                "uit de HRD-praktijk en leren van hun ervaringen."
            ),
            themes=[themes[index % len(themes)], themes[(index + 2) % len(themes)]],
            # The demo writes 2019's history: they applied before the edition started.
            as_of=edition.starts_on,
        )
        assert application is not None  # a new address: the application is recorded
        # The applicants confirmed their address (only confirmed applications are reviewed).
        application = applications.confirm_application_email(
            application=application, password=DEMO_PASSWORD
        )
        if status == ApplicationStatus.WAITLISTED:
            applications.waitlist_application(application=application, actor=facilitator)
    for email, name, institution in INVITEES:
        invitations.invite_person(
            edition=edition,
            email=email,
            name=name,
            institution=institutions.get(institution),
            actor=facilitator,
        )
