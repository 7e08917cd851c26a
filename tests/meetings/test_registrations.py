"""Registering for meetings, the waiting list, guests of the closing meeting, attendance, exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import ValidationError
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from leerplatform.accounts.models import User
from leerplatform.core.exports import safe_cell
from leerplatform.core.models import ActivityEntry, Direction, Verb
from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Role
from leerplatform.meetings.models import (
    Meeting,
    MeetingKind,
    MeetingStatus,
    Registration,
    RegistrationStatus,
)
from leerplatform.meetings.queries.registrations import registration_context, waitlist_position
from leerplatform.meetings.services import registrations as services
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

BASE = "http://testserver"


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what services enqueue after commit (the emails), as the real request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def upcoming(edition, *, days: int = 14, kind: str = MeetingKind.REGULAR, **fields):
    day = (timezone.localtime() + dt.timedelta(days=days)).date()
    return factories.make_meeting(edition, day=day, kind=kind, **fields)


@pytest.fixture
def meeting(edition):
    return upcoming(edition, title="Tweede bijeenkomst", venue_name="Hogeschool Utrecht")


@pytest.fixture
def closing(edition):
    return upcoming(edition, days=40, kind=MeetingKind.CLOSING, title="Slotbijeenkomst")


def member(edition, name: str, **fields):
    return factories.make_member(edition, role=Role.PARTICIPANT, name=name, **fields)


def register(meeting, user, **details):
    return services.register_for_meeting(meeting=meeting, user=user, **details)


def entries(verb, **filters):
    return ActivityEntry.objects.filter(verb=verb, **filters)


def ics_of(message) -> Calendar:
    (attachment,) = [a for a in message.attachments if a[0].endswith(".ics")]
    _filename, content, mimetype = attachment
    assert mimetype.startswith("text/calendar")
    assert "method=PUBLISH" in mimetype
    return Calendar.from_ical(content)


def page_messages(response) -> str:
    return " ".join(str(m) for m in response.wsgi_request._messages)


# --- Registering -------------------------------------------------------------------------------


def test_participant_registers_with_dietary_wishes_and_gets_a_calendar_file(
    meeting, participant, on_commit
):
    with on_commit():
        response = client_for(participant).post(
            reverse("meetings:register", kwargs={"pk": meeting.pk}),
            {"dietary_wishes": "vegetarisch", "remark": "Ik kom met de trein."},
        )
    assert response.status_code == 302
    assert response.url == reverse("meetings:detail", kwargs={"pk": meeting.pk})
    registration = Registration.objects.get(meeting=meeting, user=participant)
    assert registration.status == RegistrationStatus.REGISTERED
    assert (registration.dietary_wishes, registration.remark) == (
        "vegetarisch",
        "Ik kom met de trein.",
    )

    entry = entries(Verb.REGISTERED).get()
    assert entry.actor == participant
    assert entry.target == meeting
    assert entry.edition == meeting.edition
    assert entry.visibility == Visibility.PLATFORM

    (message,) = mail.outbox
    assert message.to == [participant.email]
    assert meeting.title in message.subject
    assert "vegetarisch" in message.body
    assert f"{BASE}/meetings/{meeting.pk}/" in message.body
    calendar = ics_of(message)
    assert str(calendar["METHOD"]) == "PUBLISH"
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == meeting.title
    assert event.decoded("DTSTART") == meeting.starts_at
    assert str(event["DTSTART"].params["TZID"]) == "Europe/Amsterdam"
    assert event.decoded("DTSTART").hour == 9  # 09:30 in Amsterdam, whatever the season
    assert "Hogeschool Utrecht" in str(event["LOCATION"])


@pytest.mark.parametrize(
    ("field", "length"), [("dietary_wishes", 301), ("remark", 501)], ids=["wishes", "remark"]
)
def test_too_long_details_are_refused_beside_the_field(meeting, participant, field, length):
    response = client_for(participant).post(
        reverse("meetings:register", kwargs={"pk": meeting.pk}), {field: "x" * length}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(rf'name="{field}"[^>]*aria-invalid="true"', html)
    assert 'class="errorlist' in html
    assert not Registration.objects.exists()


def test_registering_after_the_deadline_is_refused(meeting, participant):
    meeting.registration_deadline = timezone.now() - dt.timedelta(minutes=1)
    meeting.save()
    response = client_for(participant).post(
        reverse("meetings:register", kwargs={"pk": meeting.pk}), {}
    )
    assert response.status_code == 200
    assert 'name="dietary_wishes"' not in response.content.decode()  # no form any more
    assert not Registration.objects.exists()
    with pytest.raises(services.RegistrationClosed):
        register(meeting, participant)


def test_without_a_deadline_registration_closes_when_the_meeting_starts(edition, participant):
    started = factories.make_meeting(edition, day=timezone.localdate())
    started.starts_at = timezone.now() - dt.timedelta(minutes=5)
    started.ends_at = timezone.now() + dt.timedelta(hours=5)
    started.save()
    with pytest.raises(services.RegistrationClosed):
        register(started, participant)


def test_a_deadline_in_the_future_keeps_registration_open(meeting, participant):
    meeting.registration_deadline = timezone.now() + dt.timedelta(hours=1)
    meeting.save()
    assert register(meeting, participant).status == RegistrationStatus.REGISTERED


def test_a_cancelled_meeting_takes_no_registrations(meeting, participant):
    meeting.status = MeetingStatus.CANCELLED
    meeting.save()
    with pytest.raises(services.RegistrationClosed) as error:
        register(meeting, participant)
    assert error.value.code == "cancelled"


def test_only_active_members_register(meeting, participant, outsider):
    with pytest.raises(ValidationError):
        register(meeting, outsider)
    from leerplatform.editions.models import Membership

    Membership.objects.filter(user=participant).update(left_at=timezone.now())
    with pytest.raises(ValidationError):
        register(meeting, participant)
    assert not Registration.objects.exists()


def test_registering_again_only_updates_the_details(meeting, participant, on_commit):
    first = register(meeting, participant, dietary_wishes="vegan")
    with on_commit():
        again = register(meeting, participant, dietary_wishes="glutenvrij", remark="Later")
    assert again.pk == first.pk
    again.refresh_from_db()
    assert (again.dietary_wishes, again.remark) == ("glutenvrij", "Later")
    assert entries(Verb.REGISTERED).count() == 1
    assert mail.outbox == []


def test_registering_again_after_cancelling_reuses_the_row(meeting, participant, on_commit):
    first = register(meeting, participant)
    services.unregister_from_meeting(meeting=meeting, user=participant)
    with on_commit():
        again = register(meeting, participant, remark="Toch wel")
    assert again.pk == first.pk
    assert again.status == RegistrationStatus.REGISTERED
    assert again.cancelled_at is None
    assert Registration.objects.count() == 1
    assert entries(Verb.REGISTERED).count() == 2
    assert entries(Verb.UNREGISTERED).count() == 1
    assert len(mail.outbox) == 1


def test_unregistering_asks_first_and_then_cancels(meeting, participant):
    register(meeting, participant)
    client = client_for(participant)
    url = reverse("meetings:unregister", kwargs={"pk": meeting.pk})
    page = client.get(url)
    assert page.status_code == 200
    assert 'method="post"' in page.content.decode()
    assert Registration.objects.get().status == RegistrationStatus.REGISTERED
    response = client.post(url)
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.CANCELLED
    assert registration.cancelled_at is not None
    entry = entries(Verb.UNREGISTERED).get()
    assert (entry.actor, entry.target) == (participant, meeting)


def test_unregistering_is_possible_after_the_deadline_until_the_start(meeting, participant):
    register(meeting, participant)
    meeting.registration_deadline = timezone.now() - dt.timedelta(hours=1)
    meeting.save()
    services.unregister_from_meeting(meeting=meeting, user=participant)
    assert Registration.objects.get().status == RegistrationStatus.CANCELLED


def test_unregistering_after_the_start_is_refused(meeting, participant):
    register(meeting, participant)
    meeting.starts_at = timezone.now() - dt.timedelta(minutes=1)
    meeting.save()
    with pytest.raises(services.RegistrationClosed):
        services.unregister_from_meeting(meeting=meeting, user=participant)


def test_unregistering_without_a_registration_is_refused(meeting, participant):
    with pytest.raises(services.NotRegistered):
        services.unregister_from_meeting(meeting=meeting, user=participant)


# --- The waiting list ---------------------------------------------------------------------------


@pytest.fixture
def full(meeting, edition):
    """A meeting with one place, taken by Anna; Bram and Cas wait, in that order."""
    meeting.capacity = 1
    meeting.save()
    people = {name: member(edition, name) for name in ("Anna", "Bram", "Cas")}
    for name in ("Anna", "Bram", "Cas"):
        register(meeting, people[name])
    return people


def status_of(meeting, user) -> str:
    return Registration.objects.get(meeting=meeting, user=user).status


def test_when_full_people_join_the_waiting_list_in_order(meeting, full):
    assert status_of(meeting, full["Anna"]) == RegistrationStatus.REGISTERED
    assert status_of(meeting, full["Bram"]) == RegistrationStatus.WAITLISTED
    assert status_of(meeting, full["Cas"]) == RegistrationStatus.WAITLISTED
    positions = [
        waitlist_position(Registration.objects.get(user=full[name])) for name in ("Bram", "Cas")
    ]
    assert positions == [1, 2]
    assert waitlist_position(Registration.objects.get(user=full["Anna"])) is None


def test_the_waitlisted_are_told_their_position_on_the_page_and_by_email(
    meeting, full, edition, on_commit
):
    dana = member(edition, "Dana")
    with on_commit():
        response = client_for(dana).post(
            reverse("meetings:register", kwargs={"pk": meeting.pk}), {}
        )
    assert response.status_code == 302
    assert status_of(meeting, dana) == RegistrationStatus.WAITLISTED
    assert re.search(r"\b3\b", page_messages(response))
    (message,) = mail.outbox
    assert message.to == [dana.email]
    assert ics_of(message).walk("VEVENT")
    context = registration_context(meeting=meeting, user=dana)["registration_box"]
    assert context.is_waitlisted and context.position == 3


def test_a_freed_place_goes_to_the_first_waiting_with_a_ledger_row_and_email(
    meeting, full, on_commit
):
    with on_commit():
        services.unregister_from_meeting(meeting=meeting, user=full["Anna"])
    bram = Registration.objects.get(user=full["Bram"])
    assert bram.status == RegistrationStatus.REGISTERED
    assert bram.promoted_at is not None
    assert status_of(meeting, full["Cas"]) == RegistrationStatus.WAITLISTED
    assert waitlist_position(Registration.objects.get(user=full["Cas"])) == 1
    entry = entries(Verb.PROMOTED_FROM_WAITLIST).get()
    assert (entry.actor, entry.target) == (full["Bram"], meeting)
    (message,) = mail.outbox
    assert message.to == [full["Bram"].email]
    assert meeting.title in message.subject
    (event,) = ics_of(message).walk("VEVENT")
    assert str(event["SUMMARY"]) == meeting.title


def test_leaving_the_waiting_list_promotes_nobody(meeting, full, on_commit):
    with on_commit():
        services.unregister_from_meeting(meeting=meeting, user=full["Bram"])
    assert status_of(meeting, full["Cas"]) == RegistrationStatus.WAITLISTED
    assert not entries(Verb.PROMOTED_FROM_WAITLIST).exists()
    assert mail.outbox == []


def test_raising_the_capacity_fills_the_new_places_in_order(meeting, full, on_commit):
    meeting.capacity = 2
    meeting.save()
    with on_commit():
        promoted = services.fill_free_places(meeting)
    assert [r.user for r in promoted] == [full["Bram"]]
    assert status_of(meeting, full["Cas"]) == RegistrationStatus.WAITLISTED
    meeting.capacity = None  # no limit: everyone waiting gets a place
    meeting.save()
    assert [r.user for r in services.fill_free_places(meeting)] == [full["Cas"]]
    assert len(mail.outbox) == 1
    assert entries(Verb.PROMOTED_FROM_WAITLIST).count() == 2


def test_a_newcomer_does_not_jump_the_queue_when_a_place_is_free(meeting, full, edition):
    meeting.capacity = 2  # raised without filling the place
    meeting.save()
    dana = register(meeting, member(edition, "Dana"))
    assert status_of(meeting, full["Bram"]) == RegistrationStatus.REGISTERED
    assert dana.status == RegistrationStatus.WAITLISTED


def test_nobody_is_promoted_once_the_meeting_has_started(meeting, full):
    meeting.starts_at = timezone.now() - dt.timedelta(minutes=1)
    meeting.save()
    assert services.fill_free_places(meeting) == []


def test_a_rolled_back_registration_mails_nobody(meeting, participant, on_commit):
    from django.db import transaction

    with on_commit(), pytest.raises(RuntimeError), transaction.atomic():
        register(meeting, participant)
        raise RuntimeError("something later in the request failed")
    assert mail.outbox == []
    assert not Registration.objects.exists()


# --- The box on the meeting page ---------------------------------------------------------------


def render_box(meeting, user) -> str:
    """The box as the meeting page includes it (rendered alone: the page is built elsewhere)."""
    request = RequestFactory().get(f"/meetings/{meeting.pk}/")
    request.user = user
    template = engines["django"].from_string('{% include "meetings/_registration_box.html" %}')
    context = {"meeting": meeting, "edition": meeting.edition, "user": user}
    context |= registration_context(meeting=meeting, user=user)
    return template.render(context, request)


def test_the_box_offers_the_form_and_counts_places(meeting, participant):
    meeting.capacity = 10
    meeting.save()
    html = render_box(meeting, participant)
    assert reverse("meetings:register", kwargs={"pk": meeting.pk}) in html
    assert 'name="dietary_wishes"' in html
    assert "10" in html
    assert reverse("meetings:attendance", kwargs={"pk": meeting.pk}) not in html


def test_the_box_shows_my_registration_and_never_other_peoples(
    meeting, edition, participant, facilitator
):
    other = member(edition, "Zeno Zichtbaar")
    register(meeting, other, dietary_wishes="notenallergie", remark="geheim")
    register(meeting, participant, dietary_wishes="halal")
    html = render_box(meeting, participant)
    assert "halal" in html
    assert reverse("meetings:unregister", kwargs={"pk": meeting.pk}) in html
    assert "Zeno" not in html and "notenallergie" not in html and "geheim" not in html
    facilitator_html = render_box(meeting, facilitator)
    assert reverse("meetings:attendance", kwargs={"pk": meeting.pk}) in facilitator_html
    assert reverse("meetings:registrations_csv", kwargs={"pk": meeting.pk}) in facilitator_html
    assert "notenallergie" not in facilitator_html  # the box counts; the lists are elsewhere


def test_the_box_shows_the_waiting_list_position(meeting, full):
    html = render_box(meeting, full["Cas"])
    assert re.search(r"\b2\b", html)
    assert 'name="dietary_wishes"' in html  # the details can still be changed


def test_the_box_of_a_closing_meeting_offers_visitors_the_guest_form(closing, meeting):
    from django.contrib.auth.models import AnonymousUser

    html = render_box(closing, AnonymousUser())
    assert reverse("meetings:guest_register", kwargs={"pk": closing.pk}) in html
    assert 'name="organisation"' in html
    regular = render_box(meeting, AnonymousUser())
    assert "guest" not in regular and 'name="organisation"' not in regular


def test_the_box_costs_a_fixed_number_of_queries(
    meeting, full, django_assert_max_num_queries, edition
):
    for i in range(20):
        register(meeting, member(edition, f"Extra {i}"))
    user = User.objects.get(pk=full["Cas"].pk)
    with django_assert_max_num_queries(4):
        registration_context(meeting=meeting, user=user)


# --- Guests of the closing meeting ------------------------------------------------------------


def guest_post(client, meeting, **data):
    fields = {"name": "Gerda Gast", "email": "Gerda@Example.org", "organisation": "Gemeente Ede"}
    return client.post(reverse("meetings:guest_register", kwargs={"pk": meeting.pk}), fields | data)


def link_in(message, name: str) -> str:
    return re.search(rf"{BASE}/meetings/guests/[\w-]+/{name}/", message.body).group(0)


def test_a_guest_registers_confirms_and_cancels(closing, client, on_commit):
    with on_commit():
        response = guest_post(client, closing, dietary_wishes="vegan")
    assert response.status_code == 200
    assert "gerda@example.org" in response.content.decode()
    guest = Registration.objects.get()
    assert guest.is_guest and guest.guest_email == "gerda@example.org"
    assert guest.guest_confirmed_at is None
    assert services.places_taken(closing) == 0  # unconfirmed guests hold no place
    (link_mail,) = mail.outbox
    assert link_mail.to == ["gerda@example.org"]
    assert not link_mail.attachments
    confirm_url = link_in(link_mail, "confirm")
    cancel_url = link_in(link_mail, "cancel")

    page = client.get(confirm_url)  # opening the link changes nothing (mail scanners)
    assert page.status_code == 200
    guest.refresh_from_db()
    assert guest.guest_confirmed_at is None
    with on_commit():
        client.post(confirm_url)
    guest.refresh_from_db()
    assert guest.guest_confirmed_at is not None
    assert guest.status == RegistrationStatus.REGISTERED
    assert services.places_taken(closing) == 1
    entry = entries(Verb.REGISTERED).get()
    assert entry.actor is None and entry.visibility == Visibility.GROUP
    confirmation = mail.outbox[1]
    assert cancel_url in confirmation.body
    (event,) = ics_of(confirmation).walk("VEVENT")
    assert str(event["SUMMARY"]) == closing.title

    assert client.get(cancel_url).status_code == 200
    guest.refresh_from_db()
    assert guest.status == RegistrationStatus.REGISTERED
    client.post(cancel_url)
    guest.refresh_from_db()
    assert guest.status == RegistrationStatus.CANCELLED
    assert services.places_taken(closing) == 0
    assert entries(Verb.UNREGISTERED).count() == 1


def test_a_guest_who_cancels_frees_the_place_for_the_first_waiting(
    closing, edition, client, on_commit
):
    closing.capacity = 1
    closing.save()
    outcome = services.register_guest(
        meeting=closing, name="Gerda", email="g@example.org", organisation="X"
    )
    services.confirm_guest(token=outcome.registration.token)
    waiting = register(closing, member(edition, "Wim Wachter"))
    assert waiting.status == RegistrationStatus.WAITLISTED
    with on_commit():
        client.post(reverse("meetings:guest_cancel", kwargs={"token": outcome.registration.token}))
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.REGISTERED
    assert mail.outbox[-1].to == [waiting.user.email]


def test_guests_count_from_their_confirmation_and_queue_by_it(closing, edition):
    closing.capacity = 1
    closing.save()
    early = services.register_guest(
        meeting=closing, name="Vroeg", email="vroeg@example.org", organisation="X"
    ).registration
    member_registration = register(closing, member(edition, "Mia Member"))
    assert member_registration.status == RegistrationStatus.REGISTERED  # the guest held nothing
    confirmed = services.confirm_guest(token=early.token)
    assert confirmed.status == RegistrationStatus.WAITLISTED
    assert confirmed.registered_at >= member_registration.registered_at
    assert waitlist_position(confirmed) == 1


def test_a_duplicate_guest_address_gets_the_same_answer_and_the_link_again_later(
    closing, client, on_commit
):
    from django.core.cache import cache

    with on_commit():
        guest_post(client, closing)
    with on_commit():
        response = guest_post(client, closing, email="GERDA@example.org", name="Gerda G.")
    assert response.status_code == 200
    assert Registration.objects.count() == 1
    assert Registration.objects.get().guest_name == "Gerda G."  # not yet confirmed: updated
    assert len(mail.outbox) == 1  # at most one email per address per period
    assert response.context["outcome"].resent
    cache.clear()  # the period has passed
    with on_commit():
        guest_post(client, closing)
    assert len(mail.outbox) == 2
    assert link_in(mail.outbox[0], "confirm") == link_in(mail.outbox[1], "confirm")


def test_a_cancelled_guest_can_register_again_with_a_new_link(closing):
    first = services.register_guest(
        meeting=closing, name="G", email="g@example.org", organisation="X"
    ).registration
    old_token = first.token
    services.cancel_guest(token=old_token)
    again = services.register_guest(
        meeting=closing, name="G", email="g@example.org", organisation="X"
    )
    assert again.registration.pk == first.pk and not again.resent
    assert again.registration.token != old_token
    assert again.registration.status == RegistrationStatus.REGISTERED


def test_regular_meetings_refuse_guests(meeting, client):
    response = guest_post(client, meeting)
    assert response.status_code == 404
    with pytest.raises(services.RegistrationClosed):
        services.register_guest(meeting=meeting, name="G", email="g@example.org", organisation="X")
    assert not Registration.objects.exists()


def test_the_guest_form_reports_errors_beside_the_fields(closing, client):
    response = guest_post(client, closing, email="geen-adres", organisation="")
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'name="email"[^>]*aria-invalid="true"', html)
    assert re.search(r'name="organisation"[^>]*aria-invalid="true"', html)
    assert not Registration.objects.exists()


def test_guests_cannot_confirm_after_the_deadline(closing):
    guest = services.register_guest(
        meeting=closing, name="G", email="g@example.org", organisation="X"
    ).registration
    closing.registration_deadline = timezone.now() - dt.timedelta(minutes=1)
    closing.save()
    with pytest.raises(services.RegistrationClosed):
        services.confirm_guest(token=guest.token)


def test_a_cancelled_guest_link_cannot_be_confirmed(closing, client):
    guest = services.register_guest(
        meeting=closing, name="G", email="g@example.org", organisation="X"
    ).registration
    services.cancel_guest(token=guest.token)
    response = client.post(reverse("meetings:guest_confirm", kwargs={"token": guest.token}))
    assert response.status_code == 200
    guest.refresh_from_db()
    assert guest.guest_confirmed_at is None
    assert guest.status == RegistrationStatus.CANCELLED


# --- Attendance ---------------------------------------------------------------------------------


@pytest.fixture
def day(meeting, edition, closing):
    """Three registered people (one of them a confirmed guest of the closing meeting is not here:
    the attendance list is per meeting), one waiting, one cancelled."""
    meeting.capacity = 3
    meeting.save()
    people = {n: member(edition, n) for n in ("Bert", "Ans", "Çelik", "Wachtend", "Weg")}
    for name in ("Bert", "Ans", "Çelik", "Wachtend"):
        register(meeting, people[name])
    move_to_today(meeting)
    return people


def move_to_today(meeting) -> None:
    """Check-in is for the meeting's day: once people registered, the meeting is today."""
    today = timezone.localdate()
    zone = timezone.get_current_timezone()
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=dt.datetime.combine(today, dt.time(0, 1), tzinfo=zone),
        ends_at=dt.datetime.combine(today, dt.time(23, 59), tzinfo=zone),
        registration_deadline=None,
    )
    meeting.refresh_from_db()


