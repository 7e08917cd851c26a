"""The dashboard puts first what the edition's phase asks for; after start-up it prompts to reflect
on and evaluate the meetings one attended. Each phase costs a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone, translation

from leerplatform.accounts.models import User
from leerplatform.core.models import ActivityEntry, Direction, Verb
from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Edition, Membership, Phase, Role
from leerplatform.groups.services import groups as group_services
from leerplatform.groups.services.workplan import agree_workplan, save_workplan
from leerplatform.library.services.documents import create_document
from leerplatform.meetings.models import Meeting
from leerplatform.meetings.services.registrations import register_for_meeting, set_attendance
from leerplatform.membership.services.agreements import accept_agreements, publish_agreements
from leerplatform.proposals.services import open_call
from leerplatform.reflection.models import EvaluationReceipt
from leerplatform.showcase.models import ClosingReport, ReportStatus
from leerplatform.showcase.services.outputs import offer_document
from tests import factories
from tests.groups.factories_groups import group_fields, start

pytestmark = pytest.mark.django_db


def in_phase(edition, phase) -> Edition:
    Edition.objects.filter(pk=edition.pk).update(phase=phase)
    edition.refresh_from_db()
    return edition


@pytest.fixture(autouse=True)
def _english():
    """The services speak the active language; these tests read their English source text."""
    with translation.override("en"):
        yield


def dashboard(client, edition) -> str:
    """The dashboard in English (the language cookie), as text."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(f"/editions/{edition.slug}/dashboard/")
    assert response.status_code == 200
    return response.content.decode()


def first_section(html: str) -> tuple[str, str, str]:
    """The id, the heading and the whole of the first section after the page header and what
    waits for the person (tests/pages/test_waiting.py)."""
    main = html[html.index("</header>", html.index("<main")) :]
    sections = re.finditer(r'<section[^>]*\bid="([^"]+)"[^>]*>(.*?)</section>', main, re.DOTALL)
    match = next((m for m in sections if m[1] not in ("first-steps", "waiting")), None)
    assert match, "no section after the page header"
    heading = re.search(r"<h2[^>]*>(.*?)</h2>", match[2], re.DOTALL)
    return match[1], " ".join(heading[1].split()), match[2]


def future(days: int) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)


def meeting_on(edition, start: dt.datetime, **fields) -> Meeting:
    return Meeting.objects.create(
        edition=edition,
        title=fields.pop("title", f"Bijeenkomst {start:%d-%m}"),
        starts_at=start,
        ends_at=start + dt.timedelta(hours=7),
        status="published",
        **fields,
    )


def attended(meeting, user, *, days_ago: int = 3) -> Meeting:
    """`user` registered for `meeting`, which then took place `days_ago` days ago with them."""
    registration = register_for_meeting(meeting=meeting, user=user)
    start = timezone.now() - dt.timedelta(days=days_ago)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=start, ends_at=start + dt.timedelta(hours=7)
    )
    # Checked in afterwards, on another day than the meeting's: that needs a reason.
    set_attendance(
        registration=registration, present=True, actor=None, reason="Filled in afterwards."
    )
    meeting.refresh_from_db()
    return meeting


# --- Orientation --------------------------------------------------------------------------------


def test_orientation_puts_the_agreements_and_who_is_who_first(edition, participant, as_user):
    in_phase(edition, Phase.ORIENTATION)
    agreement = publish_agreements(edition=edition, text="We delen.", actor=None)
    accept_agreements(agreement=agreement, user=participant)

    section, heading, body = first_section(dashboard(as_user(participant), edition))

    assert section == "phase-focus"
    assert heading == "Getting started: joining, the agreements, who is who"
    assert "You have accepted version 1 of the agreements." in body
    assert f"/editions/{edition.slug}/agreements/" in body
    assert f"/editions/{edition.slug}/people/" in body
    assert f"/editions/{edition.slug}/apply/" not in body


