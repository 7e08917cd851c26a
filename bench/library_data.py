"""Generate the library benchmark's data: one large edition, filled with bulk inserts.

    DATABASE_URL=sqlite:////tmp/lp_bench.sqlite3 .venv/bin/python bench/library_data.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lp_bench .venv/bin/python bench/library_data.py

Migrates the database given by DATABASE_URL (default: var/bench-library.sqlite3), then makes the
edition "Bibliotheek-benchmark" with 2,000 participants, 200 learning groups (everyone in one,
one in five in a second), and 20,000 documents with Dutch text built from an HRD vocabulary
(titles, summaries, bodies of 150–600 words, and for a quarter of them text "read from a file"),
mixed kinds, themes and visibilities (about 30% group-only, 1% public). Every public document is
a published output on the "Opbrengsten" page with the consent of each of its authors, as the
showcase's rule wants; the edition has signed agreements (everyone accepted version 1) and its
last meeting is the closing one. Rows go in with `bulk_create`, the many-to-many links through
their through tables; no services, no signals. The activity ledger gets what the library's own
work would have written: each document added by its creator, read by three people who may see it
and downloaded by one (100,000 rows), so that the dashboard's give-and-take count and the
recent activity are measured over a full ledger. Then
`leerplatform.search.index.rebuild()` fills the search index. Each step prints its time.

The edition must not exist yet: use a fresh database, or `--fresh` to empty this one first
(`flush`: everything in it goes). Then run the benchmark, `bench/library.py`, on the same URL.
Fictional people only; the same seed gives the same data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import random
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
# LEERPLATFORM_SRC: generate with the code (models, migrations) of another checkout's src/.
sys.path[:0] = [os.environ.get("LEERPLATFORM_SRC", str(ROOT / "src")), str(ROOT)]

SLUG = "bibliotheek-benchmark"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
BATCH = 1000


def setup_django() -> str:
    """Django set up on DATABASE_URL (the test settings: fast hashing, no real email)."""
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-library.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leerplatform.settings.test")
    import django

    django.setup()
    from django.db import connection

    return f"{connection.vendor} ({connection.settings_dict['NAME']})"


# --- Dutch text from an HRD vocabulary ---------------------------------------------------------

# Subjects: (singular or plural noun phrase, is plural).
SUBJECTS = [
    ("de leergroep", False),
    ("het team", False),
    ("de HR-adviseur", False),
    ("onze hogeschool", False),
    ("de teamleider", False),
    ("het managementteam", False),
    ("de facilitator", False),
    ("de opleidingsmanager", False),
    ("de loopbaanadviseur", False),
    ("het college van bestuur", False),
    ("leidinggevenden", True),
    ("docenten", True),
    ("nieuwe medewerkers", True),
    ("de trekkers", True),
    ("deelnemers", True),
    ("HRD-professionals", True),
    ("teams", True),
    ("ondersteunende diensten", True),
    ("de leergroepen", True),
    ("collega's van andere hogescholen", True),
]

# Verbs: (third person singular, plural); the plural is also the form at the end of a clause.
VERBS = [
    ("onderzoekt", "onderzoeken"),
    ("verkent", "verkennen"),
    ("ontwikkelt", "ontwikkelen"),
    ("bespreekt", "bespreken"),
    ("versterkt", "versterken"),
    ("evalueert", "evalueren"),
    ("organiseert", "organiseren"),
    ("begeleidt", "begeleiden"),
    ("stimuleert", "stimuleren"),
    ("vergelijkt", "vergelijken"),
    ("verbetert", "verbeteren"),
    ("deelt", "delen"),
    ("ondersteunt", "ondersteunen"),
    ("beschrijft", "beschrijven"),
    ("analyseert", "analyseren"),
    ("herziet", "herzien"),
    ("agendeert", "agenderen"),
    ("borgt", "borgen"),
    ("vernieuwt", "vernieuwen"),
    ("meet", "meten"),
    ("faciliteert", "faciliteren"),
    ("ontwerpt", "ontwerpen"),
    ("test", "testen"),
    ("verbindt", "verbinden"),
]

# Objects, most common first: drawn with weights 1/(rank + 2), so the last ones are rare.
OBJECTS = [
    "de professionalisering van medewerkers",
    "de leergroep",
    "strategische personeelsplanning",
    "de werkdruk in teams",
    "talentontwikkeling",
    "leven lang ontwikkelen",
    "het leiderschap van teamleiders",
    "duurzame inzetbaarheid",
    "de onboarding van nieuwe docenten",
    "inclusie op de werkvloer",
    "de leercultuur",
    "loopbaangesprekken",
    "werkgeluk",
    "kennisdeling tussen hogescholen",
    "intervisie",
    "feedbackgesprekken",
    "het strategisch opleidingsplan",
    "de gesprekscyclus",
    "het ontwikkelbudget",
    "vitaliteitsbeleid",
    "diversiteit in teams",
    "digitale vaardigheden",
    "blended learning",
    "mobiliteit tussen functies",
    "het verzuim",
    "competentieprofielen",
    "de rol van HR",
    "teamontwikkeling",
    "het functiehuis",
    "informeel leren",
    "microlearning",
    "de vlootschouw",
    "reverse mentoring",
    "het generatiepact",
    "stagebegeleiding",
    "hybride werken",
    "de strategische formatieplanning",
    "een talentenscan",
    "het mentorprogramma",
    "de exitgesprekken",
]

ADVERBIALS = [
    "met behulp van een nieuwe werkvorm",
    "in drie pilots",
    "op basis van interviews met collega's",
    "samen met de opleidingsmanagers",
    "tijdens de tweede bijeenkomst",
    "aan de hand van een casus",
    "vanuit het perspectief van medewerkers",
    "binnen de kaders van de cao",
    "met een korte vragenlijst",
    "in de plenaire werkplaats",
    "met studenten als gesprekspartner",
    "in het komende studiejaar",
    "op drie faculteiten tegelijk",
    "met een kleine groep ambassadeurs",
    "stap voor stap",
]

OPENERS = [
    "Uit de gesprekken komt naar voren dat",
    "We zien dat",
    "Het is opvallend dat",
    "De ervaring leert dat",
    "In de praktijk blijkt dat",
    "Belangrijk is dat",
    "De leergroep concludeert dat",
]

HEADINGS = [
    "Aanleiding",
    "Wat we deden",
    "Wat we leerden",
    "Aanpak",
    "Resultaten",
    "Aanbevelingen",
    "Vervolg",
    "Achtergrond",
    "Ervaringen uit de praktijk",
]

TITLE_PREFIXES = {
    "toolkit": "Toolkit",
    "publication": "Artikel",
    "best_practice": "Best practice",
    "quick_win": "Quick win",
    "research": "Onderzoek",
    "presentation": "Presentatie",
    "minutes": "Verslag",
    "work_format": "Werkvorm",
    "other": "Notitie",
}

TITLE_SUFFIXES = [
    "in het hbo",
    "in de praktijk",
    "voor teamleiders",
    "op onze hogeschool",
    ": een eerste verkenning",
    "in tien stappen",
    "voor HR-adviseurs",
    "en de rol van HR",
    "na de tweede bijeenkomst",
    "",
]

OBJECT_WEIGHTS = [1 / (rank + 1) ** 1.2 for rank in range(len(OBJECTS))]

# Words that only a few documents use (each in about one document in 2,000).
RARE_WORDS = [
    "generatieregeling", "schaduwformatie", "cultuurscan", "leerportfolio", "kennisclips",
    "promotiebeurs", "werkplekleren", "startersbeurs", "docentprofessionalisering",
    "lectoraat", "gamificatie", "moreel beraad", "appreciative inquiry", "loopbaanscan",
    "teamcoaching", "zelfroosteren", "vakantiesparen", "ontwikkelassessment",
    "mantelzorgbeleid", "bevlogenheid", "ambidextrie", "flexpool", "functiemix",
    "eigenregie", "leerladder", "expertisecentrum", "pensioenbewust", "sabbatical",
    "uitwisselingsprogramma", "netwerkanalyse",
]  # fmt: skip


class Writer:
    """Sentences, titles and bodies from the vocabulary, with its own random generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.topics: list[str] = []

    def about(self) -> None:
        """Start a new document: it is about two or three things, as real documents are."""
        self.topics = self.rng.choices(OBJECTS, OBJECT_WEIGHTS, k=self.rng.randint(2, 3))

    def thing(self) -> str:
        if self.topics and self.rng.random() < 0.8:
            return self.rng.choice(self.topics)
        return self.rng.choices(OBJECTS, OBJECT_WEIGHTS)[0]

    def sentence(self) -> str:
        rng = self.rng
        subject, plural = rng.choice(SUBJECTS)
        singular_verb, plural_verb = rng.choice(VERBS)
        if rng.random() < 0.35:
            # A subordinate clause: the verb goes to the end.
            opener = rng.choice(OPENERS)
            return f"{opener} {subject} {self.thing()} {rng.choice(ADVERBIALS)} {plural_verb if plural else singular_verb}."
        verb = plural_verb if plural else singular_verb
        text = f"{subject} {verb} {self.thing()}"
        if rng.random() < 0.6:
            text += f" {rng.choice(ADVERBIALS)}"
        if rng.random() < 0.3:
            text += f" en daarbij ook {self.thing()}"
        return text[0].upper() + text[1:] + "."

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def words(self, count: int) -> str:
        """Paragraphs of about `count` words."""
        parts, total = [], 0
        while total < count:
            paragraph = self.paragraph(self.rng.randint(3, 6))
            parts.append(paragraph)
            total += len(paragraph.split())
        return "\n\n".join(parts)

    def title(self, kind: str) -> str:
        thing = self.thing()
        suffix = self.rng.choice(TITLE_SUFFIXES)
        separator = "" if suffix.startswith(":") or not suffix else " "
        return f"{TITLE_PREFIXES[kind]}: {thing[0].upper()}{thing[1:]}{separator}{suffix}"[:200]

    def body(self) -> str:
        """Markdown of 150–600 words: headed sections, now and then a list."""
        target = self.rng.randint(150, 600)
        sections, total = [], 0
        for heading in self.rng.sample(HEADINGS, k=len(HEADINGS)):
            if total >= target:
                break
            text = self.paragraph(self.rng.randint(3, 7))
            if self.rng.random() < 0.3:
                text += "\n\n" + "\n".join(
                    f"- {self.thing()} {self.rng.choice(ADVERBIALS)}" for _ in range(3)
                )
            sections.append(f"## {heading}\n\n{text}")
            total += len(text.split())
        if self.rng.random() < 0.015:
            rare = self.rng.choice(RARE_WORDS)
            sections.append(f"Zie ook onze notitie over {rare} {self.rng.choice(ADVERBIALS)}.")
        return "\n\n".join(sections)


