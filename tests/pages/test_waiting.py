""" "Waiting for you" (Dit wacht op je) at the top of the dashboard: per role what waits, each item a
link to where it is done, "nothing" when nothing waits, and a fixed number of queries whatever the
size of the edition (pages.queries.waiting)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.utils import timezone, translation

from leerplatform.accounts.models import User
from leerplatform.editions.models import Membership, Phase, Role
from leerplatform.groups.models import GroupMembership, JoinPolicy, JoinRequest
from leerplatform.groups.services import groups as group_services
from leerplatform.groups.services.workplan import save_workplan
from leerplatform.library.services.documents import create_document
from leerplatform.meetings.models import Registration
from leerplatform.membership.models import Application, ApplicationStatus
from leerplatform.membership.services.agreements import accept_agreements, publish_agreements
from leerplatform.pages.queries.waiting import waiting_for
from leerplatform.proposals.models import Proposal
from leerplatform.proposals.services import open_call
from leerplatform.showcase.services.outputs import offer_document
from tests.factories import make_member, make_user
from tests.groups.factories_groups import group_fields, start
from tests.pages.test_dashboard_phases import future, in_phase, meeting_on, populate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def waiting_section(client, edition) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(f"/editions/{edition.slug}/dashboard/")
    assert response.status_code == 200
    html = response.content.decode()
    match = re.search(r'<section class="waiting" id="waiting".*?</section>', html, re.DOTALL)
    assert match, "the dashboard has a 'Waiting for you' section"
    return match[0]


def kinds(section: str) -> list[str]:
    return re.findall(r'data-kind="([a-z_]+)"', section)


def links(section: str) -> list[str]:
    return re.findall(r'<a href="([^"]+)"', section)


def application(edition, *, status=ApplicationStatus.SUBMITTED, confirmed=True) -> Application:
    person = make_user()
    return Application.objects.create(
        edition=edition,
        user=person if confirmed else None,
        name=person.name,
        email=person.email,
        job_title="Docent",
        years_of_experience=5,
        work_level="hbo",
        motivation="Leren.",
        consented_at=timezone.now(),
        email_verified_at=timezone.now() if confirmed else None,
        status=status,
    )


def active_group(edition, starter, **fields):
    group = start(edition, starter, **fields)
    group_services.change_group(group=group, actor=starter, **group_fields(group, status="active"))
    return group


def proposal(call, proposer, **fields) -> Proposal:
    return Proposal.objects.create(
        call=call,
        proposer=proposer,
        kind="topic",
        title=fields.pop("title", "Een workshop"),
        description="Samen.",
        gains="Inzicht.",
        duration_minutes=45,
        **fields,
    )


# --- Facilitators -------------------------------------------------------------------------------


def test_a_facilitator_sees_applications_proposals_check_in_and_missing_reports(
    edition, facilitator, participant, as_user
):
    for _ in range(3):
        application(edition)
    application(edition, status=ApplicationStatus.ACCEPTED)  # decided
    application(edition, confirmed=False)  # not confirmed: not in the queue
    today = meeting_on(edition, timezone.now(), title="Vandaag")
    later = meeting_on(edition, future(20), title="Later")
    call = open_call(meeting=later, deadline=future(10), actor=facilitator)
    proposal(call, participant)
    proposal(call, participant, status="shortlisted")
    proposal(call, participant, status="declined")
    reported = active_group(edition, participant, name="Rapporteert")
    active_group(edition, make_member(edition), name="Stil")
    reported.progress_reports.create(meeting=today, author=participant)

    section = waiting_section(as_user(facilitator), edition)

    assert kinds(section) == [
        "decide_applications",
        "choose_proposals",
        "check_in",
        "missing_reports",
    ]
    assert "3 applications to decide" in section
    assert "Choose from 2 proposals for “Later”" in section
    assert "Check people in today: “Vandaag”" in section
    assert "1 group has not reported for “Vandaag” yet" in section
    assert links(section)[:4] == [
        f"/editions/{edition.slug}/applications/?status=submitted",
        f"/meetings/{later.pk}/proposals/",
        f"/meetings/{today.pk}/attendance/",
        f"/meetings/{today.pk}/reports/",
    ]


def test_a_facilitator_sees_no_member_items(edition, facilitator, participant, as_user):
    meeting_on(edition, future(20))
    active_group(edition, facilitator, name="Begeleid")  # a facilitator may be in a group

    publish_agreements(edition=edition, text="Nieuw.", actor=None)

    section = waiting_section(as_user(facilitator), edition)

    assert "accept_agreements" not in kinds(section)
    assert "register" not in kinds(section)
    assert "open_call" not in kinds(section)
    assert "report_due" not in kinds(section)


def test_staff_see_what_facilitators_decide(edition, staff, as_user):
    application(edition)

    assert kinds(waiting_section(as_user(staff), edition)) == ["decide_applications"]


# --- Coordinators -------------------------------------------------------------------------------


def test_a_coordinator_sees_join_requests_and_the_work_plan_to_agree(edition, participant, as_user):
    group = start(edition, participant, name="Op verzoek", join_policy=JoinPolicy.REQUEST)
    for _ in range(2):
        group_services.request_to_join(group=group, user=make_member(edition))
    save_workplan(group=group, author=participant, base_number=0, parts={"ambition": "Leren."})
    other = start(edition, make_member(edition), name="Andermans groep", join_policy="request")
    group_services.request_to_join(group=other, user=make_member(edition))

    section = waiting_section(as_user(participant), edition)

    assert kinds(section)[:2] == ["join_requests", "agree_workplan"]
    assert "2 requests to join Op verzoek" in section
    assert "Andermans groep" not in section
    assert f"/groups/{group.pk}/members/" in links(section)
    assert f"/groups/{group.pk}/workplan/" in links(section)


def test_a_member_who_does_not_coordinate_sees_no_join_requests(edition, participant, as_user):
    group = start(edition, make_member(edition), name="Op verzoek", join_policy="request")
    GroupMembership.objects.create(group=group, user=participant)
    JoinRequest.objects.create(group=group, user=make_member(edition))
    save_workplan(group=group, author=participant, base_number=0, parts={"ambition": "Leren."})

    section = waiting_section(as_user(participant), edition)

    assert "join_requests" not in kinds(section)
    assert "agree_workplan" not in kinds(section)


# --- Members ------------------------------------------------------------------------------------


def test_a_member_sees_consents_reports_registration_and_the_open_call(
    edition, participant, facilitator, as_user
):
    meeting = meeting_on(edition, future(20), title="Volgende")
    call = open_call(meeting=meeting, deadline=future(10), actor=facilitator)
    group = active_group(edition, participant, name="Werkgeluk")
    document = create_document(
        edition=edition, actor=participant, title="Toolkit", summary="Kort.", kind="toolkit",
        authors=[participant],
    )  # fmt: skip
    offer_document(document=document, actor=facilitator, notify=False)
    application(edition)  # a facilitator's business

    section = waiting_section(as_user(participant), edition)

    assert kinds(section) == ["consents", "report_due", "register", "open_call"]
    assert "1 request for your consent" in section
    assert "Write the progress report of Werkgeluk" in section
    assert "Register for “Volgende”" in section
    assert links(section) == [
        f"/editions/{edition.slug}/consents/",
        f"/groups/{group.pk}/reports/{meeting.pk}/",
        f"/meetings/{meeting.pk}/",
        f"/meetings/{call.meeting_id}/proposals/",
        f"/editions/{edition.slug}/give-and-take/",  # the balance below the list
    ]


def test_done_things_no_longer_wait(edition, participant, facilitator, as_user):
    meeting = meeting_on(edition, future(20))
    group = active_group(edition, participant)
    group.progress_reports.create(meeting=meeting, author=participant)
    Registration.objects.create(meeting=meeting, user=participant, status="registered")

    section = waiting_section(as_user(participant), edition)

    assert "report_due" not in kinds(section)
    assert "register" not in kinds(section)


def test_agreements_and_reflections_wait_in_the_same_list(edition, participant, as_user):
    agreement = publish_agreements(edition=edition, text="We delen.", actor=None)
    accept_agreements(agreement=agreement, user=participant)
    past = meeting_on(edition, timezone.now() - dt.timedelta(days=3), title="Vorige")
    Registration.objects.create(meeting=past, user=participant, status="registered")
    from_ledger = waiting_for(
        edition=edition,
        user=participant,
        role=Role.PARTICIPANT,
        next_meeting=None,
        meetings=[],
        reflections=[past],
        evaluations=[past],
    )

    assert [i.kind for i in from_ledger.items] == ["reflect", "evaluate"]
    assert from_ledger.items[0].url == f"/meetings/{past.pk}/reflect/"
    assert from_ledger.items[1].url == f"/meetings/{past.pk}/evaluate/"


def test_newer_agreements_to_accept_are_listed(edition, participant):
    publish_agreements(edition=edition, text="Nieuw.", actor=None)

    waiting = waiting_for(
        edition=edition, user=participant, role=Role.PARTICIPANT, next_meeting=None, meetings=[]
    )

    assert [(i.kind, i.url) for i in waiting.items] == [
        ("accept_agreements", f"/editions/{edition.slug}/agreements/")
    ]


def test_when_nothing_waits_the_section_says_so(edition, participant, as_user):
    in_phase(edition, Phase.STARTUP)

    section = waiting_section(as_user(participant), edition)

    assert kinds(section) == []
    assert 'class="waiting-empty"' in section
    assert "Nothing is waiting for you right now." in section


def test_an_ex_member_sees_no_dashboard(edition, participant, as_user):
    Membership.objects.filter(user=participant).update(left_at=timezone.now())

    response = as_user(participant).get(f"/editions/{edition.slug}/dashboard/")

    assert response.status_code in (403, 404)


# --- A fixed number of queries ------------------------------------------------------------------


@pytest.fixture(params=[10, 2000], ids=["10", "2000"])
def big(request, edition, facilitator):
    """populate() and, growing with the size, applications to decide, join requests for the
    participant's group (which they coordinate) and proposals in the open call."""
    size = request.param
    me = populate(edition, facilitator, size)
    group = GroupMembership.objects.get(user=me).group
    GroupMembership.objects.filter(user=me).update(is_coordinator=True)
    edition.learning_groups.update(status="active")
    people = list(User.objects.filter(memberships__edition=edition).exclude(pk=me.pk)[:size])
    Application.objects.bulk_create(
        Application(
            edition=edition,
            user=p,
            name=p.name,
            email=p.email,
            job_title="Docent",
            years_of_experience=3,
            work_level="hbo",
            motivation="Leren.",
            consented_at=timezone.now(),
            email_verified_at=timezone.now(),
        )
        for p in people
    )
    JoinRequest.objects.bulk_create(JoinRequest(group=group, user=p) for p in people)
    call = edition.meetings.filter(proposal_call__isnull=False).get().proposal_call
    Proposal.objects.bulk_create(
        Proposal(
            call=call,
            proposer=p,
            kind="topic",
            title=f"Idee {i}",
            description="Samen.",
            gains="Inzicht.",
            duration_minutes=30,
        )
        for i, p in enumerate(people)
    )
    return edition, me, len(people)


