"""The home page, the edition page and the dashboard: what they contain, who sees drafts, and what
they cost in queries (with the phase page, for comparison)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from leerplatform.accounts.models import Institution
from leerplatform.core import activity
from leerplatform.core.models import Verb
from leerplatform.editions import queries
from leerplatform.editions.models import Membership, Phase, Role
from leerplatform.meetings.models import Meeting, MeetingKind, MeetingStatus
from leerplatform.pages.queries.edition import edition_overview
from tests import factories

pytestmark = pytest.mark.django_db


def meeting_at(
    edition, start: dt.datetime, *, hours: int = 7, status=MeetingStatus.PUBLISHED, **fields
) -> Meeting:
    return Meeting.objects.create(
        edition=edition,
        title=fields.pop("title", f"Meeting {start:%Y-%m-%d %H:%M}"),
        starts_at=start,
        ends_at=start + dt.timedelta(hours=hours),
        status=status,
        **fields,
    )


# --- edition_overview ---------------------------------------------------------------------------


def _pks(meetings) -> list[int]:
    return [meeting.pk for meeting in meetings]


def test_overview_splits_meetings_into_past_next_and_later(edition):
    now = timezone.now()
    long_ago = meeting_at(edition, now - dt.timedelta(days=60), title="long ago")
    yesterday = meeting_at(edition, now - dt.timedelta(days=1), title="yesterday")
    soon = meeting_at(edition, now + dt.timedelta(days=7), title="soon")
    later = meeting_at(edition, now + dt.timedelta(days=40), title="later")
    last = meeting_at(edition, now + dt.timedelta(days=90), kind=MeetingKind.CLOSING)

    overview = edition_overview(edition=edition)

    assert _pks(overview.meetings) == _pks([long_ago, yesterday, soon, later, last])
    assert _pks(overview.past_meetings) == _pks([long_ago, yesterday])
    assert overview.next_meeting.pk == soon.pk
    assert _pks(overview.later_meetings) == _pks([later, last])
    # The rows say what the meetings say, the clock's answers included.
    assert [m.title for m in overview.meetings][:2] == ["long ago", "yesterday"]
    assert [m.is_past for m in overview.meetings] == [True, True, False, False, False]
    assert [m.is_closing for m in overview.meetings] == [False] * 4 + [True]


def test_a_meeting_under_way_is_the_next_meeting_not_a_past_one(edition):
    now = timezone.now()
    running = meeting_at(edition, now - dt.timedelta(hours=2), hours=6)
    tomorrow = meeting_at(edition, now + dt.timedelta(days=1))

    overview = edition_overview(edition=edition)

    assert overview.past_meetings == []
    assert overview.next_meeting.pk == running.pk
    assert _pks(overview.later_meetings) == _pks([tomorrow])


def test_when_every_meeting_is_over_there_is_no_next_meeting(edition):
    now = timezone.now()
    first = meeting_at(edition, now - dt.timedelta(days=30))
    second = meeting_at(edition, now - dt.timedelta(days=2))

    overview = edition_overview(edition=edition)

    assert _pks(overview.past_meetings) == _pks([first, second])
    assert overview.next_meeting is None
    assert overview.later_meetings == []


def test_overview_lists_only_published_meetings_of_this_edition(edition):
    now = timezone.now()
    published = meeting_at(edition, now + dt.timedelta(days=3))
    meeting_at(edition, now + dt.timedelta(days=1), status=MeetingStatus.DRAFT)
    meeting_at(edition, now + dt.timedelta(days=2), status=MeetingStatus.CANCELLED)
    meeting_at(factories.make_edition(), now + dt.timedelta(days=1))

    overview = edition_overview(edition=edition)

    assert _pks(overview.meetings) == [published.pk]
    assert overview.next_meeting.pk == published.pk


def test_overview_lists_the_themes_in_their_order(edition):
    overview = edition_overview(edition=edition)

    assert [t.title for t in overview.themes] == [f"Theme {i}" for i in range(1, 9)]


def test_draft_and_cancelled_meetings_are_not_on_the_edition_page(client, edition):
    now = timezone.now()
    meeting_at(edition, now + dt.timedelta(days=3), title="Gepubliceerde dag")
    meeting_at(edition, now + dt.timedelta(days=4), title="Concept dag", status=MeetingStatus.DRAFT)
    meeting_at(
        edition, now + dt.timedelta(days=5), title="Vervallen dag", status=MeetingStatus.CANCELLED
    )

    html = client.get(edition.get_absolute_url()).content.decode()

    assert "Gepubliceerde dag" in html
    assert "Concept dag" not in html
    assert "Vervallen dag" not in html


# --- Unpublished editions -----------------------------------------------------------------------


@pytest.fixture
def draft(db):
    return factories.make_edition(is_published=False, name="Verborgen editie")


@pytest.fixture
def draft_member(draft):
    return factories.make_member(draft)


def test_a_draft_edition_is_not_found_by_visitors(client, draft):
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_draft_edition_is_not_found_by_non_members(as_user, draft, outsider, participant):
    assert as_user(outsider).get(draft.get_absolute_url()).status_code == 404
    assert as_user(participant).get(draft.get_absolute_url()).status_code == 404


def test_a_draft_edition_is_shown_to_its_members_and_staff(as_user, draft, draft_member, staff):
    for user in (draft_member, staff):
        response = as_user(user).get(draft.get_absolute_url())
        assert response.status_code == 200
        assert "Verborgen editie" in response.content.decode()


def test_a_draft_editions_dashboard_is_not_found_by_non_members(
    as_user, draft, draft_member, outsider, participant
):
    url = f"/editions/{draft.slug}/dashboard/"

    assert as_user(outsider).get(url).status_code == 404
    assert as_user(participant).get(url).status_code == 404  # of another edition
    assert as_user(draft_member).get(url).status_code == 200


def test_a_member_who_left_no_longer_sees_a_draft_edition(as_user, draft, draft_member):
    Membership.objects.filter(user=draft_member).update(left_at=timezone.now())

    assert as_user(draft_member).get(draft.get_absolute_url()).status_code == 404


def test_a_draft_edition_is_not_on_the_home_page(client, edition, draft):
    assert queries.current_edition() == edition
    assert draft not in queries.published_editions()

    html = client.get("/").content.decode()

    assert edition.name in html
    assert "Verborgen editie" not in html


# --- Query counts -------------------------------------------------------------------------------


def fill(edition, facilitator, *, participants: int, meetings: int, entries: int) -> None:
    """Members from several institutions, meetings around today, and ledger entries."""
    institutions = list(Institution.objects.all()[:20])
    people = [
        factories.make_member(edition, institution=institutions[i % len(institutions)])
        for i in range(participants)
    ]
    now = timezone.now()
    themes = list(edition.themes.all())
    for i in range(meetings):
        meeting_at(
            edition,
            now + dt.timedelta(days=30 * (i - meetings // 2)),
            theme=themes[i % len(themes)],
        )
    phases = Phase.values
    for i in range(entries):
        if i % 4 == 0:
            activity.record(
                actor=facilitator,
                verb=Verb.PHASE_CHANGED,
                edition=edition,
                target=edition,
                data={"from": phases[i % 6], "to": phases[(i + 1) % 6]},
            )
        else:
            person = people[i % len(people)]
            activity.record(actor=person, verb=Verb.PROFILE_UPDATED, edition=edition, target=person)
    for _ in range(max(1, meetings // 4)):
        factories.make_edition()


SMALL = {"participants": 1, "meetings": 1, "entries": 1}
LARGE = {"participants": 60, "meetings": 12, "entries": 100}


@pytest.fixture(params=[SMALL, LARGE], ids=["small", "large"])
def filled(request, edition, facilitator):
    fill(edition, facilitator, **request.param)
    return edition


@pytest.mark.parametrize(
    ("page", "viewer", "max_queries"),
    [
        # +2: the published closing reports and the contact persons (pages.queries.public); the
        # home page's edition is also the header's public_edition, the edition page's is not (+1)
        ("home", None, 7),
        ("detail", None, 7),
        ("detail", "facilitator", 10),  # +1: the notification bell's unread count
        # The page (with the bell and the activity feed's group names), what the phase
        # (connecting) puts first, "Dit wacht op je" (facilitators 4 queries, members 3) and the
        # balance; tests/pages/test_dashboard_phases.py counts every phase exactly.
        ("dashboard", "facilitator", 20),
        ("dashboard", "participant", 19),  # + the agreements check (membership.decorators)
        ("phase", "facilitator", 6),  # +1: the bell
    ],
)
def test_pages_cost_a_fixed_number_of_queries_whatever_the_data_size(
    filled, facilitator, as_user, django_assert_max_num_queries, page, viewer, max_queries
):
    url = {
        "home": "/",
        "detail": f"/editions/{filled.slug}/",
        "dashboard": f"/editions/{filled.slug}/dashboard/",
        "phase": f"/editions/{filled.slug}/phase/",
    }[page]
    user = {
        None: None,
        "facilitator": facilitator,
        "participant": Membership.objects.filter(edition=filled, role=Role.PARTICIPANT)
        .first()
        .user,
    }[viewer]
    client = as_user(user)

    with django_assert_max_num_queries(max_queries):
        response = client.get(url)

    assert response.status_code == 200


def test_the_large_data_really_shows_on_the_pages(edition, facilitator, as_user):
    fill(edition, facilitator, **LARGE)

    dashboard = as_user(facilitator).get(f"/editions/{edition.slug}/dashboard/")
    phase = as_user(facilitator).get(f"/editions/{edition.slug}/phase/")

    assert len(dashboard.context["dashboard"].activity) == 10
    assert dashboard.context["dashboard"].overview.counts.participants == 60
    assert len(dashboard.context["dashboard"].overview.meetings) == 12
    assert len(phase.context["history"]) == 25