# --- Generating --------------------------------------------------------------------------------


@contextmanager
def step(name: str):
    print(f"{name} …", end="", flush=True)
    started = time.perf_counter()
    yield
    print(f" {time.perf_counter() - started:.1f} s", flush=True)


def progress(done: int, total: int) -> None:
    print(f"\r  {done:>6} / {total}", end="", flush=True)


def generate(*, participants: int, groups: int, documents: int, seed: int = 6) -> None:
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction

    from leerplatform.accounts.models import Institution, User
    from leerplatform.core.models import ActivityEntry
    from leerplatform.core.visibility import Visibility
    from leerplatform.demo.edition import THEMES
    from leerplatform.editions.models import Edition, Membership, Phase, Role, Theme
    from leerplatform.groups.models import GroupMembership, GroupStatus, LearningGroup
    from leerplatform.library.models import (
        Attachment,
        Document,
        DocumentKind,
        FileVersion,
        TextStatus,
    )
    from leerplatform.meetings.models import Meeting, MeetingKind, MeetingStatus
    from leerplatform.membership.models import Agreement, AgreementAcceptance
    from leerplatform.search import index
    from leerplatform.showcase.models import Consent, ConsentStatus, Output

    rng = random.Random(seed)
    writer = Writer(rng)
    start = dt.datetime(2024, 9, 1, 9, 0, tzinfo=AMSTERDAM)

    with step("edition, themes, meetings"), transaction.atomic():
        edition = Edition.objects.create(
            name="Bibliotheek-benchmark",
            slug=SLUG,
            starts_on=start.date(),
            ends_on=dt.date(2026, 7, 31),
            phase=Phase.CONSOLIDATION,
            description="Een editie met veel documenten, voor de benchmark van de bibliotheek.",
        )
        themes = Theme.objects.bulk_create(
            Theme(edition=edition, position=i, title=title, description=description)
            for i, (title, description) in enumerate(THEMES, start=1)
        )
        meetings = Meeting.objects.bulk_create(
            Meeting(
                edition=edition,
                title=f"Bijeenkomst {i + 1}",
                starts_at=start + dt.timedelta(days=60 * i),
                ends_at=start + dt.timedelta(days=60 * i, hours=7),
                theme=themes[i % len(themes)],
                status=MeetingStatus.PUBLISHED,
                kind=MeetingKind.CLOSING if i == 11 else MeetingKind.REGULAR,
            )
            for i in range(12)
        )

    with step(f"{participants} participants"), transaction.atomic():
        institutions = list(Institution.objects.all())
        password = make_password("bench-password")
        users = User.objects.bulk_create(
            (
                User(
                    email=f"bibliotheek{i}@example.org",
                    name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {i} (fictief)",
                    password=password,
                    institution=rng.choice(institutions) if institutions else None,
                    job_title=rng.choice(JOB_TITLES),
                )
                for i in range(participants + 1)
            ),
            batch_size=BATCH,
        )
        facilitator, people = users[0], users[1:]
        Membership.objects.bulk_create(
            [Membership(user=facilitator, edition=edition, role=Role.FACILITATOR)]
            + [Membership(user=u, edition=edition, role=Role.PARTICIPANT) for u in people],
            batch_size=BATCH,
        )
        agreement = Agreement.objects.create(
            edition=edition,
            version=1,
            text="## Samenwerkingsafspraken\n\n" + writer.words(120),
            published_by=facilitator,
            published_at=start,
        )
        AgreementAcceptance.objects.bulk_create(
            (AgreementAcceptance(agreement=agreement, user=u, accepted_at=start) for u in people),
            batch_size=BATCH,
        )

    with step(f"{groups} learning groups"), transaction.atomic():
        made = []
        for i in range(groups):
            topic = writer.thing()
            made.append(
                LearningGroup(
                    edition=edition,
                    name=f"Leergroep {i + 1}: {topic[0].upper()}{topic[1:]}",
                    description=writer.words(60),
                    status=GroupStatus.ACTIVE,
                    workplan_visibility=rng.choice([Visibility.GROUP, Visibility.PLATFORM]),
                    activities_visibility=rng.choice([Visibility.GROUP, Visibility.PLATFORM]),
                    created_by=rng.choice(people),
                    created_at=start + dt.timedelta(days=rng.randint(0, 60)),
                )
            )
        learning_groups = LearningGroup.objects.bulk_create(made, batch_size=BATCH)
        LearningGroup.themes.through.objects.bulk_create(
            LearningGroup.themes.through(learninggroup_id=g.pk, theme_id=t.pk)
            for g in learning_groups
            for t in rng.sample(themes, k=rng.randint(1, 2))
        )
        # Everyone in one group, round the table; one in five in a second one too; the first
        # participant (the benchmark's searcher) in exactly two.
        members_of = {g.pk: [] for g in learning_groups}
        count = len(learning_groups)
        for number, person in enumerate(people):
            members_of[learning_groups[number % count].pk].append(person)
            if count > 1 and (number == 0 or rng.random() < 0.2):
                other = 1 if number == 0 else (number + 1 + rng.randrange(count - 1)) % count
                members_of[learning_groups[other].pk].append(person)
        GroupMembership.objects.bulk_create(
            (
                GroupMembership(group_id=group_id, user=person, is_coordinator=i == 0)
                for group_id, members in members_of.items()
                for i, person in enumerate(members)
            ),
            batch_size=BATCH,
        )

    kinds = [k.value for k in DocumentKind]
    kind_weights = [6, 3, 4, 3, 3, 4, 5, 3, 1]
    spread = (dt.datetime(2026, 6, 30, tzinfo=AMSTERDAM) - start).total_seconds()
    public: list[tuple[object, list]] = []  # (document, its authors)
    with step(f"{documents} documents with their files"):
        for offset in range(0, documents, BATCH):
            with transaction.atomic():
                rows, authors, doc_themes = [], [], []
                for _ in range(min(BATCH, documents - offset)):
                    kind = rng.choices(kinds, kind_weights)[0]
                    writer.about()
                    in_group = rng.random() < 0.55
                    group = rng.choice(learning_groups) if in_group else None
                    roll = rng.random()
                    if group is not None and roll < 0.3 / 0.55:
                        visibility = Visibility.GROUP  # 30% of all documents
                    elif roll > 0.99:
                        visibility = Visibility.PUBLIC
                    else:
                        visibility = Visibility.PLATFORM
                    pool = members_of[group.pk] if group is not None else people
                    writers = rng.sample(pool, k=min(len(pool), rng.choice([1, 1, 1, 2, 3])))
                    rows.append(
                        Document(
                            edition=edition,
                            title=writer.title(kind),
                            summary=writer.paragraph(2),
                            body=writer.body(),
                            kind=kind,
                            group=group,
                            meeting=rng.choice(meetings) if rng.random() < 0.2 else None,
                            visibility=visibility,
                            created_by=writers[0],
                            created_at=start + dt.timedelta(seconds=rng.random() * spread),
                        )
                    )
                    authors.append(writers)
                    doc_themes.append(rng.sample(themes, k=rng.choice([1, 1, 2, 3])))
                rows = Document.objects.bulk_create(rows)
                public += [
                    (d, people_)
                    for d, people_ in zip(rows, authors, strict=True)
                    if d.visibility == Visibility.PUBLIC
                ]
                Document.authors.through.objects.bulk_create(
                    Document.authors.through(document_id=d.pk, user_id=u.pk)
                    for d, people_ in zip(rows, authors, strict=True)
                    for u in people_
                )
                Document.themes.through.objects.bulk_create(
                    Document.themes.through(document_id=d.pk, theme_id=t.pk)
                    for d, themes_ in zip(rows, doc_themes, strict=True)
                    for t in themes_
                )
                _add_files(rng, writer, rows, Attachment, FileVersion, TextStatus)
            progress(offset + len(rows), documents)
        print("\n ", end="")

    with step("the ledger: each document added, read three times, downloaded once"):
        # The ledger's time is `auto_now_add`; here it is the moment the work was done.
        created_at = ActivityEntry._meta.get_field("created_at")
        created_at.auto_now_add = False
        try:
            _add_ledger(rng, edition, people, members_of)
        finally:
            created_at.auto_now_add = True

    with step(f"{len(public)} public documents as published outputs"), transaction.atomic():
        outputs = Output.objects.bulk_create(
            (
                Output(
                    edition=edition,
                    group=document.group,
                    document=document,
                    proposed_by_id=document.created_by_id,
                    proposed_at=document.created_at,
                    published_at=document.created_at + dt.timedelta(days=14),
                )
                for document, _ in public
            ),
            batch_size=BATCH,
        )
        Consent.objects.bulk_create(
            (
                Consent(
                    output=output,
                    author=author,
                    status=ConsentStatus.GIVEN,
                    decided_at=output.published_at,
                )
                for output, (_, people_) in zip(outputs, public, strict=True)
                for author in people_
            ),
            batch_size=BATCH,
        )

    with step("current version of every file"), transaction.atomic(), connection.cursor() as c:
        attachment = Attachment._meta.db_table
        version = FileVersion._meta.db_table
        c.execute(
            f"UPDATE {attachment} SET current_id = (SELECT MAX(v.id) FROM {version} v "  # noqa: S608
            f"WHERE v.attachment_id = {attachment}.id) WHERE current_id IS NULL"
        )

    if connection.vendor == "postgresql":
        with step("ANALYZE"), connection.cursor() as c:
            c.execute("ANALYZE")

    with step("search index (rebuild)"), transaction.atomic():
        index.rebuild(progress=lambda name, n: print(f" {name}: {n},", end="", flush=True))

    if connection.vendor == "postgresql":
        # What autovacuum does soon after a bulk load: statistics, and the visibility map that
        # index-only scans (the library's count) rely on.
        with step("VACUUM ANALYZE"), connection.cursor() as c:
            c.execute("VACUUM ANALYZE")
    elif connection.vendor == "sqlite":
        with step("ANALYZE and FTS optimize"), connection.cursor() as c:
            c.execute("ANALYZE")
            c.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")