# The calls, my membership, my groups; a facilitator also the edition's counts.
WAITING_QUERIES = {Role.FACILITATOR: 4, Role.PARTICIPANT: 3}


def test_waiting_costs_a_fixed_number_of_queries(big, facilitator, django_assert_num_queries):
    edition, me, size = big
    meetings = list(edition.meetings.filter(status="published").order_by("starts_at"))
    upcoming = [m for m in meetings if m.ends_at >= timezone.now()]
    for user, role in ((facilitator, Role.FACILITATOR), (me, Role.PARTICIPANT)):
        with django_assert_num_queries(WAITING_QUERIES[role]):
            waiting = waiting_for(
                edition=edition,
                user=user,
                role=role,
                next_meeting=upcoming[0],
                meetings=meetings,
            )
        found = {item.kind: item for item in waiting.items}
        if role == Role.FACILITATOR:
            assert found["decide_applications"].count == size
            assert found["choose_proposals"].count == size
            assert found["missing_reports"].count >= 1
        else:
            assert found["join_requests"].count == size
            assert "agree_workplan" in found
            assert "decide_applications" not in found


def test_many_meetings_to_reflect_on_end_in_one_link_to_the_journal(edition, participant):
    meetings = [meeting_on(edition, timezone.now() - dt.timedelta(days=d)) for d in range(2, 7)]

    waiting = waiting_for(
        edition=edition,
        user=participant,
        role=Role.PARTICIPANT,
        next_meeting=None,
        meetings=[],
        reflections=meetings,
        evaluations=meetings[:2],
    )

    assert [i.kind for i in waiting.items] == ["reflect"] * 3 + ["evaluate"] * 2 + ["more_meetings"]
    assert waiting.items[-1].count == 2
    assert waiting.items[-1].url == f"/editions/{edition.slug}/journal/"


def test_the_kept_list_is_each_persons_own_and_follows_their_change_at_once(
    edition, participant, as_user
):
    """The list is a shared fragment keyed on its items: someone already registered never gets
    another's "register" item from the cache, and one's own registration removes it at once."""
    from leerplatform.meetings.services.registrations import register_for_meeting

    in_phase(edition, Phase.BUILDING)
    meeting = meeting_on(edition, future(20))
    registered = make_member(edition)
    register_for_meeting(meeting=meeting, user=registered)
    register = f"/meetings/{meeting.pk}/"

    assert register in links(waiting_section(as_user(participant), edition))
    assert register not in links(waiting_section(as_user(registered), edition))
    assert register in links(waiting_section(as_user(participant), edition))
    register_for_meeting(meeting=meeting, user=participant)
    assert register not in links(waiting_section(as_user(participant), edition))
