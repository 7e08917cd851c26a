"""Small factories for tests: real rows in the real database, made through our own services."""

from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.utils import timezone

from leerplatform.accounts.models import Institution, User
from leerplatform.editions import services
from leerplatform.editions.models import Edition, Phase, Role, Theme
from leerplatform.meetings.models import Meeting, MeetingKind, MeetingStatus

PASSWORD = "correct-horse-battery-staple"
_counter = itertools.count(1)
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def make_user(*, email: str | None = None, name: str | None = None, **fields) -> User:
    n = next(_counter)
    user = User.objects.create_user(
        email=email or f"person{n}@example.org",
        password=PASSWORD,
        name=name or f"Person {n}",
        **fields,
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def make_edition(*, themes: int = 8, phase: str = Phase.CONNECTING, **fields) -> Edition:
    n = next(_counter)
    edition = Edition.objects.create(
        name=fields.pop("name", f"Leerplatform {n}"),
        slug=fields.pop("slug", f"leerplatform-{n}"),
        starts_on=fields.pop("starts_on", dt.date(2019, 5, 1)),
        ends_on=fields.pop("ends_on", dt.date(2020, 5, 31)),
        phase=phase,
        **fields,
    )
    Theme.objects.bulk_create(
        Theme(edition=edition, position=i, title=f"Theme {i}") for i in range(1, themes + 1)
    )
    return edition


def make_running_edition(**fields) -> Edition:
    """An edition that runs today (began 60 days ago, ends in 300 days).

    `make_edition` defaults to 2019-05-01..2020-05-31, an edition that has ended; the calendar rules
    refuse applications, admissions without confirmation and consent withdrawal after the end.
    Use this where a test is about something else than those rules.
    """
    today = timezone.localdate()
    fields.setdefault("starts_on", today - dt.timedelta(days=60))
    fields.setdefault("ends_on", today + dt.timedelta(days=300))
    return make_edition(**fields)


def make_member(edition: Edition, *, role: str = Role.PARTICIPANT, **user_fields) -> User:
    user = make_user(**user_fields)
    services.add_member(edition=edition, user=user, role=role)
    return user


def make_meeting(
    edition: Edition,
    *,
    day: dt.date = dt.date(2019, 10, 10),
    kind: str = MeetingKind.REGULAR,
    status: str = MeetingStatus.PUBLISHED,
    **fields,
) -> Meeting:
    return Meeting.objects.create(
        edition=edition,
        title=fields.pop("title", f"Meeting on {day:%d-%m-%Y}"),
        starts_at=dt.datetime.combine(day, dt.time(9, 30), tzinfo=AMSTERDAM),
        ends_at=dt.datetime.combine(day, dt.time(16, 30), tzinfo=AMSTERDAM),
        kind=kind,
        status=status,
        **fields,
    )


def an_institution() -> Institution:
    return Institution.objects.order_by("name").first()