def _add_ledger(rng, edition, people, members_of) -> None:
    """Per document: "document_added" by its creator, "document_read" by three others who may
    see it (once per person, as the ledger's constraint wants) and "downloaded" by one of them,
    on days after it was added; in the document's visibility, as the library records them."""
    from django.contrib.contenttypes.models import ContentType

    from leerplatform.core.models import VERB_DIRECTIONS as directions
    from leerplatform.core.models import ActivityEntry, Verb
    from leerplatform.core.visibility import Visibility
    from leerplatform.library.models import Document

    document_type = ContentType.objects.get_for_model(Document)
    group_only = Visibility.GROUP
    documents = Document.objects.filter(edition=edition).values_list(
        "pk", "title", "created_by_id", "group_id", "visibility", "created_at"
    )
    total = documents.count()
    rows = []
    chunks = documents.iterator(chunk_size=BATCH)
    for done, (pk, title, creator, group_id, visibility, created) in enumerate(chunks, start=1):
        in_group = group_id is not None and visibility == group_only
        pool = members_of[group_id] if in_group else people
        readers = [p for p in rng.sample(pool, k=min(len(pool), 4)) if p.pk != creator][:3]

        def entry(actor_id, verb, days, pk=pk, title=title, created=created, visibility=visibility):
            return ActivityEntry(
                actor_id=actor_id,
                verb=verb,
                direction=directions[verb],
                edition=edition,
                target_type=document_type,
                target_id=str(pk),
                target_label=title[:300],
                visibility=visibility,
                created_at=created + dt.timedelta(days=days),
            )

        rows.append(entry(creator, Verb.DOCUMENT_ADDED, 0))
        rows += [entry(r.pk, Verb.DOCUMENT_READ, 1 + rng.random() * 60) for r in readers]
        if readers:
            rows.append(entry(readers[0].pk, Verb.DOWNLOADED, 1 + rng.random() * 60))
        if len(rows) >= 5 * BATCH or done == total:
            ActivityEntry.objects.bulk_create(rows, batch_size=BATCH)
            rows = []
            progress(done, total)
    print("\n ", end="")


