"""The meeting page costs the same number of queries with 10 and with 500 registrations, and shows
who is coming (names to members only) and, after the day, who was there."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from leerplatform.accounts.models import User
from leerplatform.editions.models import Membership, Role
from leerplatform.meetings.models import Registration, RegistrationStatus
from tests import factories
from tests.conftest import client_for

# (+1 for participant and facilitator: the notification bell's unread count)
# A visitor: +1 for the header's public edition (issue 15: Opbrengsten and Leeragenda in the menu).
# The registrations are read once for the registration box's counts and for who is coming.
MAX_QUERIES = {"visitor": 5, "participant": 10, "facilitator": 10}


def fill(meeting, count: int, *, attended: bool = False) -> None:
    users = User.objects.bulk_create(
        User(email=f"r{meeting.pk}-{i}@example.org", name=f"Deelnemer {i:03d}")
        for i in range(count)
    )
    Membership.objects.bulk_create(
        Membership(user=u, edition=meeting.edition, role=Role.PARTICIPANT) for u in users
    )
    Registration.objects.bulk_create(
        Registration(
            meeting=meeting,
            user=u,
            status=RegistrationStatus.REGISTERED,
            attended_at=meeting.starts_at if attended and i % 2 == 0 else None,
        )
        for i, u in enumerate(users)
    )


@pytest.mark.parametrize("size", [10, 500])
@pytest.mark.parametrize("role", ["visitor", "participant", "facilitator"])
def test_meeting_page_queries_do_not_grow_with_registrations(
    edition, participant, facilitator, django_assert_max_num_queries, role, size
):
    meeting = factories.make_meeting(
        edition, day=timezone.localdate() + dt.timedelta(days=14), capacity=1000
    )
    fill(meeting, size)
    client = client_for(
        {"visitor": None, "participant": participant, "facilitator": facilitator}[role]
    )
    url = reverse("meetings:detail", kwargs={"pk": meeting.pk})
    with django_assert_max_num_queries(MAX_QUERIES[role]):
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["attendees"].registered == size


def test_members_see_who_is_coming_and_visitors_only_the_count(client, edition, participant):
    meeting = factories.make_meeting(edition, day=timezone.localdate() + dt.timedelta(days=14))
    fill(meeting, 3)
    url = reverse("meetings:detail", kwargs={"pk": meeting.pk})

    public = client.get(url).content.decode()
    member = client_for(participant).get(url).content.decode()

    assert "3 personen ingeschreven" in member
    assert "Deelnemer 001" in member
    assert "Deelnemer 001" not in public


def test_after_the_day_the_page_shows_attendance_figures(client, edition, participant):
    meeting = factories.make_meeting(edition, day=timezone.localdate() - dt.timedelta(days=3))
    fill(meeting, 4, attended=True)
    response = client_for(participant).get(reverse("meetings:detail", kwargs={"pk": meeting.pk}))
    attendees = response.context["attendees"]
    assert (attendees.present, attendees.registered, attendees.present_percentage) == (2, 4, 50)
    assert 'width="50"' in response.content.decode()


def test_who_is_coming_counts_confirmed_guests_and_names_members_in_order(edition, participant):
    """Only who holds a place counts (a guest once their address is confirmed); the waiting list
    is counted apart, a cancelled registration not at all; members are named by name, each a
    link to their profile, and no guest is named."""
    meeting = factories.make_meeting(edition, day=timezone.localdate() + dt.timedelta(days=14))
    zoe, anna, gone, waiting = (
        User.objects.create(email=f"{n.lower()}@example.org", name=f"{n} (fictief)")
        for n in ("Zoë", "Anna", "Weg", "Wacht")
    )
    for person in (zoe, anna, gone, waiting):
        Membership.objects.create(user=person, edition=edition, role=Role.PARTICIPANT)
    status = RegistrationStatus
    Registration.objects.bulk_create(
        [
            Registration(meeting=meeting, user=zoe, status=status.REGISTERED),
            Registration(meeting=meeting, user=anna, status=status.REGISTERED),
            Registration(meeting=meeting, user=gone, status=status.CANCELLED),
            Registration(meeting=meeting, user=waiting, status=status.WAITLISTED),
            Registration(
                meeting=meeting,
                guest_name="Gast Bevestigd",
                guest_email="gast1@example.org",
                guest_confirmed_at=timezone.now(),
                status=status.REGISTERED,
            ),
            Registration(
                meeting=meeting,
                guest_name="Gast Onbevestigd",
                guest_email="gast2@example.org",
                status=status.REGISTERED,
            ),
        ]
    )
    response = client_for(participant).get(reverse("meetings:detail", kwargs={"pk": meeting.pk}))
    attendees = response.context["attendees"]
    assert (attendees.registered, attendees.waitlisted, attendees.guests) == (3, 1, 1)
    assert [(p.pk, p.name) for p in attendees.people] == [(anna.pk, anna.name), (zoe.pk, zoe.name)]
    html = response.content.decode()
    assert f'href="{reverse("accounts:person", args=[anna.pk])}"' in html
    assert "Gast Bevestigd" not in html and "Weg (fictief)" not in html


def test_the_places_counted_from_the_pages_rows_are_the_places_the_database_counts(edition):
    """The meeting page counts its places from the registrations it names (one read); they are
    what the SQL count of the services' own definition (`HOLDS_PLACE_Q`, `WAITING_Q`) finds:
    members and confirmed guests hold or wait for a place, an unconfirmed guest does neither,
    a cancelled registration is no one."""
    from leerplatform.meetings.queries.registrations import place_counts, registration_rows

    meeting = factories.make_meeting(edition, day=timezone.localdate() + dt.timedelta(days=14))
    fill(meeting, 3)
    member = factories.make_member(edition)
    Registration.objects.create(meeting=meeting, user=member, status=RegistrationStatus.WAITLISTED)
    gone = factories.make_member(edition)
    Registration.objects.create(meeting=meeting, user=gone, status=RegistrationStatus.CANCELLED)
    now = timezone.now()
    for i, (status, confirmed) in enumerate(
        [
            (RegistrationStatus.REGISTERED, now),
            (RegistrationStatus.REGISTERED, None),
            (RegistrationStatus.WAITLISTED, now),
            (RegistrationStatus.WAITLISTED, None),
            (RegistrationStatus.CANCELLED, None),
        ]
    ):
        Registration.objects.create(
            meeting=meeting,
            guest_name=f"Gast {i} (fictief)",
            guest_email=f"gast{i}@example.org",
            status=status,
            guest_confirmed_at=confirmed,
        )

    from_rows = place_counts(meeting=meeting, rows=registration_rows(meeting))
    from_sql = place_counts(meeting=meeting)

    assert from_rows == from_sql
    assert (from_rows.registered, from_rows.waitlisted, from_rows.unconfirmed_guests) == (4, 2, 2)