def attendance_url(meeting) -> str:
    return reverse("meetings:attendance", kwargs={"pk": meeting.pk})


def check_in_url(registration) -> str:
    return reverse(
        "meetings:check_in",
        kwargs={"pk": registration.meeting_id, "registration_pk": registration.pk},
    )


def test_the_attendance_list_shows_the_registered_by_name_with_counts(meeting, day, facilitator):
    response = client_for(facilitator).get(attendance_url(meeting))
    assert response.status_code == 200
    html = response.content.decode()
    names = re.findall(r'class="attendee__name">([^<]+)<', html)
    assert names == ["Ans", "Bert", "Çelik"]  # the waiting and the cancelled are not listed
    assert re.search(r'attendance-counts__number">0</span> / 3', html)


def test_the_attendance_search_narrows_the_list_also_without_accents(meeting, day, facilitator):
    client = client_for(facilitator)
    html = client.get(attendance_url(meeting), {"q": "celik"}).content.decode()
    assert re.findall(r'class="attendee__name">([^<]+)<', html) == ["Çelik"]
    partial = client.get(
        attendance_url(meeting),
        {"q": "an"},
        headers={"HX-Request": "true", "HX-Target": "attendance-list"},
    ).content.decode()
    assert "<html" not in partial
    assert re.findall(r'class="attendee__name">([^<]+)<', partial) == ["Ans"]