FILE_KINDS = [
    # (suffix, content type, readable for search)
    ("pdf", "application/pdf", True),
    ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", True),
    ("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", False),
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", False),
    ("csv", "text/csv", True),
    ("png", "image/png", False),
]


def _add_files(rng, writer, documents, Attachment, FileVersion, TextStatus) -> None:
    """One or two files per document, now and then a second version; a quarter with text read
    from the file. Rows only: the storage names point nowhere (the benchmark never downloads)."""
    slots = []
    for document in documents:
        for _ in range(rng.choice([1, 1, 1, 2])):
            slots.append(Attachment(document=document, created_at=document.created_at))
    slots = Attachment.objects.bulk_create(slots)
    versions = []
    for slot in slots:
        suffix, content_type, readable = rng.choice(FILE_KINDS)
        has_text = readable and rng.random() < 0.5
        name = f"{writer.thing().replace(' ', '-')}.{suffix}"
        for number in range(1, rng.choice([1, 1, 1, 2]) + 1):
            seed = f"{slot.pk}-{number}"
            versions.append(
                FileVersion(
                    attachment=slot,
                    number=number,
                    file=f"library/bench/{hashlib.sha256(seed.encode()).hexdigest()}",
                    original_name=name,
                    size=rng.randint(20_000, 4_000_000),
                    content_type=content_type,
                    sha256=hashlib.sha256(seed.encode()).hexdigest(),
                    note="" if number == 1 else "Verwerkt: feedback uit de leergroep",
                    uploaded_by_id=slot.document.created_by_id,
                    created_at=slot.created_at + dt.timedelta(days=7 * (number - 1)),
                    text=writer.words(rng.randint(100, 400)) if has_text else "",
                    text_status=TextStatus.DONE if has_text else TextStatus.NONE,
                )
            )
    FileVersion.objects.bulk_create(versions)