def test_orientation_asks_the_facilitator_to_write_the_agreements(edition, facilitator, as_user):
    in_phase(edition, Phase.ORIENTATION)

    _, _, body = first_section(dashboard(as_user(facilitator), edition))

    assert "have not been published yet" in body
    assert f"/editions/{edition.slug}/agreements/edit/" in body


def test_orientation_offers_a_non_member_the_way_in(staff, as_user):
    # A running edition: after its end, an edition's calendar closes applications.
    edition = factories.make_running_edition(phase=Phase.ORIENTATION, applications_open=True)

    _, heading, body = first_section(dashboard(as_user(staff), edition))

    assert heading.startswith("Getting started")
    assert f"/editions/{edition.slug}/apply/" in body


# --- Start-up -----------------------------------------------------------------------------------


def test_startup_without_a_group_offers_the_groups_and_starting_one(edition, participant, as_user):
    in_phase(edition, Phase.STARTUP)

    section, heading, body = first_section(dashboard(as_user(participant), edition))

    assert section == "phase-focus"
    assert heading == "Your learning group and its work plan"
    assert "You are not in a learning group yet." in body
    assert f"/editions/{edition.slug}/groups/" in body
    assert f"/editions/{edition.slug}/groups/new/" in body


def test_startup_asks_to_write_then_to_agree_the_work_plan(edition, participant, as_user):
    in_phase(edition, Phase.STARTUP)
    group = start(edition, participant, name="Werkgeluk")
    client = as_user(participant)

    _, _, empty = first_section(dashboard(client, edition))
    version = save_workplan(
        group=group, author=participant, base_number=0, parts={"ambition": "Samen leren."}
    )
    _, _, draft = first_section(dashboard(client, edition))
    agree_workplan(version=version, actor=participant)
    _, _, agreed = first_section(dashboard(client, edition))

    assert "Werkgeluk" in empty
    assert f"/groups/{group.pk}/workplan/edit/" in empty
    assert "Version 1 of the work plan has not been agreed yet." in draft
    assert "The work plan is agreed (version 1)." in agreed


def test_startup_shows_no_prompts(edition, participant, as_user):
    in_phase(edition, Phase.STARTUP)
    attended(meeting_on(edition, future(5)), participant)

    html = dashboard(as_user(participant), edition)
    waiting = html[html.index('id="waiting"') : html.index('id="phase-focus"')]
    assert "/reflect/" not in waiting
    assert "/give-and-take/" not in waiting


# --- Connecting and building ---------------------------------------------------------------------


@pytest.mark.parametrize("phase", [Phase.CONNECTING, Phase.BUILDING])
def test_connecting_and_building_put_the_next_meeting_calls_and_reports_first(
    edition, participant, facilitator, as_user, phase
):
    in_phase(edition, phase)
    meeting = meeting_on(edition, future(20), title="Derde bijeenkomst")
    open_call(meeting=meeting, deadline=future(10), actor=facilitator)
    group = start(edition, participant, name="Werkgeluk")
    group_services.change_group(
        group=group, actor=participant, **_group_fields(group, status="active")
    )
    participant.__dict__.pop("_group_roles", None)
    client = as_user(participant)

    section, heading, body = first_section(dashboard(client, edition))
    register_for_meeting(meeting=meeting, user=participant)
    _, _, registered = first_section(dashboard(client, edition))

    assert section == "phase-focus"
    assert heading == "Coming up"
    assert "Derde bijeenkomst" in body
    assert f"/meetings/{meeting.pk}/register/" in body
    assert f"/meetings/{meeting.pk}/proposals/" in body
    assert f"/groups/{group.pk}/reports/{meeting.pk}/" in body
    assert "report due by" in body
    assert "Recent activity" in body
    assert "You are registered." in registered


