"""Two facilitators make a closing meeting for the same edition at the same moment: both pass the
services' check, the database (`one_closing_meeting_per_edition`) keeps one, and the other is
told why in Dutch — not a 500.

PostgreSQL only, for the reason given in test_registration_concurrency.py (SQLite's in-memory
test database refuses a second concurrent writer instead of queueing it)."""

from __future__ import annotations

import datetime as dt
import threading
import time
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from leerplatform.editions.models import Role
from leerplatform.meetings.models import Meeting, MeetingKind
from leerplatform.meetings.services import meetings as services
from tests import factories

pytestmark = [
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="needs PostgreSQL: two real concurrent writers (see test_registration_concurrency)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
CHECK_DELAY = 0.3


def test_two_simultaneous_closing_meetings_one_is_kept_the_other_told_why(monkeypatch):
    edition = factories.make_edition(themes=1)
    facilitators = [
        factories.make_member(edition, role=Role.FACILITATOR, name=name) for name in ("A", "B")
    ]
    check = services.other_closing_meeting

    def slow_check(meeting):
        found = check(meeting)
        time.sleep(CHECK_DELAY)  # both look before either has saved
        return found

    monkeypatch.setattr(services, "other_closing_meeting", slow_check)
    barrier = threading.Barrier(2)
    made: list[Meeting] = []
    refused: list[ValidationError] = []
    errors: list[BaseException] = []

    def create(actor, day):
        try:
            barrier.wait(timeout=10)
            with translation.override("nl"):
                made.append(
                    services.create_meeting(
                        edition=edition,
                        actor=actor,
                        title=f"Slot {day}",
                        starts_at=dt.datetime(2020, 5, day, 10, tzinfo=AMSTERDAM),
                        ends_at=dt.datetime(2020, 5, day, 16, tzinfo=AMSTERDAM),
                        kind=MeetingKind.CLOSING,
                    )
                )
        except ValidationError as error:
            refused.append(error)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=create, args=(actor, day))
        for actor, day in zip(facilitators, (14, 15), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert len(made) == 1 and len(refused) == 1
    assert refused[0].message_dict["kind"][0].startswith("Deze editie heeft al een slotbijeenkomst")
    assert Meeting.objects.filter(edition=edition, kind=MeetingKind.CLOSING).count() == 1