FIRST_NAMES = [
    "Anna", "Bas", "Carmen", "Daan", "Eline", "Fatima", "Gert", "Hilde", "Ilse", "Jeroen",
    "Kim", "Lars", "Marieke", "Noor", "Omar", "Petra", "Quinten", "Roos", "Sanne", "Tim",
    "Ufuk", "Vera", "Wouter", "Yara", "Zeynep",
]  # fmt: skip
LAST_NAMES = [
    "de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer",
    "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "Dekker", "Kaya",
    "El Idrissi", "Nguyen", "van Dijk",
]  # fmt: skip
JOB_TITLES = [
    "HRD-adviseur", "HR-adviseur", "Loopbaanadviseur", "HR-manager", "Beleidsadviseur HRD",
    "Adviseur leren en ontwikkelen", "Teamleider HR",
]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=2000)
    parser.add_argument("--groups", type=int, default=200)
    parser.add_argument("--documents", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument(
        "--fresh", action="store_true", help="empty the whole database first (flush)"
    )
    options = parser.parse_args()
    database = setup_django()
    from django.core.management import call_command

    from leerplatform.editions.models import Edition

    print(f"database: {database}")
    started = time.perf_counter()
    with step("migrate"):
        call_command("migrate", verbosity=0)
    if options.fresh:
        with step("flush"):
            call_command("flush", interactive=False, verbosity=0)
    elif Edition.objects.filter(slug=SLUG).exists():
        sys.exit(f"The edition {SLUG!r} exists already: use a fresh database or --fresh.")
    generate(
        participants=options.participants,
        groups=options.groups,
        documents=options.documents,
        seed=options.seed,
    )
    print(f"total {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
