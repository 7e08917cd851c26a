"""Discussions for the demo edition: each demo learning group gets one or two Dutch threads with a
few replies by its members, one of them opened to the edition. All people are fictional
(demo/edition.py); the groups come from demo/groups.py.

The lead calls `load_discussion_examples(edition)` after the groups demo. It is idempotent: a
thread that already exists in a group (by title) is left alone. Threads and replies go through the
services, so the ledger records the posts and the members are emailed as they would be; the times
are then spread over the past days so that the lists look lived in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from leerplatform.accounts.models import User
from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Edition
from leerplatform.groups.models import GroupMembership, LearningGroup, Post, Thread
from leerplatform.groups.services import discussions as services

STEP = dt.timedelta(hours=3, minutes=17)  # between one post and the next


@dataclass(frozen=True)
class DemoThread:
    title: str
    author: str  # email of a member of the group
    text: str
    replies: tuple[tuple[str, str], ...]  # (email, text)
    visibility: str = Visibility.GROUP
    days_ago: int = 10


THREADS: dict[str, list[DemoThread]] = {
    "Werkgeluk in teams": [
        DemoThread(
            title="Teamafspraken over bereikbaarheid: wie heeft een voorbeeld?",
            author="deelnemer@example.org",
            visibility=Visibility.PLATFORM,
            days_ago=12,
            text=(
                "Voor onze verzameling goede voorbeelden zoek ik **teamafspraken over "
                "bereikbaarheid** buiten werktijd. Bij ons hebben twee opleidingsteams "
                "afgesproken dat er na 19.00 uur geen mail meer wordt verwacht.\n\n"
                "Hebben jullie op je hogeschool iets vergelijkbaars? Ook wie niet in onze "
                "leergroep zit mag het ons vertellen in de pauze van de volgende bijeenkomst."
            ),
            replies=(
                (
                    "anouk.devries@example.org",
                    "Bij ons werkt één team met *stille uren* op woensdagochtend: geen "
                    "overleggen, geen chat. Ik vraag de teamleider of we hun afsprakenkaart "
                    "mogen delen.",
                ),
                (
                    "floor.smit@example.org",
                    "Mooi! Wij hebben alleen beleid op papier. Ik ben benieuwd hoe die teams "
                    "het gesprek erover hebben gevoerd, meer dan naar de regel zelf.",
                ),
                (
                    "deelnemer@example.org",
                    "Goed punt, Floor. Laten we dat meenemen in de gesprekskaart: niet de "
                    "regel, maar de vragen die het team zichzelf stelt.",
                ),
            ),
        ),
        DemoThread(
            title="Voorbereiding intervisie volgende bijeenkomst",
            author="anouk.devries@example.org",
            days_ago=4,
            text=(
                "Voor de intervisie van de volgende keer: wie brengt een casus in? Ik stel "
                "voor dat we de *incidentmethode* gebruiken, dan hebben we aan 45 minuten "
                "genoeg.\n\n- casus van maximaal één alinea\n- graag vooraf hier delen"
            ),
            replies=(
                (
                    "floor.smit@example.org",
                    "Ik breng een casus in over een teamleider die werkdruk niet bespreekbaar "
                    "vindt. Ik zet de korte beschrijving hier vóór het weekend.",
                ),
            ),
        ),
    ],
    "Leven lang ontwikkelen in de praktijk": [
        DemoThread(
            title="Vergelijking ontwikkelbudgetten: format",
            author="bram.jansen@example.org",
            days_ago=9,
            text=(
                "Om ons beleid te vergelijken heb ik een eenvoudig format gemaakt: hoogte van "
                "het budget, wie beslist, wat meetelt (ook tijd?) en hoeveel er echt wordt "
                "gebruikt. Willen jullie dat voor je eigen hogeschool invullen?"
            ),
            replies=(
                (
                    "esra.yilmaz@example.org",
                    "Ingevuld voor Avans. Opvallend: bijna de helft van het budget blijft "
                    "liggen, vooral bij ondersteunende diensten.",
                ),
                (
                    "joke.meijer@example.org",
                    "Bij Windesheim herkennen we dat. Ik vraag onze controller om de cijfers "
                    "per dienst, dan kunnen we het naast elkaar leggen.",
                ),
            ),
        ),
        DemoThread(
            title="Vraag aan de editie: loopbaangesprekken na 20 jaar",
            author="joke.meijer@example.org",
            visibility=Visibility.PLATFORM,
            days_ago=3,
            text=(
                "Wij zoeken voorbeelden van **loopbaangesprekken met medewerkers die al lang "
                "in dezelfde functie werken**. Wat werkt bij jullie? Reageer gerust bij de "
                "volgende bijeenkomst, of vraag een van ons."
            ),
            replies=(
                (
                    "bram.jansen@example.org",
                    "Aanvulling: we zijn vooral benieuwd naar gesprekken die *niet* door HR "
                    "worden gevoerd, maar door collega's onderling.",
                ),
            ),
        ),
    ],
    "Leiders die leren": [
        DemoThread(
            title="Actieleren: onze vraagstukken op een rij",
            author="chantal.bakker@example.org",
            days_ago=7,
            text=(
                "Zoals afgesproken zet ieder hier zijn vraagstuk voor de actieleerset neer, "
                "in één of twee zinnen. Dit blijft binnen de groep."
            ),
            replies=(
                (
                    "gijs.mulder@example.org",
                    "Hoe krijg ik onze directeuren zover dat ze zelf feedback vragen aan hun "
                    "teams, in plaats van het via HR te laten lopen?",
                ),
                (
                    "ivo.bos@example.org",
                    "Mijn vraagstuk: nieuwe teamleiders krijgen een cursus, maar daarna staan "
                    "ze er alleen voor. Hoe organiseren we leren in het eerste jaar?",
                ),
            ),
        ),
    ],
    "Talent zichtbaar maken": [
        DemoThread(
            title="Eerste ervaringen met de talentenscan",
            author="dirk.visser@example.org",
            days_ago=5,
            text=(
                "Het eerste team heeft de talentenscan ingevuld. Wat me opviel: mensen noemen "
                "vooral talenten die ze *niet* in hun huidige werk gebruiken. Hanna, hoe ging "
                "het bij jullie?"
            ),
            replies=(
                (
                    "hanna.degroot@example.org",
                    "Herkenbaar! Bij ons kwamen er drie mensen uit die graag zouden "
                    "lesgeven. We gaan kijken of ze een gastles kunnen verzorgen.",
                ),
            ),
        ),
    ],
}


def _active_members(group: LearningGroup) -> dict[str, User]:
    memberships = GroupMembership.objects.active().filter(group=group).select_related("user")
    return {m.user.email: m.user for m in memberships.order_by("joined_at", "pk")}


def _spread_times(thread: Thread, *, days_ago: int) -> None:
    """Move the thread and its posts into the past: the first post `days_ago` days back at
    09:40, each reply about three hours after the one before."""
    start = timezone.localtime().replace(hour=9, minute=40, second=0, microsecond=0)
    start -= dt.timedelta(days=days_ago)
    posts = list(Post.objects.filter(thread=thread).order_by("created_at", "id"))
    for index, post in enumerate(posts):
        moment = start + index * STEP
        Post.objects.filter(pk=post.pk).update(created_at=moment)
    last = start + (len(posts) - 1) * STEP
    Thread.objects.filter(pk=thread.pk).update(created_at=start, last_post_at=last)


@transaction.atomic
def load_discussion_examples(edition: Edition) -> list[Thread]:
    """Give each demo group of the edition its example threads (once); returns the new ones."""
    created = []
    for group in LearningGroup.objects.filter(edition=edition, name__in=THREADS):
        members = _active_members(group)
        if not members:
            continue
        fallback = next(iter(members.values()))
        existing = set(Thread.objects.filter(group=group).values_list("title", flat=True))
        for example in THREADS[group.name]:
            if example.title in existing:
                continue
            thread = services.start_thread(
                group=group,
                author=members.get(example.author, fallback),
                title=example.title,
                text=example.text,
                visibility=example.visibility,
            )
            for email, text in example.replies:
                services.reply(
                    thread=thread,
                    author=members.get(email, fallback),
                    text=text,
                )
            _spread_times(thread, days_ago=example.days_ago)
            created.append(thread)
    return created
