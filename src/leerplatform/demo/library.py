"""The library of the demo edition: thirteen Dutch documents of every kind, with real files.

A toolkit with a Word file in two versions, minutes of a group meeting, the presentation of a
plenary workshop (a PDF), a best practice, a quick win, a research summary with its survey
figures (CSV), a work format, a publication, and one document in the bin. Some belong to one of
the four demo groups (demo/groups.py) and three of those are for the group only; most are
for the whole edition and three are public. Everyone is fictional (demo/edition.py).

The files are made here in code: Word documents with python-docx (real paragraphs, so the text
extraction finds the words), a small PDF written by hand with a text content stream, CSV,
Markdown and plain text. Everything goes through the library's services, so the ledger, the
files' versions and the search index are as a person would have left them; only the dates are
moved back into 2019–2020 afterwards (the ledger keeps the moment of loading, as for the groups'
progress reports).

The lead calls `load_library_examples(edition)` after the groups demo. It is idempotent: a
document whose title exists in the edition (also in the bin) is left alone.
"""

from __future__ import annotations

import datetime as dt
import io
import textwrap
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from docx import Document as WordDocument

from leerplatform.accounts.models import User
from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Edition
from leerplatform.groups.models import LearningGroup
from leerplatform.library.models import Attachment, Document, DocumentKind, FileVersion, Licence
from leerplatform.library.services import documents as services
from leerplatform.library.services import files as services_files
from leerplatform.search import index

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "csv": "text/csv",
    "md": "text/markdown",
    "txt": "text/plain",
}


# --- Files, made in code -----------------------------------------------------------------------