@pytest.mark.parametrize("phase", [Phase.CONNECTING, Phase.BUILDING])
def test_without_a_next_meeting_no_report_is_due(edition, participant, facilitator, as_user, phase):
    in_phase(edition, phase)
    group = start(edition, participant, name="Werkgeluk")
    group_services.change_group(
        group=group, actor=participant, **_group_fields(group, status="active")
    )
    meeting_on(edition, timezone.now() - dt.timedelta(days=30))

    _, heading, body = first_section(dashboard(as_user(participant), edition))

    assert heading == "Coming up"
    assert "There are no more meetings planned in this edition." in body
    assert f"/groups/{group.pk}/reports/" not in body


def _group_fields(group, **changes) -> dict:
    return group_fields(group, **changes)


def test_after_startup_a_prompt_asks_to_reflect_and_evaluate(edition, participant, as_user):
    meeting = attended(meeting_on(edition, future(5), title="Tweede bijeenkomst"), participant)
    other = attended(
        meeting_on(edition, future(6), title="Eerste bijeenkomst"), participant, days_ago=40
    )
    EvaluationReceipt.objects.create(meeting=other, user=participant)

    html = dashboard(as_user(participant), edition)

    prompts = html[html.index('id="waiting"') : html.index('id="phase-focus"')]
    assert f"/meetings/{meeting.pk}/reflect/" in prompts
    assert f"/meetings/{meeting.pk}/evaluate/" in prompts
    assert f"/meetings/{other.pk}/reflect/" in prompts
    assert f"/meetings/{other.pk}/evaluate/" not in prompts
    assert f"/editions/{edition.slug}/give-and-take/" in prompts


def test_a_meeting_one_did_not_attend_is_not_prompted(edition, participant, as_user):
    meeting = meeting_on(edition, timezone.now() - dt.timedelta(days=3))

    html = dashboard(as_user(participant), edition)

    assert f"/meetings/{meeting.pk}/evaluate/" not in html


# --- Consolidation ------------------------------------------------------------------------------


def test_consolidation_puts_outputs_consents_and_the_closing_meeting_first(
    edition, participant, facilitator, as_user
):
    in_phase(edition, Phase.CONSOLIDATION)
    closing = meeting_on(edition, future(30), title="Slotbijeenkomst", kind="closing")
    document = create_document(
        edition=edition, actor=participant, title="Toolkit werkgeluk", summary="Kort.",
        kind="toolkit", authors=[participant],
    )  # fmt: skip
    offer_document(document=document, actor=participant, notify=False)

    section, heading, body = first_section(dashboard(as_user(participant), edition))
    _, _, facilitators = first_section(dashboard(as_user(facilitator), edition))

    assert section == "phase-focus"
    assert heading == "Finishing the outputs"
    assert "You are asked for your consent to publish 1 output." in body
    assert f"/editions/{edition.slug}/consents/" in body
    assert "Toolkit werkgeluk" in body
    assert f"/meetings/{closing.pk}/" in body
    assert "Toolkit werkgeluk" in facilitators
    assert f"/editions/{edition.slug}/outputs/manage/" in facilitators


