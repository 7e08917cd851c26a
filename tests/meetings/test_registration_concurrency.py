"""The capacity race: two people take the last place at the same moment; exactly one gets it.

Two threads, each with its own database connection, register at once (a Barrier releases them
together). To make the race real rather than lucky, counting the places is slowed down: without
the lock on the meeting row both threads would count "one place free" and both would get it —
the second test shows that this harness does catch that.

PostgreSQL only. The test database of SQLite is an in-memory database in shared-cache mode, where
a second writer fails at once with "database table is locked" instead of waiting (the busy
timeout does not apply to shared-cache locks), so two real concurrent writers cannot be shown
there. In production SQLite runs from a file with IMMEDIATE transactions: writers queue, one at
a time, which serialises the count just as the row lock does.
"""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from leerplatform.editions.models import Role
from leerplatform.meetings.models import Registration, RegistrationStatus
from leerplatform.meetings.services import registrations as services
from tests import factories

pytestmark = [
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason=(
            "needs PostgreSQL: SQLite's in-memory test database (shared cache) refuses a second "
            "concurrent writer instead of queueing it, so the race cannot be staged there"
        ),
    ),
    # Real commits in two connections; serialized_rollback restores the data migrations after.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COUNTING_DELAY = 0.3  # seconds between counting the places and writing the registration


@pytest.fixture
def slow_count(monkeypatch):
    """Counting places takes a while, as it might under load: the window for a race is wide."""
    count = services.places_taken

    def places_taken(meeting):
        taken = count(meeting)
        time.sleep(COUNTING_DELAY)
        return taken

    monkeypatch.setattr(services, "places_taken", places_taken)


@pytest.fixture
def last_place():
    """A meeting with two places, one taken; two members ready to take the other."""
    edition = factories.make_edition(themes=1)
    day = (timezone.localtime() + dt.timedelta(days=10)).date()
    meeting = factories.make_meeting(edition, day=day, capacity=2)
    first = factories.make_member(edition, role=Role.PARTICIPANT, name="Eerste")
    services.register_for_meeting(meeting=meeting, user=first)
    racers = [
        factories.make_member(edition, role=Role.PARTICIPANT, name=name)
        for name in ("Rosa Rap", "Ruben Rap")
    ]
    return meeting, racers


def _race(meeting, racers) -> tuple[list[Registration], list[BaseException]]:
    barrier = threading.Barrier(len(racers))
    results: list[Registration] = []
    errors: list[BaseException] = []

    def register(user):
        try:
            barrier.wait(timeout=10)
            results.append(services.register_for_meeting(meeting=meeting, user=user))
        except BaseException as error:  # reported by the test, not lost in the thread
            errors.append(error)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=register, args=(user,)) for user in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results, errors


def test_last_place_goes_to_one_of_two_simultaneous_registrations(last_place, slow_count):
    meeting, racers = last_place
    started = time.monotonic()
    results, errors = _race(meeting, racers)
    elapsed = time.monotonic() - started

    assert errors == []
    statuses = sorted(r.status for r in results)
    assert statuses == [RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED]
    assert (
        Registration.objects.filter(meeting=meeting, status=RegistrationStatus.REGISTERED).count()
        == 2
    )
    waiting = Registration.objects.get(meeting=meeting, status=RegistrationStatus.WAITLISTED)
    assert waiting.user in racers
    # The second one waited for the first one's lock: the two ran one after the other.
    assert elapsed >= 2 * COUNTING_DELAY


def test_without_the_lock_both_would_get_the_place(last_place, slow_count, monkeypatch):
    """A check of the harness itself: remove the row lock and the race is lost."""
    from leerplatform.meetings.models import Meeting

    monkeypatch.setattr(
        services,
        "_locked_meeting",
        lambda meeting: Meeting.objects.select_related("edition").get(pk=meeting.pk),
    )
    meeting, racers = last_place
    results, errors = _race(meeting, racers)
    assert errors == []
    assert [r.status for r in results] == [RegistrationStatus.REGISTERED] * 2