def docx_bytes(text: str) -> bytes:
    """A Word document from light Markdown: `# ` and `## ` headings, `- ` bullets, paragraphs."""
    word = WordDocument()
    for block in text.strip().split("\n\n"):
        lines = block.strip().splitlines()
        if all(line.startswith("- ") for line in lines):
            for line in lines:
                word.add_paragraph(line[2:].strip(), style="List Bullet")
        elif block.startswith("## "):
            word.add_heading(block[3:].strip(), level=2)
        elif block.startswith("# "):
            word.add_heading(block[2:].strip(), level=1)
        else:
            word.add_paragraph(" ".join(line.strip() for line in lines))
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _pdf_string(text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("cp1252", errors="replace") + b")"


def pdf_bytes(text: str) -> bytes:
    """A valid one-page PDF (Helvetica, WinAnsi) with `text` as real text; `# ` marks the title.

    Written by hand: a catalog, a page tree, one page, its content stream, two standard fonts, and
    a cross-reference table with the right byte offsets. Long lines are wrapped at 90 characters.
    """
    commands = [b"BT", b"72 770 Td", b"15 TL"]
    for block in text.strip().split("\n\n"):
        if block.startswith("# "):
            commands += [b"/F2 16 Tf", _pdf_string(block[2:].strip()) + b" Tj", b"T* T*"]
            continue
        commands.append(b"/F1 11 Tf")
        for line in textwrap.wrap(" ".join(block.split()), 90):
            commands.append(_pdf_string(line) + b" Tj T*")
        commands.append(b"T*")
    commands.append(b"ET")
    stream = b"\n".join(commands)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


@dataclass(frozen=True)
class DemoFile:
    name: str  # its suffix decides how it is made: docx, pdf, csv, md, txt
    content: str
    # Later versions: (content, note, email of who uploaded it, date).
    versions: tuple[tuple[str, str, str, dt.date], ...] = ()

    def upload(self, content: str | None = None) -> SimpleUploadedFile:
        return make_upload(self.name, self.content if content is None else content)


def make_upload(name: str, content: str) -> SimpleUploadedFile:
    suffix = name.rsplit(".", 1)[-1]
    if suffix == "docx":
        data = docx_bytes(content)
    elif suffix == "pdf":
        data = pdf_bytes(content)
    else:
        data = content.strip().encode("utf-8") + b"\n"
    return SimpleUploadedFile(name, data, content_type=CONTENT_TYPES[suffix])


@dataclass(frozen=True)
class DemoDocument:
    title: str
    kind: str
    authors: tuple[str, ...]  # emails; the first one adds the document
    day: dt.date
    summary: str
    body: str
    files: tuple[DemoFile, ...]
    themes: tuple[str, ...] = ()
    group: str = ""  # the name of a demo learning group
    meeting: int | None = None  # the demo meeting's position in time, 0 = the first
    visibility: str = Visibility.PLATFORM
    licence: str = Licence.CC_BY
    deleted_days_ago: int | None = None  # in the bin since that many days


# --- The documents -----------------------------------------------------------------------------

TOOLKIT_V1 = """\
# Toolkit strategische personeelsplanning

## Waarom deze toolkit

Hogescholen staan voor grote veranderingen: de instroom van studenten verschuift, een grote groep
docenten gaat de komende jaren met pensioen en nieuwe onderwijsvormen vragen andere
vaardigheden. Strategische personeelsplanning helpt om daar op tijd op in te spelen. Deze toolkit
is gemaakt door HR-adviseurs van vier hogescholen en is bedoeld voor HR-adviseurs die samen met
een opleidingsmanager of teamleider aan de slag willen.

## Stap 1: de opgave van het team

Begin met het gesprek over de toekomst van de opleiding. Welke ontwikkelingen komen er op het
team af? Gebruik de scenariokaarten in de bijlage: elke kaart beschrijft een mogelijke toekomst
(krimp, groei, meer flexibel onderwijs, meer praktijkgericht onderzoek) en een paar vragen om
het gesprek te openen.

## Stap 2: de huidige bezetting in beeld

Breng samen met de teamleider de huidige bezetting in beeld: formatie, leeftijdsopbouw,
contractvormen en de kennis en vaardigheden in het team. Het rekenmodel (CSV) geeft een eenvoudig
overzicht van de verwachte uitstroom per jaar.

## Stap 3: van kloof naar acties

Vergelijk de gewenste bezetting met de huidige. Waar zit de kloof? Kies per kloof een aanpak:
ontwikkelen, werven, anders organiseren of accepteren. Maak afspraken over wie wat doet en
wanneer het team erop terugkomt.

- plan een vervolggesprek na drie maanden
- koppel de acties aan de jaargesprekken
- deel de uitkomst met het hele team
"""

TOOLKIT_V2 = (
    TOOLKIT_V1
    + """
## Stap 4: blijven bijsturen

Na de tweede bijeenkomst kregen we de vraag hoe je het plan levend houdt. Ons advies: bespreek
de scenariokaarten één keer per jaar opnieuw met het team en werk het rekenmodel bij na de
formatieronde. Strategische personeelsplanning is geen project maar een ritme.

## Wat deelnemers erover zeiden

"Het gesprek over de toekomst van de opleiding was het waardevolst; de cijfers volgden vanzelf."
"""
)

FORMATION_CSV = """\
jaar;fte_begin;verwachte_uitstroom_fte;waarvan_pensioen_fte;benodigde_instroom_fte;opmerking
2020;42,5;3,2;2,0;4,0;Nieuwe minor start in september
2021;43,3;3,8;2,6;3,5;
2022;43,0;4,4;3,1;4,5;Krimp eerste jaar verwacht
2023;43,1;4,1;2,8;3,0;
2024;42,0;3,6;2,2;3,6;
"""

MINUTES_GROUP = """\
# Verslag leergroep Werkgeluk in teams, 10 oktober 2019

Aanwezig: Daan, Anouk en Floor. Verslag: Floor.

## Terugblik

Iedereen heeft op de eigen hogeschool twee teams gesproken over hun afspraken rond
bereikbaarheid en piekbelasting. We hebben nu elf voorbeelden uit vier hogescholen. De teams met
*stille uren* (vaste momenten zonder mail en overleg) zijn het meest tevreden.

## Wat we leerden

- Afspraken werken alleen als de teamleider zich er zelf ook aan houdt.
- Werkdruk wordt minder gevoeld als het team zelf de afspraken maakt.
- Wij als HR-adviseurs hebben de neiging het probleem over te nemen; dat willen we niet.

## Afspraken

- Anouk werkt de gesprekskaart werkgeluk uit tot een eerste versie.
- Daan schrijft het voorbeeld van de stille uren uit als best practice.
- Volgende keer: intervisie over onze eigen rol bij werkdruk.

*Vertrouwelijk: dit verslag is alleen voor de leergroep.*
"""

PRESENTATION = """\
# Innovaties in leren: plenaire werkplaats, 10 oktober 2019

Leren gebeurt steeds minder in een lokaal en steeds vaker op de werkplek, online en met elkaar.
In deze werkplaats verkenden we drie innovaties die op hogescholen al worden uitgeprobeerd.

Microlearning: korte leereenheden van vijf tot tien minuten, bijvoorbeeld over een nieuw
toetsbeleid of digitale didactiek. Docenten waarderen dat ze het tussen twee lessen door kunnen
doen. Valkuil: losse brokjes zonder samenhang.

Leren in communities: docenten uit verschillende opleidingen die samen een vraagstuk onderzoeken,
met een HRD-adviseur als procesbegeleider. Wat werkt: een eigen vraag, tijd in het rooster en
een moment om de opbrengst te delen.

Reverse mentoring: studenten die docenten en leidinggevenden wegwijs maken in digitale
werkvormen. Het levert ook een ander gesprek op over hoe studenten leren.

Vragen voor de leergroepen: welke innovatie past bij jullie hogeschool, wat is er nodig om het
uit te proberen, en hoe weet je of het werkt?
"""

BEST_PRACTICE = """\
# Stille uren in het team

## De aanleiding

Het team Bedrijfskunde van een hogeschool klaagde over versnippering: mailtjes, korte overleggen
en vragen van studenten lieten nauwelijks ruimte voor geconcentreerd werk aan onderwijsontwikkeling.

## Wat het team deed

Het team sprak twee vaste ochtenden per week af zonder overleg en zonder verwachting van
bereikbaarheid. Studenten weten dat vragen op die ochtenden de volgende dag worden beantwoord.
De teamleider plant zelf ook niets op die ochtenden.

## Het resultaat

Na een half jaar geven teamleden aan dat ze meer af krijgen en met minder stress naar huis gaan.
Het team heeft de afspraak na evaluatie verlengd en twee andere teams zijn gevolgd.

## Tips om het over te nemen

- laat het team zelf de momenten kiezen
- leg uit aan studenten waarom het belangrijk is
- evalueer na drie maanden en pas aan waar nodig
"""

QUICK_WIN = """\
Het vijfminutengesprek over werkgeluk

Begin het teamoverleg één keer per maand met vijf minuten voor één vraag: wat gaf je deze maand
energie in je werk, en wat kostte energie? Iedereen antwoordt kort, zonder discussie. De
teamleider noteert alleen wat terugkomt.

Waarom het werkt: het kost bijna geen tijd, iedereen komt aan het woord, en na een paar maanden
ziet het team patronen die anders in het overleg verdwijnen. Het is een laagdrempelige opstap
naar een gesprek over werkdruk.

Uitgeprobeerd in drie teams van twee hogescholen. Benodigd: niets, behalve een teamleider die het
vijf minuten volhoudt.
"""

RESEARCH_DOCX = """\
# Blijven leren na twintig jaar: samenvatting van een verkennend onderzoek

## Vraag

Wat maakt dat medewerkers van hogescholen blijven leren, ook na tien of twintig jaar in dezelfde
functie? En wat merken zij in de praktijk van het beleid voor leven lang ontwikkelen?

## Aanpak

De leergroep hield een korte enquête onder 214 medewerkers van drie hogescholen en sprak met
twaalf medewerkers die langer dan vijftien jaar in dezelfde functie werken.

## Belangrijkste bevindingen

Medewerkers leren vooral van collega's en van nieuwe taken, veel minder van cursussen. Het
ontwikkelbudget is bekend, maar wordt weinig gebruikt: men weet niet waaraan het mag worden
besteed, en tijd ontbreekt. Loopbaangesprekken worden gewaardeerd als de leidinggevende oprecht
nieuwsgierig is.

## Aanbevelingen

- maak het ontwikkelbudget concreet met voorbeelden van wat wel kan
- geef medewerkers tijd, niet alleen geld
- train leidinggevenden in het voeren van het ontwikkelgesprek
"""

SURVEY_CSV = """\
vraag;helemaal_mee_oneens;mee_oneens;neutraal;mee_eens;helemaal_mee_eens
Ik leer veel van collega's;3;9;31;112;59
Ik weet waaraan ik mijn ontwikkelbudget mag besteden;28;61;57;52;16
Ik heb tijd om te leren naast mijn werk;34;72;48;45;15
Mijn leidinggevende stimuleert mijn ontwikkeling;12;25;51;88;38
"""

WORK_FORMAT = """\
# Werkvorm: actieleren in trio's

**Duur:** 75 minuten. **Groep:** drie personen, een vraagsteller en twee bevragers.

## Stappen

1. De vraagsteller beschrijft in vijf minuten een leiderschapsvraagstuk uit de eigen hogeschool.
2. De bevragers stellen alleen open vragen, twintig minuten lang; geen adviezen.
3. De vraagsteller herformuleert het vraagstuk en kiest één kleine actie voor de komende weken.
4. Bij de volgende bijeenkomst vertelt de vraagsteller wat de actie opleverde.

## Waarom in trio's

In een kleine groep durven leidinggevenden meer te laten zien van hun twijfel. De vaste trio's
blijven het hele jaar bij elkaar, zodat vertrouwen kan groeien.

*Alleen voor de leergroep: de casussen zijn vertrouwelijk.*
"""

PUBLICATION = """\
# HR als leerpartner van leidinggevenden

Leidinggevenden die zelf blijven leren, maken leren in hun team gewoon. Toch krijgt het leren van
leidinggevenden op hogescholen weinig aandacht: programma's zijn er vooral voor nieuwe
teamleiders, daarna houdt het op.

In dit artikel beschrijven we wat de leergroep Leiders die leren in een jaar ontdekte. De HR-
adviseur kan een leerpartner zijn: iemand die meedenkt, vragen stelt en verbindt met collega's
die voor hetzelfde vraagstuk staan, in plaats van een cursus aan te bieden.

Drie rollen bleken waardevol: de sparringpartner bij een concreet vraagstuk, de verbinder die
leidinggevenden van verschillende opleidingen samenbrengt, en de spiegel die feedback uit het
team helpt te ordenen. Die rollen vragen van HR een andere houding dan die van dienstverlener.

We sluiten af met vijf vragen die HR-adviseurs zichzelf kunnen stellen voordat ze een
leiderschapsprogramma opzetten.
"""

MINUTES_MEETING = """\
# Verslag derde bijeenkomst, 6 februari 2020

Thema van de plenaire werkplaats: werkdruk en werkgeluk.

## Plenaire werkplaats

Floor Smit en Anouk de Vries lieten zien hoe teams met eigen afspraken hun werkdruk verminderen.
Deelnemers probeerden de gesprekskaart werkgeluk in tweetallen uit. Veel herkenning: werkdruk is
vaak een kwestie van versnippering, niet alleen van te veel werk.

## Leergroepen

De vier leergroepen werkten aan hun eigen vraagstuk. In de plenaire afsluiting presenteerde
elke groep haar vorderingen. Talent zichtbaar maken heeft de talentenscan in drie teams
uitgeprobeerd; Leiders die leren bereidt een artikel voor.

## Afspraken voor de slotbijeenkomst

- elke leergroep kiest één opbrengst om met het werkveld te delen
- voorstellen voor de plenaire werkplaats kunnen tot 1 april worden ingediend
"""

TALENT_CSV = """\
nummer;vraag;toelichting
1;Waar krijg je energie van in je werk?;Denk aan taken en momenten van de afgelopen maand.
2;Waar vragen collega's jou om hulp bij?;Vaak een talent dat je zelf niet opmerkt.
3;Wat zou je graag vaker doen?;
4;Welk talent gebruik je buiten je werk?;Hobby's, vrijwilligerswerk, mantelzorg.
5;Wat leer je het makkelijkst?;
"""

TALENT_CSV_V2 = (
    TALENT_CSV
    + """6;Welk talent van een collega zou het team meer kunnen gebruiken?;Toegevoegd na de pilot.
"""
)

TALENT_GUIDE = """\
# Handleiding talentenscan voor teams

## Voor wie

Voor teamleiders en HR-adviseurs die met een team willen ontdekken welke talenten er zijn en hoe
die beter kunnen worden benut.

## Zo werkt het

Elk teamlid vult de vragenlijst in en neemt de antwoorden mee naar een teambijeenkomst van
anderhalf uur. In tweetallen bespreken collega's elkaars antwoorden; daarna maakt het team samen
een talentenkaart. De nabespreking is belangrijker dan de scan zelf.

## Wat het opleverde

In de drie teams van de pilot ontdekten teamleiders talenten die ze niet kenden, zoals een
docent die graag roosters puzzelt en een medewerker die gastlessen wil geven.
"""

BUDGET_CSV = """\
hogeschool;budget_per_fte_per_jaar;mag_voor;aanvragen_bij
Hogeschool A (fictief);500;cursussen, congressen, coaching;leidinggevende
Hogeschool B (fictief);750;cursussen, opleidingen, loopbaanadvies;HR-portaal
Hogeschool C (fictief);600;alles wat bijdraagt aan ontwikkeling;leidinggevende en HR
"""

CLOSING_PRESENTATION = """\
# Leiders die leren: opbrengsten van een jaar

Wat we wilden: onderzoeken hoe HR teamleiders en directeuren kan ondersteunen in hun eigen
ontwikkeling.

Wat we deden: een jaar actieleren in vaste trio's, met een vraagstuk uit ieders hogeschool, en
gesprekken met twintig leidinggevenden over hoe zij leren.

Wat we leerden: leidinggevenden leren het meest van collega's met hetzelfde vraagstuk; een
cursus helpt pas als de vraag helder is. HR is waardevol als leerpartner, niet als aanbieder.

Wat we delen: het artikel HR als leerpartner van leidinggevenden en de werkvorm actieleren in
trio's (op aanvraag bij de leergroep).
"""

ONBOARDING = """\
Checklist onboarding nieuwe HR-collega's

Eerste week: kennismaken met het team, de belangrijkste systemen en de cao-regelingen.
Eerste maand: meelopen met een ervaren collega bij gesprekken met leidinggevenden.
Na drie maanden: een eerste eigen adviestraject en een gesprek over de ontwikkelwensen.
"""

DOCUMENTS = [
    DemoDocument(
        title="Toolkit strategische personeelsplanning",
        kind=DocumentKind.TOOLKIT,
        authors=("chantal.bakker@example.org", "joke.meijer@example.org"),
        day=dt.date(2019, 9, 20),
        themes=("Rol van HR", "Talentontwikkeling"),
        summary=(
            "Een stappenplan met gesprekskaarten en een rekenmodel waarmee HR-adviseurs samen "
            "met een teamleider de personeelsplanning van een opleiding voor de komende vijf "
            "jaar opstellen."
        ),
        body=(
            "Deze toolkit helpt HR-adviseurs om strategische personeelsplanning **klein en "
            "concreet** te maken: per team, in gesprek met de teamleider, in plaats van als "
            "groot project voor de hele hogeschool.\n\n"
            "De toolkit bestaat uit een stappenplan in vier stappen, een set gesprekskaarten "
            "over mogelijke toekomsten van de opleiding en een eenvoudig rekenmodel voor de "
            "verwachte uitstroom. Het rekenmodel is een CSV-bestand dat je in elk "
            "spreadsheetprogramma opent.\n\n"
            "Versie 2 is aangevuld met de feedback uit de tweede bijeenkomst: hoe houd je het "
            "plan levend nadat het eerste gesprek is gevoerd?\n\n"
            "Gebruik en bewerk de toolkit gerust, met bronvermelding (CC BY 4.0)."
        ),
        files=(
            DemoFile(
                "Toolkit strategische personeelsplanning.docx",
                TOOLKIT_V1,
                versions=(
                    (
                        TOOLKIT_V2,
                        "Verwerkt: feedback uit de tweede bijeenkomst",
                        "joke.meijer@example.org",
                        dt.date(2019, 10, 24),
                    ),
                ),
            ),
            DemoFile("Rekenmodel formatie en uitstroom.csv", FORMATION_CSV),
        ),
    ),
    DemoDocument(
        title="Verslag leergroep Werkgeluk in teams, tweede bijeenkomst",
        kind=DocumentKind.MINUTES,
        authors=("floor.smit@example.org",),
        day=dt.date(2019, 10, 14),
        themes=("Werkdruk en werkgeluk", "Teamontwikkeling"),
        group="Werkgeluk in teams",
        meeting=1,
        visibility=Visibility.GROUP,
        summary="Wat we op de tweede bijeenkomst bespraken en afspraken, alleen voor de leergroep.",
        body=(
            "Op de tweede bijeenkomst keken we terug op de gesprekken met teams over hun "
            "afspraken rond bereikbaarheid en piekbelasting.\n\n"
            "We bespraken ook onze eigen rol: als HR-adviseurs nemen we het probleem van werkdruk "
            "snel over, terwijl het team zelf de beste afspraken maakt.\n\n"
            "Het volledige verslag met de afspraken staat in het bestand."
        ),
        files=(DemoFile("Verslag leergroep 2019-10-10.md", MINUTES_GROUP),),
    ),
    DemoDocument(
        title="Presentatie plenaire werkplaats: Innovaties in leren",
        kind=DocumentKind.PRESENTATION,
        authors=("esra.yilmaz@example.org", "bram.jansen@example.org"),
        day=dt.date(2019, 10, 11),
        themes=("Innovaties in leren",),
        meeting=1,
        visibility=Visibility.PUBLIC,
        summary=(
            "De presentatie van de plenaire werkplaats op de tweede bijeenkomst: microlearning, "
            "leren in communities en reverse mentoring op hogescholen."
        ),
        body=(
            "In de plenaire werkplaats van de tweede bijeenkomst verkenden we drie innovaties in "
            "leren die op hogescholen al worden uitgeprobeerd.\n\n"
            "- **Microlearning**: korte leereenheden tussen twee lessen door;\n"
            "- **Leren in communities**: docenten die samen een vraagstuk onderzoeken;\n"
            "- **Reverse mentoring**: studenten die docenten wegwijs maken.\n\n"
            "De presentatie eindigt met drie vragen voor de leergroepen. De werkplaats werd "
            "voorbereid door Esra Yılmaz en Bram Jansen."
        ),
        files=(DemoFile("Innovaties in leren - plenaire werkplaats.pdf", PRESENTATION),),
    ),
    DemoDocument(
        title="Best practice: stille uren in het team",
        kind=DocumentKind.BEST_PRACTICE,
        authors=("deelnemer@example.org", "anouk.devries@example.org"),
        day=dt.date(2019, 11, 28),
        themes=("Werkdruk en werkgeluk", "Teamontwikkeling"),
        group="Werkgeluk in teams",
        summary=(
            "Een team spreekt twee vaste ochtenden per week af zonder overleg en mail. Na een "
            "half jaar: meer gedaan, minder stress."
        ),
        body=(
            "Een van de elf voorbeelden van teamafspraken die de leergroep *Werkgeluk in teams* "
            "verzamelde, en het voorbeeld dat de meeste indruk maakte.\n\n"
            "Het team koos zelf twee ochtenden per week waarop niemand vergadert en niemand "
            "verwacht dat je mail beantwoordt. De teamleider houdt zich er ook aan, en dat bleek "
            "doorslaggevend.\n\n"
            "In het bestand staat het hele verhaal, met tips om het in je eigen team uit te "
            "proberen."
        ),
        files=(DemoFile("Stille uren - praktijkvoorbeeld.docx", BEST_PRACTICE),),
    ),
    DemoDocument(
        title="Quick win: het vijfminutengesprek over werkgeluk",
        kind=DocumentKind.QUICK_WIN,
        authors=("anouk.devries@example.org",),
        day=dt.date(2020, 1, 15),
        themes=("Werkdruk en werkgeluk", "Het leren van leiders"),
        visibility=Visibility.PUBLIC,
        summary=(
            "Eén vraag, vijf minuten, aan het begin van het teamoverleg: een eenvoudige opstap "
            "naar het gesprek over werkdruk."
        ),
        body=(
            "Een quick win die elke teamleider morgen kan uitproberen: begin het teamoverleg één "
            "keer per maand met de vraag *wat gaf je deze maand energie, en wat kostte energie?*\n\n"
            "Iedereen antwoordt kort, er is geen discussie. Na een paar maanden ziet het team "
            "patronen die anders verdwijnen.\n\n"
            "Uitgeprobeerd in drie teams van twee hogescholen."
        ),
        files=(DemoFile("Vijfminutengesprek werkgeluk.txt", QUICK_WIN),),
    ),
    DemoDocument(
        title="Samenvatting onderzoek: blijven leren na twintig jaar",
        kind=DocumentKind.RESEARCH,
        authors=("joke.meijer@example.org", "bram.jansen@example.org"),
        day=dt.date(2020, 1, 30),
        themes=("Levenlang leren", "Professionaliseren"),
        group="Leven lang ontwikkelen in de praktijk",
        summary=(
            "Een enquête onder 214 medewerkers en twaalf interviews: medewerkers leren vooral "
            "van collega's en nieuwe taken, en het ontwikkelbudget blijft vaak liggen."
        ),
        body=(
            "De leergroep *Leven lang ontwikkelen in de praktijk* onderzocht wat medewerkers van "
            "hogescholen aan het leren houdt na vele jaren in dezelfde functie.\n\n"
            "De samenvatting beschrijft de vraag, de aanpak, de bevindingen en drie "
            "aanbevelingen voor HR. De uitkomsten van de enquête staan per vraag in het "
            "CSV-bestand.\n\n"
            "Het onderzoek is verkennend: drie hogescholen, geen steekproef. De uitkomsten geven "
            "richting voor het gesprek, geen harde conclusies."
        ),
        files=(
            DemoFile("Samenvatting onderzoek blijven leren.docx", RESEARCH_DOCX),
            DemoFile("Enquete resultaten.csv", SURVEY_CSV),
        ),
    ),
    DemoDocument(
        title="Werkvorm: actieleren in trio's",
        kind=DocumentKind.WORK_FORMAT,
        authors=("gijs.mulder@example.org",),
        day=dt.date(2019, 11, 5),
        themes=("Het leren van leiders",),
        group="Leiders die leren",
        visibility=Visibility.GROUP,
        summary="Hoe we in vaste trio's werken aan leiderschapsvraagstukken uit onze hogescholen.",
        body=(
            "De werkvorm die de leergroep het hele jaar gebruikt: een vraagsteller en twee "
            "bevragers, alleen open vragen, en één kleine actie tot de volgende keer.\n\n"
            "De casussen die we inbrengen zijn vertrouwelijk; daarom houden we dit document in "
            "de groep.\n\n"
            "Na een half jaar merken we dat de vaste trio's het verschil maken: je hoeft je "
            "vraagstuk niet elke keer opnieuw uit te leggen en je durft meer te laten zien."
        ),
        files=(DemoFile("Actieleren in trio's.md", WORK_FORMAT),),
    ),
    DemoDocument(
        title="Artikel: HR als leerpartner van leidinggevenden",
        kind=DocumentKind.PUBLICATION,
        authors=("chantal.bakker@example.org", "ivo.bos@example.org"),
        day=dt.date(2020, 4, 20),
        themes=("Rol van HR", "Het leren van leiders"),
        visibility=Visibility.PUBLIC,
        summary=(
            "Wat de leergroep Leiders die leren in een jaar ontdekte over de rol van HR in het "
            "leren van leidinggevenden: sparringpartner, verbinder en spiegel."
        ),
        body=(
            "Een artikel voor vakgenoten in het hbo, geschreven voor de slotbijeenkomst en "
            "aangeboden aan een vakblad voor HRD.\n\n"
            "De kern: HR helpt leidinggevenden het meest als **leerpartner**, niet als aanbieder "
            "van programma's. Het artikel beschrijft drie rollen en sluit af met vijf vragen voor "
            "HR-adviseurs.\n\n"
            "Reacties zijn welkom, ook van buiten het leerplatform: het artikel is openbaar en "
            "mag met bronvermelding worden gedeeld."
        ),
        files=(DemoFile("HR als leerpartner van leidinggevenden.pdf", PUBLICATION),),
    ),
    DemoDocument(
        title="Verslag derde bijeenkomst: werkdruk en werkgeluk",
        kind=DocumentKind.MINUTES,
        authors=("projectadviseur@example.org",),
        day=dt.date(2020, 2, 10),
        themes=("Werkdruk en werkgeluk",),
        meeting=2,
        summary=(
            "Het verslag van de derde bijeenkomst: de plenaire werkplaats over werkdruk en "
            "werkgeluk, de vorderingen van de leergroepen en de afspraken voor de slot."
        ),
        body=(
            "Een kort verslag van de derde bijeenkomst voor wie er niet bij was, en om na te "
            "lezen wat we afspraken.\n\n"
            "De plenaire werkplaats ging over werkdruk en werkgeluk; daarna werkten de "
            "leergroepen en presenteerden ze hun vorderingen.\n\n"
            "De presentaties van de leergroepen staan bij hun voortgangsverslagen op de pagina "
            "van de bijeenkomst."
        ),
        files=(DemoFile("Verslag derde bijeenkomst.md", MINUTES_MEETING),),
    ),
    DemoDocument(
        title="Talentenscan voor teams",
        kind=DocumentKind.TOOLKIT,
        authors=("dirk.visser@example.org", "hanna.degroot@example.org"),
        day=dt.date(2020, 3, 12),
        themes=("Talentontwikkeling", "Teamontwikkeling"),
        group="Talent zichtbaar maken",
        summary=(
            "Een vragenlijst en een handleiding waarmee een team in anderhalf uur ontdekt welke "
            "talenten er zijn en hoe die beter worden benut."
        ),
        body=(
            "De talentenscan is in drie teams uitgeprobeerd. Teamleiders ontdekten talenten die "
            "ze niet kenden; de nabespreking in tweetallen bleek het belangrijkste deel.\n\n"
            "De vragenlijst (CSV) kun je aanpassen aan je eigen team. Versie 2 heeft een extra "
            "vraag die na de pilot is toegevoegd.\n\n"
            "De handleiding beschrijft hoe je de bijeenkomst met het team opzet."
        ),
        files=(
            DemoFile(
                "Talentenscan vragen.csv",
                TALENT_CSV,
                versions=(
                    (
                        TALENT_CSV_V2,
                        "Vraag 6 toegevoegd na de pilot in drie teams",
                        "hanna.degroot@example.org",
                        dt.date(2020, 4, 2),
                    ),
                ),
            ),
            DemoFile("Handleiding talentenscan.docx", TALENT_GUIDE),
        ),
    ),
    DemoDocument(
        title="Overzicht ontwikkelbudgetten per hogeschool",
        kind=DocumentKind.RESEARCH,
        authors=("esra.yilmaz@example.org",),
        day=dt.date(2019, 12, 2),
        themes=("Levenlang leren",),
        group="Leven lang ontwikkelen in de praktijk",
        visibility=Visibility.GROUP,
        licence=Licence.ALL_RIGHTS_RESERVED,
        summary=(
            "Hoe drie hogescholen hun ontwikkelbudget regelen: bedrag, waarvoor, en waar je het "
            "aanvraagt. Voorlopige cijfers, alleen voor de leergroep."
        ),
        body=(
            "Een werkoverzicht voor het onderzoek van de leergroep. De cijfers zijn nog niet "
            "gecontroleerd bij de hogescholen zelf; deel ze daarom niet buiten de groep.\n\n"
            "Per hogeschool staan het bedrag per fte per jaar, waarvoor het budget mag worden "
            "gebruikt en bij wie je het aanvraagt.\n\n"
            "Esra vraagt de ontbrekende hogescholen in de komende weken om hun regeling."
        ),
        files=(DemoFile("Ontwikkelbudgetten.csv", BUDGET_CSV),),
    ),
    DemoDocument(
        title="Presentatie slotbijeenkomst: Leiders die leren",
        kind=DocumentKind.PRESENTATION,
        authors=("ivo.bos@example.org", "chantal.bakker@example.org"),
        day=dt.date(2020, 5, 14),
        themes=("Het leren van leiders",),
        group="Leiders die leren",
        meeting=3,
        summary="De opbrengsten van een jaar leergroep Leiders die leren, gepresenteerd aan het werkveld.",
        body=(
            "Op de slotbijeenkomst presenteerde de leergroep wat een jaar actieleren opleverde "
            "voor de deelnemers en voor hun hogescholen.\n\n"
            "De presentatie vat samen wat we wilden, deden, leerden en delen.\n\n"
            "Het artikel over HR als leerpartner van leidinggevenden staat ook in de bibliotheek."
        ),
        files=(DemoFile("Leiders die leren - slotbijeenkomst.pdf", CLOSING_PRESENTATION),),
    ),
    DemoDocument(
        title="Checklist onboarding nieuwe HR-collega's",
        kind=DocumentKind.WORK_FORMAT,
        authors=("hanna.degroot@example.org",),
        day=dt.date(2020, 2, 20),
        themes=("Professionaliseren",),
        summary="Een eerste opzet voor de eerste drie maanden van een nieuwe HR-collega.",
        body=(
            "Een eerste opzet voor het inwerken van nieuwe HR-collega's: wat in de eerste week, "
            "de eerste maand en na drie maanden aan bod komt.\n\n"
            "Geschreven voor de leergroep Talent zichtbaar maken, die nieuwe collega's ook "
            "naar hun talenten wil vragen.\n\n"
            "Een uitgebreidere versie volgt; deze opzet kan daarom weg."
        ),
        files=(DemoFile("Checklist onboarding.txt", ONBOARDING),),
        deleted_days_ago=3,
    ),
]


# --- Loading -----------------------------------------------------------------------------------


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=AMSTERDAM)