def test_checking_in_with_htmx_swaps_the_row_and_records_attended_once(meeting, day, facilitator):
    client = client_for(facilitator)
    bert = Registration.objects.get(user=day["Bert"])
    response = client.post(check_in_url(bert), {"present": "1"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert f'id="attendee-{bert.pk}"' in html and "attendee--present" in html
    assert 'name="present" value="0"' in html  # the next tap undoes it
    # The counts change inside the page's persistent status region (not a new region).
    assert 'hx-swap-oob="innerHTML"' in html and re.search(r'number">1</span> / 3', html)
    bert.refresh_from_db()
    assert bert.attended_at is not None and bert.checked_in_by == facilitator

    entry = entries(Verb.ATTENDED).get()
    assert (entry.actor, entry.target, entry.direction) == (day["Bert"], meeting, Direction.TAKE)

    client.post(check_in_url(bert), {"present": "1"}, headers={"HX-Request": "true"})  # double tap
    client.post(check_in_url(bert), {"present": "0"}, headers={"HX-Request": "true"})  # undo
    bert.refresh_from_db()
    assert bert.attended_at is None and bert.checked_in_by is None
    client.post(check_in_url(bert), {"present": "1"}, headers={"HX-Request": "true"})  # again
    assert entries(Verb.ATTENDED).count() == 1  # append-only: recorded once, never deleted


def test_checking_in_without_javascript_posts_and_returns_to_the_list(meeting, day, facilitator):
    ans = Registration.objects.get(user=day["Ans"])
    response = client_for(facilitator).post(check_in_url(ans), {"present": "1", "q": "an"})
    assert response.status_code == 302
    assert response.url == f"{attendance_url(meeting)}?q=an#attendee-{ans.pk}"
    ans.refresh_from_db()
    assert ans.attended_at is not None


def test_only_people_holding_a_place_can_be_checked_in(meeting, day, facilitator):
    waiting = Registration.objects.get(user=day["Wachtend"])
    response = client_for(facilitator).post(
        check_in_url(waiting), {"present": "1"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 409
    waiting.refresh_from_db()
    assert waiting.attended_at is None
    assert not entries(Verb.ATTENDED).exists()


def test_checking_in_a_guest_records_no_ledger_row(closing, facilitator):
    guest = services.register_guest(
        meeting=closing, name="G", email="g@example.org", organisation="X"
    ).registration
    services.confirm_guest(token=guest.token)
    move_to_today(closing)
    services.set_attendance(registration=guest, present=True, actor=facilitator)
    guest.refresh_from_db()
    assert guest.attended_at is not None
    assert not entries(Verb.ATTENDED).exists()


def test_a_registration_of_another_meeting_is_not_found(meeting, closing, day, facilitator):
    bert = Registration.objects.get(user=day["Bert"])
    url = reverse("meetings:check_in", kwargs={"pk": closing.pk, "registration_pk": bert.pk})
    assert client_for(facilitator).post(url, {"present": "1"}).status_code == 404


def _fill(meeting, count: int) -> None:
    """`count` registrations, half members (with an institution) and half confirmed guests."""
    institution = factories.an_institution()
    users = User.objects.bulk_create(
        User(email=f"lid{i}@example.org", name=f"Lid {i:03}", institution=institution)
        for i in range(count // 2)
    )
    now = timezone.now()
    Registration.objects.bulk_create(
        [Registration(meeting=meeting, user=u, registered_at=now) for u in users]
        + [
            Registration(
                meeting=meeting,
                guest_name=f"Gast {i:03}",
                guest_email=f"gast{i}@example.org",
                guest_organisation="Elders",
                guest_confirmed_at=now,
                attended_at=now if i % 2 else None,
            )
            for i in range(count - count // 2)
        ]
    )


QUERIES_ATTENDANCE_PAGE = 5  # +1: the notification bell's unread count


@pytest.mark.parametrize("count", [5, 200])
def test_the_attendance_page_costs_the_same_queries_for_5_and_200(
    closing, facilitator, count, django_assert_num_queries
):
    _fill(closing, count)
    client = client_for(facilitator)
    client.get(attendance_url(closing))  # warm up: sessions, content types
    # session with its user, roles, meeting, registrations (with people and institutions), phase
    # bar perms
    with django_assert_num_queries(QUERIES_ATTENDANCE_PAGE):
        response = client.get(attendance_url(closing))
    assert response.content.decode().count('class="attendee__name"') == count


# --- Exports ------------------------------------------------------------------------------------


def read_csv(response) -> list[list[str]]:
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads the accents right
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_the_registrations_csv_lists_everyone_with_dutch_columns(
    closing, edition, facilitator, on_commit
):
    closing.capacity = 1
    closing.save()
    anna = member(edition, "Anna Aanwezig", institution=factories.an_institution())
    register(closing, anna, dietary_wishes="vegan", remark='=HYPERLINK("http://x")')
    register(closing, member(edition, "Bram Wacht"))
    services.register_guest(
        meeting=closing,
        name="-Gast",
        email="gast@example.org",
        organisation="@Organisatie",
    )
    response = client_for(facilitator).get(
        reverse("meetings:registrations_csv", kwargs={"pk": closing.pk})
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == [
        "naam",
        "e-mail",
        "organisatie/instelling",
        "status",
        "dieetwensen",
        "opmerking",
        "aangemeld op",
        "aanwezig",
    ]
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {"Anna Aanwezig", "Bram Wacht", "'-Gast"}
    anna_row = by_name["Anna Aanwezig"]
    assert anna_row[1] == anna.email
    assert anna_row[2] == anna.institution.name
    assert anna_row[3:6] == ["aangemeld", "vegan", '\'=HYPERLINK("http://x")']
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", anna_row[6])
    assert anna_row[7] == "nee"
    assert by_name["Bram Wacht"][3] == "wachtlijst"
    assert by_name["'-Gast"][2:4] == ["'@Organisatie", "onbevestigd"]


def test_the_attendance_csv_lists_who_holds_a_place_and_who_came(meeting, day, facilitator):
    bert = Registration.objects.get(user=day["Bert"])
    services.set_attendance(registration=bert, present=True, actor=facilitator)
    rows = read_csv(
        client_for(facilitator).get(reverse("meetings:attendance_csv", kwargs={"pk": meeting.pk}))
    )
    assert [row[0] for row in rows[1:]] == ["Ans", "Bert", "Çelik"]
    assert rows[2][7].startswith("ja ")
    assert rows[1][7] == "nee"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+31 6 1234", "'+31 6 1234"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Gewoon", "Gewoon"),
        ("", ""),
    ],
)
def test_cells_that_look_like_formulas_are_defused(value, expected):
    assert safe_cell(value) == expected


def test_participants_cannot_read_the_lists(meeting, day, participant):
    client = client_for(participant)
    for name in ("attendance", "registrations_csv", "attendance_csv"):
        assert client.get(reverse(f"meetings:{name}", kwargs={"pk": meeting.pk})).status_code == 403


def test_ledger_targets_are_meetings(meeting, participant):
    register(meeting, participant)
    entry = entries(Verb.REGISTERED).get()
    assert entry.target_type == ContentType.objects.get_for_model(meeting)