def test_a_members_consents_asked_are_read_once_with_what_waits_for_them(
    edition, participant, facilitator, as_user, settings
):
    """ "Dit wacht op je" reads my membership's facts, with the consents I am asked for; the
    phase's first section shows the same number without asking again."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.VISITOR_CACHE_SECONDS = 0  # the page's own reads, not what the cache keeps

    in_phase(edition, Phase.CONSOLIDATION)
    document = create_document(
        edition=edition, actor=facilitator, title="Toolkit werkgeluk", summary="Kort.",
        kind="toolkit", authors=[participant, facilitator],
    )  # fmt: skip
    offer_document(document=document, actor=facilitator, notify=False)
    client = as_user(participant)
    client.get(f"/editions/{edition.slug}/dashboard/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/editions/{edition.slug}/dashboard/")

    assert response.context["dashboard"].focus.consents_asked == 1
    assert response.context["dashboard"].waiting.me.consents_asked == 1
    counts = [q["sql"] for q in queries if q["sql"].startswith('SELECT COUNT("showcase_consent"')]
    assert counts == [], counts  # not as a query of its own
    assert sum('"showcase_consent"' in q["sql"] for q in queries) == 2  # my facts, my outputs


def test_consolidation_names_a_report_output_by_group_and_meeting_for_its_group_only(
    edition, participant, facilitator, as_user
):
    """A progress report offered as an output reads "group – meeting" (as str(output)) with the
    consents it still waits for; a participant of another group does not see it."""
    from leerplatform.groups.models import ProgressReport
    from leerplatform.showcase.models import Consent, ConsentStatus, Output

    in_phase(edition, Phase.CONSOLIDATION)
    meeting = meeting_on(edition, future(-20), title="Derde bijeenkomst")
    group = start(edition, participant, name="Werkgeluk")
    report = ProgressReport.objects.create(group=group, meeting=meeting, what_we_did="Veel.")
    output = Output.objects.create(edition=edition, group=group, report=report)
    other = factories.make_member(edition)
    for author in (participant, facilitator):
        Consent.objects.create(output=output, author=author, status=ConsentStatus.ASKED)
    published = Output.objects.create(
        edition=edition,
        group=group,
        report=ProgressReport.objects.create(group=group, meeting=meeting_on(edition, future(-40))),
        published_at=timezone.now(),
    )

    _, _, mine = first_section(dashboard(as_user(participant), edition))
    _, _, facilitators = first_section(dashboard(as_user(facilitator), edition))
    _, _, others = first_section(dashboard(as_user(other), edition))

    assert "Werkgeluk – Derde bijeenkomst – 2 consents still asked" in mine
    assert "Werkgeluk – Derde bijeenkomst – 2 consents still asked" in facilitators
    assert "Werkgeluk" not in others
    assert "There are no unpublished outputs." in others
    assert published.report.meeting.title not in mine + facilitators


# --- Closed -------------------------------------------------------------------------------------


def test_closed_puts_the_archive_and_the_outputs_first(edition, participant, facilitator, as_user):
    in_phase(edition, Phase.CLOSED)
    report = ClosingReport.objects.create(
        edition=edition,
        language="nl",
        status=ReportStatus.DONE,
        progress=100,
        published_at=timezone.now(),
    )
    report.file.save("slot.pdf", ContentFile(b"%PDF-1.4"))

    section, heading, body = first_section(dashboard(as_user(participant), edition))
    _, _, facilitators = first_section(dashboard(as_user(facilitator), edition))

    assert section == "phase-focus"
    assert heading == "The archive and the outputs"
    for url in ("outputs", "meetings", "library", "groups"):
        assert f"/editions/{edition.slug}/{url}/" in body
    assert f"/closing-reports/{report.pk}/report.pdf" in body
    assert f"/editions/{edition.slug}/continue/" not in body
    assert f"/editions/{edition.slug}/continue/" in facilitators


def test_an_unpublished_closing_report_is_not_linked(edition, participant, as_user):
    in_phase(edition, Phase.CLOSED)
    report = ClosingReport.objects.create(edition=edition, language="nl", status=ReportStatus.DONE)

    _, _, body = first_section(dashboard(as_user(participant), edition))

    assert f"/closing-reports/{report.pk}/" not in body
    assert "has not been published yet" in body


# --- Query counts -------------------------------------------------------------------------------


def populate(edition, facilitator, size: int) -> User:
    """`size` participants, each with a few ledger rows (bringing and taking), a group per ten
    participants, meetings around today, an open call, offered outputs; returns a participant who
    is in a group and attended the past meetings."""
    users = User.objects.bulk_create(
        User(email=f"p{size}-{i}@example.org", name=f"Deelnemer {i:04d}") for i in range(size)
    )
    Membership.objects.bulk_create(
        Membership(user=u, edition=edition, role=Role.PARTICIPANT) for u in users
    )
    me = users[0]
    target_type = ContentType.objects.get_for_model(Edition)
    ActivityEntry.objects.bulk_create(
        ActivityEntry(
            actor=u,
            verb=verb,
            direction=direction,
            edition=edition,
            target_type=target_type,
            target_id=str(edition.pk),
            target_label=edition.name,
            visibility=Visibility.PLATFORM,
        )
        for u in users
        for verb, direction in (
            (Verb.POSTED, Direction.BRING),
            (Verb.DOCUMENT_ADDED, Direction.BRING),
            (Verb.DOWNLOADED, Direction.TAKE),
        )
    )
    group = start(edition, facilitator, name="Groep 0")
    group_services.assign_member(group=group, person=me, actor=facilitator)
    for i in range(1, max(1, size // 10)):
        start(edition, facilitator, name=f"Groep {i}")
    past = [attended(meeting_on(edition, future(3 + i)), me, days_ago=10 + i) for i in range(3)]
    upcoming = [meeting_on(edition, future(20 + 10 * i)) for i in range(3)]
    meeting_on(edition, future(90), kind="closing")
    open_call(meeting=upcoming[0], deadline=future(10), actor=facilitator)
    for i in range(20):
        document = create_document(
            edition=edition, actor=facilitator, title=f"Product {i}", summary="Kort.",
            kind="toolkit", authors=[me, facilitator],
        )  # fmt: skip
        offer_document(document=document, actor=facilitator, notify=False)
    save_workplan(group=group, author=me, base_number=0, parts={"ambition": "Leren."})
    assert past
    return me


@pytest.fixture(params=[10, 2000], ids=["10", "2000"])
def populated(request, edition, facilitator):
    me = populate(edition, facilitator, request.param)
    return edition, me


# Queries of the dashboard before the first section: session, user, roles (with the agreements
# of every edition: one query for the agreements check too), edition, meetings, themes, counts,
# recent activity; + the bell's unread count (when not cached), + the activity feed's group
# names and, on a cold ContentType cache, one content type (pages.queries.activity).
BASE = {"facilitator": 11, "participant": 11}
# What waits for you (pages.queries.waiting): the calls, my membership, my groups; a facilitator
# also the edition's counts.
WAITING = {"facilitator": 4, "participant": 3}
PHASE_COST = {
    Phase.ORIENTATION: 1,
    Phase.STARTUP: 1,
    Phase.CONNECTING: 3 + 3,  # the first section + the prompts (reflect, evaluate, balance)
    Phase.BUILDING: 3 + 3,
    # The outputs; the consents I am asked for come with my membership's facts (WAITING).
    Phase.CONSOLIDATION: 1 + 3,
    Phase.CLOSED: 2 + 3,
}


def test_each_phase_costs_a_fixed_number_of_queries(
    populated, facilitator, as_user, django_assert_max_num_queries
):
    edition, me = populated
    clients = {"participant": as_user(me), "facilitator": as_user(facilitator)}
    for phase in Phase.values:
        in_phase(edition, phase)
        for viewer, client in clients.items():
            with django_assert_max_num_queries(BASE[viewer] + WAITING[viewer] + PHASE_COST[phase]):
                response = client.get(f"/editions/{edition.slug}/dashboard/")

            assert response.status_code == 200, (phase, viewer)
            dashboard = response.context["dashboard"]
            assert dashboard.overview.counts.participants >= 10
            if viewer == "participant" and phase in (Phase.CONNECTING, Phase.CONSOLIDATION):
                assert dashboard.prompts.evaluations and dashboard.prompts.reflections
                assert dashboard.prompts.balance.brought >= 2
            if phase == Phase.CONSOLIDATION and viewer == "facilitator":
                assert len(dashboard.focus.outputs) == 10  # of the 20 offered: a fixed page
            if phase == Phase.CONSOLIDATION and viewer == "participant":
                assert dashboard.focus.consents_asked == 20