def _people() -> dict[str, User]:
    emails = {e for d in DOCUMENTS for e in d.authors} | {
        v[2] for d in DOCUMENTS for f in d.files for v in f.versions
    }
    return {user.email: user for user in User.objects.filter(email__in=emails)}


@transaction.atomic
def load_library_examples(edition: Edition) -> list[Document]:
    """Add the demo documents that the edition does not have yet; returns the new ones."""
    people = _people()
    groups = {g.name: g for g in LearningGroup.objects.filter(edition=edition)}
    meetings = list(edition.meetings.order_by("starts_at"))
    themes = {t.title: t for t in edition.themes.all()}
    existing = set(Document.objects.filter(edition=edition).values_list("title", flat=True))
    created = []
    for demo in DOCUMENTS:
        authors = [people[e] for e in demo.authors if e in people]
        group = groups.get(demo.group) if demo.group else None
        if demo.title in existing or not authors or (demo.group and group is None):
            continue
        meeting = None
        if demo.meeting is not None and demo.meeting < len(meetings):
            meeting = meetings[demo.meeting]
        document = services.create_document(
            edition=edition,
            actor=authors[0],
            title=demo.title,
            summary=demo.summary,
            body=demo.body,
            kind=demo.kind,
            themes=[themes[t] for t in demo.themes if t in themes],
            group=group,
            meeting=meeting,
            authors=authors,
            visibility=demo.visibility,
            licence=demo.licence,
            uploads=[f.upload() for f in demo.files],
            # "Public" asks the co-authors (the people are fictional: no emails); their yes
            # follows in `demo.outputs`, which publishes these documents.
            notify=False,
        )
        attachments = list(Attachment.objects.filter(document=document).order_by("id"))
        _backdate(document, demo.day, attachments)
        for demo_file, attachment in zip(demo.files, attachments, strict=False):
            for content, note, email, day in demo_file.versions:
                services_files.upload_version(
                    attachment=attachment,
                    upload=demo_file.upload(content),
                    actor=people.get(email, authors[0]),
                    note=note,
                )
                attachment.refresh_from_db(fields=["current"])
                assert attachment.current_id is not None  # the version just uploaded
                FileVersion.objects.filter(pk=attachment.current_id).update(created_at=_at(day, 14))
        if demo.deleted_days_ago is not None:
            services.delete_document(document=document, actor=authors[0])
            moment = timezone.now() - dt.timedelta(days=demo.deleted_days_ago)
            Document.objects.filter(pk=document.pk).update(deleted_at=moment)
        index.index(document)
        created.append(document)
    return created


def _backdate(document: Document, day: dt.date, attachments: list[Attachment]) -> None:
    """Move a new document and its first file versions to the day it was made in the edition."""
    moment = _at(day)
    Document.objects.filter(pk=document.pk).update(created_at=moment, updated_at=moment)
    Attachment.objects.filter(pk__in=[a.pk for a in attachments]).update(created_at=moment)
    FileVersion.objects.filter(attachment__in=attachments).update(created_at=moment)
