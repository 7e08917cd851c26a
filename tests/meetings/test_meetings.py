"""Meetings and their programme: facilitators create and edit them, members and visitors see them."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from leerplatform.core.models import ActivityEntry, Verb
from leerplatform.meetings.models import (
    Meeting,
    MeetingKind,
    MeetingStatus,
    ProgrammeItem,
    ProgrammeItemKind,
)
from leerplatform.meetings.services import meetings as services
from leerplatform.meetings.services import programme
from tests import factories

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def meeting_data(**changes) -> dict:
    data = {
        "title": "Derde bijeenkomst",
        "date": "2020-02-06",
        "start_time": "09:30",
        "end_time": "16:30",
        "kind": "regular",
        "venue_name": "De Leerplaats",
        "venue_address": "Voorbeeldstraat 1, Utrecht",
        "venue_directions": "Tien minuten *lopen* vanaf het station.",
        "description": "Over **werkdruk**.",
        "capacity": "40",
        "deadline_date": "2020-01-30",
        "deadline_time": "17:00",
        "status": "draft",
    }
    return data | changes


def item(meeting, start="09:30", end="12:00", kind=ProgrammeItemKind.PLENARY_WORKSHOP, title="X"):
    h1, m1 = map(int, start.split(":"))
    h2, m2 = map(int, end.split(":"))
    return programme.add_programme_item(
        meeting=meeting, starts_at=dt.time(h1, m1), ends_at=dt.time(h2, m2), kind=kind, title=title
    )


# --- Creating and editing ------------------------------------------------------------------------


def test_facilitator_creates_a_meeting_with_dutch_wall_clock_times(edition, facilitator, as_user):
    theme = edition.themes.get(title="Theme 7")
    response = as_user(facilitator).post(
        reverse("meetings:create", kwargs={"slug": edition.slug}),
        meeting_data(theme=theme.pk),
    )

    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("meetings:detail", kwargs={"pk": meeting.pk})
    assert meeting.starts_at == dt.datetime(2020, 2, 6, 9, 30, tzinfo=AMSTERDAM)
    assert meeting.ends_at == dt.datetime(2020, 2, 6, 16, 30, tzinfo=AMSTERDAM)
    assert meeting.starts_at.astimezone(dt.UTC).hour == 8  # CET is UTC+1 in February
    assert meeting.registration_deadline == dt.datetime(2020, 1, 30, 17, 0, tzinfo=AMSTERDAM)
    assert (meeting.capacity, meeting.theme, meeting.status) == (40, theme, MeetingStatus.DRAFT)
    assert not ActivityEntry.objects.filter(verb=Verb.MEETING_PUBLISHED).exists()


def test_a_deadline_without_a_time_closes_at_the_end_of_that_day(edition, facilitator, as_user):
    as_user(facilitator).post(
        reverse("meetings:create", kwargs={"slug": edition.slug}),
        meeting_data(deadline_time="", capacity=""),
    )
    meeting = Meeting.objects.get()
    assert meeting.registration_deadline == dt.datetime(2020, 1, 30, 23, 59, tzinfo=AMSTERDAM)
    assert meeting.capacity is None  # empty: no limit


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"end_time": "09:00"}, "end_time"),
        ({"end_time": "09:30"}, "end_time"),
        ({"deadline_date": "2020-02-07"}, "deadline_date"),
        ({"deadline_date": "2020-02-06", "deadline_time": "10:00"}, "deadline_date"),
        ({"capacity": "0"}, "capacity"),
        ({"capacity": "-5"}, "capacity"),
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"date": "06-02-2020x"}, "date"),
        ({"kind": "party"}, "kind"),
        ({"status": "secret"}, "status"),
    ],
)
def test_bad_input_shows_an_error_beside_the_field_and_saves_nothing(
    edition, facilitator, as_user, changes, field
):
    response = as_user(facilitator).post(
        reverse("meetings:create", kwargs={"slug": edition.slug}), meeting_data(**changes)
    )

    assert response.status_code == 200
    assert field in response.context["form"].errors
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html or f'id="id_{field}_0_error"' in html
    assert not Meeting.objects.exists()
    assert not ActivityEntry.objects.filter(verb=Verb.MEETING_PUBLISHED).exists()


def test_a_theme_of_another_edition_cannot_be_chosen(edition, facilitator, as_user):
    other = factories.make_edition()
    response = as_user(facilitator).post(
        reverse("meetings:create", kwargs={"slug": edition.slug}),
        meeting_data(theme=other.themes.first().pk),
    )
    assert "theme" in response.context["form"].errors
    assert not Meeting.objects.exists()


def test_bad_input_when_editing_leaves_the_meeting_unchanged(edition, facilitator, as_user):
    meeting = factories.make_meeting(edition, title="Oude titel")
    response = as_user(facilitator).post(
        reverse("meetings:edit", kwargs={"pk": meeting.pk}),
        meeting_data(title="Nieuwe titel", end_time="08:00"),
    )
    assert "end_time" in response.context["form"].errors
    meeting.refresh_from_db()
    assert meeting.title == "Oude titel"


def test_the_edit_form_shows_the_meeting_in_dutch_time(edition, facilitator, as_user):
    meeting = factories.make_meeting(edition, day=dt.date(2020, 3, 30))  # after the DST switch
    response = as_user(facilitator).get(reverse("meetings:edit", kwargs={"pk": meeting.pk}))
    html = response.content.decode()
    assert 'value="2020-03-30"' in html
    assert 'value="09:30"' in html
    assert 'value="16:30"' in html


def test_the_services_check_the_rules_too(edition, facilitator):
    start = dt.datetime(2020, 2, 6, 9, 30, tzinfo=AMSTERDAM)
    with pytest.raises(ValidationError) as error:
        services.create_meeting(
            edition=edition,
            actor=facilitator,
            title="",
            starts_at=start,
            ends_at=start - dt.timedelta(hours=1),
            capacity=0,
            registration_deadline=start + dt.timedelta(days=1),
        )
    assert set(error.value.error_dict) == {"title", "ends_at", "capacity", "registration_deadline"}
    assert not Meeting.objects.exists()


def test_publishing_and_cancelling_are_recorded_once_each(edition, facilitator, as_user):
    meeting = factories.make_meeting(edition, status=MeetingStatus.DRAFT)
    url = reverse("meetings:edit", kwargs={"pk": meeting.pk})
    client = as_user(facilitator)

    client.post(url, meeting_data(status="published"))
    client.post(url, meeting_data(status="published", title="Nog steeds gepubliceerd"))
    client.post(url, meeting_data(status="cancelled"))

    verbs = list(
        ActivityEntry.objects.filter(
            edition=edition, verb__in=[Verb.MEETING_PUBLISHED, Verb.MEETING_CANCELLED]
        )
        .order_by("created_at", "id")
        .values_list("verb", "actor")
    )
    assert verbs == [
        (Verb.MEETING_PUBLISHED, facilitator.pk),
        (Verb.MEETING_CANCELLED, facilitator.pk),
    ]
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED


def test_a_meeting_published_at_once_is_recorded(edition, facilitator):
    start = dt.datetime(2020, 2, 6, 9, 30, tzinfo=AMSTERDAM)
    meeting = services.create_meeting(
        edition=edition,
        actor=facilitator,
        title="Meteen zichtbaar",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=7),
        status=MeetingStatus.PUBLISHED,
    )
    entry = ActivityEntry.objects.get(verb=Verb.MEETING_PUBLISHED)
    assert entry.target == meeting
    assert entry.edition == edition


# --- Seeing meetings ----------------------------------------------------------------------------


def test_participants_see_published_and_cancelled_meetings_facilitators_also_drafts(
    edition, participant, facilitator, as_user
):
    factories.make_meeting(edition, title="Gepubliceerd", day=dt.date(2019, 10, 10))
    factories.make_meeting(
        edition, title="Afgelast", day=dt.date(2019, 11, 4), status=MeetingStatus.CANCELLED
    )
    factories.make_meeting(
        edition, title="In voorbereiding", day=dt.date(2020, 2, 6), status=MeetingStatus.DRAFT
    )
    url = reverse("meetings:list", kwargs={"slug": edition.slug})

    as_participant = as_user(participant).get(url).content.decode()
    as_facilitator = as_user(facilitator).get(url).content.decode()

    assert "Gepubliceerd" in as_participant and "Afgelast" in as_participant
    assert "In voorbereiding" not in as_participant
    assert "badge--cancelled" in as_participant
    assert "In voorbereiding" in as_facilitator
    assert "badge--draft" in as_facilitator
    assert reverse("meetings:calendar_settings") in as_participant
    assert reverse("meetings:create", kwargs={"slug": edition.slug}) in as_facilitator
    assert reverse("meetings:create", kwargs={"slug": edition.slug}) not in as_participant


def test_the_next_meeting_is_marked_on_the_timeline(edition, participant, as_user):
    from django.utils import timezone

    soon = timezone.localdate() + dt.timedelta(days=10)
    factories.make_meeting(edition, title="Geweest", day=dt.date(2019, 10, 10))
    upcoming = factories.make_meeting(edition, title="Binnenkort", day=soon)
    response = as_user(participant).get(reverse("meetings:list", kwargs={"slug": edition.slug}))
    assert response.context["timeline"].next_meeting == upcoming
    assert "timeline__item--next" in response.content.decode()
    assert "timeline__item--past" in response.content.decode()


def test_the_public_edition_page_links_each_meeting_to_its_page(edition, as_user):
    meeting = factories.make_meeting(edition)
    html = as_user(None).get(reverse("editions:detail", kwargs={"slug": edition.slug})).content
    assert reverse("meetings:detail", kwargs={"pk": meeting.pk}) in html.decode()


def test_a_visitor_sees_everything_a_guest_needs_on_the_meeting_page(edition, as_user):
    theme = edition.themes.get(title="Theme 3")
    meeting = factories.make_meeting(
        edition,
        kind=MeetingKind.CLOSING,
        theme=theme,
        venue_name="Het Netwerk",
        venue_address="Proeflaan 12, Amersfoort",
        venue_directions="Neem *bus 3*.",
        description="De **opbrengsten** delen.",
    )
    item(meeting, title="Plenaire werkplaats over talent")

    response = as_user(None).get(reverse("meetings:detail", kwargs={"pk": meeting.pk}))

    html = response.content.decode()
    assert response.status_code == 200
    assert "donderdag 10 oktober 2019" in html
    assert "09:30–16:30" in html
    assert "Het Netwerk" in html and "Proeflaan 12, Amersfoort" in html
    assert "<em>bus 3</em>" in html and "<strong>opbrengsten</strong>" in html
    assert "Theme 3" in html
    assert "Plenaire werkplaats over talent" in html
    assert reverse("meetings:ics", kwargs={"pk": meeting.pk}) in html
    assert reverse("meetings:edit", kwargs={"pk": meeting.pk}) not in html
    assert response.context["edition"] == edition  # the phase bar shows


def test_a_meeting_of_an_unpublished_edition_is_hidden_from_outsiders(as_user, outsider):
    hidden = factories.make_edition(is_published=False)
    meeting = factories.make_meeting(hidden)
    assert (
        as_user(None).get(reverse("meetings:detail", kwargs={"pk": meeting.pk})).status_code == 404
    )
    assert (
        as_user(outsider).get(reverse("meetings:ics", kwargs={"pk": meeting.pk})).status_code == 404
    )


def test_an_unknown_meeting_is_a_404(as_user, facilitator):
    assert (
        as_user(facilitator).get(reverse("meetings:detail", kwargs={"pk": 99999})).status_code
        == 404
    )


# --- The programme -------------------------------------------------------------------------------


def test_facilitator_adds_an_item_and_the_day_shows_it(edition, facilitator, as_user):
    meeting = factories.make_meeting(edition)
    client = as_user(facilitator)
    response = client.post(
        reverse("meetings:programme", kwargs={"pk": meeting.pk}),
        {
            "starts_at": "13:00",
            "ends_at": "15:30",
            "kind": "groups_at_work",
            "title": "Aan de slag",
        },
    )
    assert response.status_code == 302
    saved = ProgrammeItem.objects.get()
    assert (saved.starts_at, saved.ends_at, saved.kind) == (
        dt.time(13, 0),
        dt.time(15, 30),
        ProgrammeItemKind.GROUPS_AT_WORK,
    )
    html = client.get(reverse("meetings:detail", kwargs={"pk": meeting.pk})).content.decode()
    assert "schedule__item--groups_at_work" in html
    assert "Aan de slag" in html


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"starts_at": "12:00", "ends_at": "11:00"}, "ends_at"),
        ({"starts_at": "12:00", "ends_at": "12:00"}, "ends_at"),
        ({"starts_at": "08:00", "ends_at": "10:00"}, "starts_at"),  # before the meeting
        ({"starts_at": "16:00", "ends_at": "17:00"}, "ends_at"),  # after the meeting
        ({"title": ""}, "title"),
        ({"kind": "nap"}, "kind"),
    ],
)
def test_programme_items_must_fit_the_meeting(edition, facilitator, as_user, data, field):
    meeting = factories.make_meeting(edition)  # 09:30–16:30
    payload = {"starts_at": "10:00", "ends_at": "11:00", "kind": "other", "title": "Iets"} | data
    response = as_user(facilitator).post(
        reverse("meetings:programme", kwargs={"pk": meeting.pk}), payload
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not ProgrammeItem.objects.exists()


def test_overlapping_items_are_allowed_and_shown(edition, facilitator, as_user):
    meeting = factories.make_meeting(edition)
    item(meeting, "09:30", "12:00", title="Werkplaats")
    item(meeting, "11:30", "12:30", kind=ProgrammeItemKind.OTHER, title="Fotograaf")
    item(meeting, "13:00", "14:00", kind=ProgrammeItemKind.BREAK, title="Pauze")

    response = as_user(facilitator).get(reverse("meetings:programme", kwargs={"pk": meeting.pk}))

    schedule = response.context["schedule"]
    assert [[o.title for o in entry.overlaps] for entry in schedule] == [
        ["Fotograaf"],
        ["Werkplaats"],
        [],
    ]
    assert response.content.decode().count("schedule__item--overlap") == 2


def test_editing_and_removing_an_item(edition, facilitator, as_user):
    meeting = factories.make_meeting(edition)
    saved = item(meeting, title="Oud")
    client = as_user(facilitator)

    response = client.post(
        reverse("meetings:programme_item", kwargs={"pk": meeting.pk, "item_pk": saved.pk}),
        {"starts_at": "10:00", "ends_at": "11:30", "kind": "other", "title": "Nieuw"},
    )
    assert response.status_code == 302
    saved.refresh_from_db()
    assert (saved.title, saved.starts_at) == ("Nieuw", dt.time(10, 0))

    bad = client.post(
        reverse("meetings:programme_item", kwargs={"pk": meeting.pk, "item_pk": saved.pk}),
        {"starts_at": "10:00", "ends_at": "09:00", "kind": "other", "title": "Fout"},
    )
    assert "ends_at" in bad.context["form"].errors
    saved.refresh_from_db()
    assert saved.title == "Nieuw"

    client.post(
        reverse("meetings:delete_programme_item", kwargs={"pk": meeting.pk, "item_pk": saved.pk})
    )
    assert not ProgrammeItem.objects.exists()


def test_an_item_of_another_meeting_is_a_404(edition, facilitator, as_user):
    meeting = factories.make_meeting(edition)
    other = factories.make_meeting(edition, day=dt.date(2020, 2, 6))
    foreign = item(other)
    for name in ("meetings:programme_item", "meetings:delete_programme_item"):
        url = reverse(name, kwargs={"pk": meeting.pk, "item_pk": foreign.pk})
        assert as_user(facilitator).post(url, {}).status_code == 404
    assert ProgrammeItem.objects.filter(pk=foreign.pk).exists()


def test_the_standard_day_in_one_click(edition, facilitator, as_user):
    meeting = factories.make_meeting(edition, theme=edition.themes.get(title="Theme 2"))
    url = reverse("meetings:programme", kwargs={"pk": meeting.pk})
    as_user(facilitator).post(url, {"standard_day": "1"})

    rows = list(ProgrammeItem.objects.values_list("starts_at", "ends_at", "kind"))
    assert rows == [
        (dt.time(9, 30), dt.time(12, 0), ProgrammeItemKind.PLENARY_WORKSHOP),
        (dt.time(12, 0), dt.time(13, 0), ProgrammeItemKind.BREAK),
        (dt.time(13, 0), dt.time(15, 30), ProgrammeItemKind.GROUPS_AT_WORK),
        (dt.time(15, 30), dt.time(16, 30), ProgrammeItemKind.GROUP_PRESENTATIONS),
    ]
    assert "Theme 2" in ProgrammeItem.objects.first().title

    as_user(facilitator).post(url, {"standard_day": "1"})  # not twice
    assert ProgrammeItem.objects.count() == 4


def test_the_standard_day_needs_a_long_enough_meeting(edition):
    meeting = factories.make_meeting(edition)
    meeting.ends_at = meeting.starts_at + dt.timedelta(hours=3)
    meeting.save()
    with pytest.raises(ValidationError):
        programme.add_standard_day(meeting=meeting)
    assert not ProgrammeItem.objects.exists()


def test_the_chosen_proposal_is_linked_from_the_programme_for_members(
    edition, facilitator, participant, as_user
):
    from leerplatform.proposals.models import Proposal, ProposalCall, ProposalKind

    meeting = factories.make_meeting(edition)
    call = ProposalCall.objects.create(meeting=meeting, deadline=meeting.starts_at)
    proposal = Proposal.objects.create(
        call=call,
        proposer=participant,
        kind=ProposalKind.SPEAKER,
        title="Een spreker over talent",
        description="…",
        gains="Inzicht",
        duration_minutes=60,
    )
    saved = item(meeting)
    saved.proposal = proposal
    saved.save()

    url = reverse("meetings:detail", kwargs={"pk": meeting.pk})
    link = reverse("proposals:detail", kwargs={"pk": proposal.pk})
    # Linked for those who may read proposals (issue 15); visitors read its title, not a login.
    visitor = as_user(None).get(url).content.decode()
    assert link in as_user(participant).get(url).content.decode()
    assert link not in visitor
    assert "Een spreker over talent" in visitor


# --- Queries per page ---------------------------------------------------------------------------


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("viewer", ["participant", "facilitator"])
def test_the_meeting_list_costs_the_same_with_2_and_40_meetings(
    edition, participant, facilitator, as_user, django_assert_max_num_queries, viewer
):
    client = as_user({"participant": participant, "facilitator": facilitator}[viewer])
    url = reverse("meetings:list", kwargs={"slug": edition.slug})
    start = dt.date(2019, 6, 1)
    for n in range(2):
        factories.make_meeting(
            edition, day=start + dt.timedelta(days=n), theme=edition.themes.first()
        )
    with django_assert_max_num_queries(10):
        small = _count(client, url)
    for n in range(2, 40):
        factories.make_meeting(
            edition,
            day=start + dt.timedelta(days=n),
            theme=edition.themes.all()[n % 8],
            status=MeetingStatus.DRAFT if n % 5 == 0 else MeetingStatus.PUBLISHED,
        )
    with django_assert_max_num_queries(10):
        large = _count(client, url)
    assert large == small


@pytest.mark.parametrize("viewer", [None, "participant", "facilitator"])
def test_the_meeting_page_costs_the_same_with_5_and_60_programme_items(
    edition, participant, facilitator, as_user, django_assert_max_num_queries, viewer
):
    client = as_user({None: None, "participant": participant, "facilitator": facilitator}[viewer])
    meeting = factories.make_meeting(edition, theme=edition.themes.first())
    for url_name in ("meetings:detail", "meetings:programme"):
        ProgrammeItem.objects.all().delete()
        url = reverse(url_name, kwargs={"pk": meeting.pk})
        if url_name == "meetings:programme" and viewer != "facilitator":
            continue
        ProgrammeItem.objects.bulk_create(
            ProgrammeItem(
                meeting=meeting,
                starts_at=dt.time(10, n),
                ends_at=dt.time(11, n),
                kind=ProgrammeItemKind.values[n % 5],
                title=f"Item {n}",
            )
            for n in range(5)
        )
        with django_assert_max_num_queries(25):
            small = _count(client, url)
        ProgrammeItem.objects.bulk_create(
            ProgrammeItem(
                meeting=meeting,
                starts_at=dt.time(12, n % 60),
                ends_at=dt.time(13, n % 60),
                kind=ProgrammeItemKind.values[n % 5],
                title=f"Item {n}",
            )
            for n in range(5, 60)
        )
        with django_assert_max_num_queries(25):
            large = _count(client, url)
        assert large == small, url_name


def test_raising_the_capacity_gives_the_waiting_list_its_places(edition, facilitator):
    from django.utils import timezone

    from leerplatform.meetings.models import Registration, RegistrationStatus
    from leerplatform.meetings.services.meetings import update_meeting
    from leerplatform.meetings.services.registrations import register_for_meeting

    meeting = factories.make_meeting(
        edition, day=timezone.localdate() + dt.timedelta(days=20), capacity=1
    )
    first, second = (factories.make_member(edition) for _ in range(2))
    register_for_meeting(meeting=meeting, user=first)
    register_for_meeting(meeting=meeting, user=second)
    assert Registration.objects.get(user=second).status == RegistrationStatus.WAITLISTED

    update_meeting(meeting=meeting, actor=facilitator, capacity=2)

    assert Registration.objects.get(user=second).status == RegistrationStatus.REGISTERED
