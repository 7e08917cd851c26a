"""Generate a large edition for benchmarks: bulk inserts, fictional people only."""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType

from leerplatform.accounts.models import Institution, User
from leerplatform.core.models import ActivityEntry, Direction, Verb
from leerplatform.editions.models import Edition, Membership, Phase, Role, Theme
from leerplatform.meetings.models import Meeting, MeetingStatus

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def fill_edition(*, participants: int, meetings: int, activity: int, seed: int = 1):
    """One edition with the given numbers of participants, meetings and ledger rows."""
    rng = random.Random(seed)
    edition = Edition.objects.create(
        name="Benchmark-editie",
        slug="benchmark",
        starts_on=dt.date(2025, 1, 1),
        ends_on=dt.date(2027, 12, 31),
        phase=Phase.BUILDING,
        description="Een editie met veel gegevens.",
    )
    themes = Theme.objects.bulk_create(
        Theme(edition=edition, position=i, title=f"Thema {i}") for i in range(1, 9)
    )
    institutions = list(Institution.objects.all())
    password = make_password("bench-password")
    users = User.objects.bulk_create(
        User(
            email=f"deelnemer{i}@example.org",
            name=f"Deelnemer {i} (fictief)",
            password=password,
            institution=rng.choice(institutions) if institutions else None,
            job_title="HRD-adviseur",
        )
        for i in range(participants + 1)
    )
    facilitator, people = users[0], users[1:]
    Membership.objects.bulk_create(
        [Membership(user=facilitator, edition=edition, role=Role.FACILITATOR)]
        + [Membership(user=u, edition=edition, role=Role.PARTICIPANT) for u in people]
    )
    start = dt.datetime(2025, 2, 1, 9, 30, tzinfo=AMSTERDAM)
    Meeting.objects.bulk_create(
        Meeting(
            edition=edition,
            title=f"Bijeenkomst {i + 1}",
            starts_at=start + dt.timedelta(days=21 * i),
            ends_at=start + dt.timedelta(days=21 * i, hours=7),
            theme=themes[i % len(themes)],
            status=MeetingStatus.PUBLISHED,
        )
        for i in range(meetings)
    )
    user_type = ContentType.objects.get_for_model(User)
    ActivityEntry.objects.bulk_create(
        ActivityEntry(
            actor=rng.choice(people),
            verb=Verb.PROFILE_UPDATED,
            direction=Direction.NEUTRAL,
            edition=edition,
            target_type=user_type,
            target_id=str(rng.choice(people).pk),
            target_label="profiel",
        )
        for _ in range(activity)
    )
    return edition, facilitator, people[0]
