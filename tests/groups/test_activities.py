"""A learning group's activities: logging and editing (members only), bad input, who sees them
(the visibility rule with the group's choice), the timeline's order, the ledger, query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from leerplatform.core.models import ActivityEntry, Direction, Verb
from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Role
from leerplatform.groups.models import (
    ActivityKind,
    ActivityStatus,
    GroupActivity,
    GroupMembership,
    GroupStatus,
)
from leerplatform.groups.queries.activities import activities_box_context
from leerplatform.groups.services import activities as services
from tests import factories
from tests.conftest import client_for
from tests.groups.factories_activities import (
    activity_fields,
    bulk_activities,
    form_data,
    make_group,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(edition):
    return factories.make_member(edition, name="Mila Member")


@pytest.fixture
def coordinator(edition):
    return factories.make_member(edition, name="Cor Coordinator")


@pytest.fixture
def group(edition, member, coordinator):
    return make_group(edition, members=[member], coordinators=[coordinator])


@pytest.fixture
def shared_group(edition, member, coordinator):
    return make_group(
        edition,
        name="Leergroep Werkgeluk",
        members=[member],
        coordinators=[coordinator],
        activities=Visibility.PLATFORM,
    )


def _timeline(group):
    return reverse("groups:activities", kwargs={"pk": group.pk})


def _create(group):
    return reverse("groups:create_activity", kwargs={"pk": group.pk})


def _edit(item):
    return reverse("groups:edit_activity", kwargs={"pk": item.group_id, "activity_pk": item.pk})


def _log(group, actor, **overrides):
    return services.log_activity(group=group, actor=actor, **activity_fields(**overrides))


# --- Logging and editing -------------------------------------------------------------------------


def test_a_member_logs_a_done_activity_with_who_took_part(group, member, coordinator):
    data = form_data(participants=[member, coordinator], title="Werkbezoek aan Avans")
    response = client_for(member).post(_create(group), data)

    item = GroupActivity.objects.get(group=group)
    assert response.status_code == 302
    assert response.url == _timeline(group) + f"#activity-{item.pk}"
    assert item.title == "Werkbezoek aan Avans"
    assert item.status == ActivityStatus.DONE
    assert item.created_by == member
    assert set(item.participants.all()) == {member, coordinator}
    page = client_for(coordinator).get(_timeline(group)).content.decode()
    assert "Werkbezoek aan Avans" in page
    assert "Cor Coordinator" in page and "Mila Member" in page
    assert "<strong>incidentmethode</strong>" in page  # Markdown rendered


def test_logging_brings_with_the_visibility_the_group_chose(group, shared_group, member):
    private = _log(group, member, title="Besloten intervisie")
    shared = _log(shared_group, member, title="Open seminar")

    rows = {
        entry.target_label: entry
        for entry in ActivityEntry.objects.filter(verb=Verb.ACTIVITY_LOGGED, actor=member)
    }
    assert rows["Besloten intervisie"].direction == Direction.BRING
    assert rows["Besloten intervisie"].visibility == Visibility.GROUP
    assert rows["Open seminar"].direction == Direction.BRING
    assert rows["Open seminar"].visibility == Visibility.PLATFORM
    assert rows["Open seminar"].edition_id == shared.group.edition_id
    assert private.group == group


def test_marking_a_planned_activity_done_brings_once(group, member, coordinator):
    item = _log(
        group,
        member,
        status=ActivityStatus.PLANNED,
        outcome="",
        date=timezone.localdate() - dt.timedelta(days=1),
    )
    fields = activity_fields(outcome="Een toolkit met vijf werkvormen.")
    services.update_activity(item=item, actor=coordinator, **fields)
    services.update_activity(
        item=item, actor=coordinator, **fields | {"status": "planned", "outcome": ""}
    )
    services.update_activity(item=item, actor=coordinator, **fields)

    entries = ActivityEntry.objects.filter(verb=Verb.ACTIVITY_LOGGED, target_id=str(item.pk))
    assert [(e.actor, e.data["status"]) for e in entries.order_by("id")] == [
        (member, "planned"),
        (coordinator, "done"),
    ]
    assert all(e.direction == Direction.BRING for e in entries)


def test_any_member_edits_the_activity_and_adds_the_outcome(group, member, coordinator):
    item = _log(group, coordinator, status=ActivityStatus.PLANNED, outcome="")
    data = form_data(
        status="done", outcome="Iedereen neemt een werkvorm mee.", participants=[member]
    )

    response = client_for(member).post(_edit(item), data)

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ActivityStatus.DONE
    assert item.outcome == "Iedereen neemt een werkvorm mee."
    assert list(item.participants.all()) == [member]
    assert item.created_by == coordinator


def test_the_edit_form_is_filled_in(group, member):
    item = _log(group, member, title="Training feedback geven", participants=[member])
    response = client_for(member).get(_edit(item))
    form = response.context["form"]
    assert form.initial["title"] == "Training feedback geven"
    assert form.initial["participants"] == [member.pk]


def test_someone_who_left_stays_on_an_activity_they_took_part_in(group, member, coordinator):
    item = _log(group, coordinator, participants=[member, coordinator])
    GroupMembership.objects.filter(group=group, user=member).update(left_at=timezone.now())

    response = client_for(coordinator).post(
        _edit(item), form_data(title="Nieuwe titel", participants=[member, coordinator])
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Nieuwe titel"
    assert set(item.participants.all()) == {member, coordinator}
    # ...but cannot be added to a new activity.
    with pytest.raises(ValidationError) as error:
        _log(group, coordinator, participants=[member])
    assert "participants" in error.value.message_dict


def test_an_activity_of_another_group_is_not_found_through_this_one(edition, group, member):
    other = make_group(edition, name="Andere groep", members=[member])
    item = _log(other, member)
    url = reverse("groups:edit_activity", kwargs={"pk": group.pk, "activity_pk": item.pk})
    assert client_for(member).get(url).status_code == 404


# --- Bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": ""}, "title"),
        ({"kind": ""}, "kind"),
        ({"kind": "knitting"}, "kind"),
        ({"date": None}, "date"),
        ({"status": "maybe"}, "status"),
        ({"status": "planned", "outcome": "Al een uitkomst?"}, "outcome"),
        ({"status": "done", "date": timezone.localdate() + dt.timedelta(days=3)}, "status"),
    ],
)
def test_bad_input_is_refused_with_the_text_kept(group, member, overrides, field):
    data = form_data(**overrides)
    response = client_for(member).post(_create(group), data)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not GroupActivity.objects.exists()
    if data.get("description"):
        assert "incidentmethode" in response.content.decode()


def test_only_members_can_be_listed_as_taking_part(edition, group, member):
    stranger = factories.make_member(edition, name="Stan Stranger")
    response = client_for(member).post(_create(group), form_data(participants=[stranger]))
    assert "participants" in response.context["form"].errors
    with pytest.raises(ValidationError) as error:
        _log(group, member, participants=[stranger])
    assert "participants" in error.value.message_dict
    assert not GroupActivity.objects.exists()


def test_the_service_checks_the_rules_too(edition, group, member, participant, facilitator):
    for outsider in (participant, facilitator):
        with pytest.raises(ValidationError):
            _log(group, outsider)
    with pytest.raises(ValidationError) as error:
        _log(group, member, status="done", outcome="x", date=timezone.localdate() + dt.timedelta(1))
    assert "status" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _log(group, member, title="   ", kind="nonsense", date=None)
    assert {"title", "kind", "date"} <= set(error.value.message_dict)
    assert not GroupActivity.objects.exists()
    assert not ActivityEntry.objects.filter(verb=Verb.ACTIVITY_LOGGED).exists()


def test_a_closed_group_keeps_its_activities_as_they_are(group, member):
    item = _log(group, member)
    group.status = GroupStatus.CLOSED
    group.save()
    client = client_for(member)

    assert client.get(_create(group)).status_code == 302
    response = client.post(_edit(item), form_data(title="Later veranderd"))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title != "Later veranderd"
    with pytest.raises(ValidationError):
        _log(group, member)
    page = client.get(_timeline(group)).content.decode()
    assert _create(group) not in page


def test_a_forming_group_can_plan_activities(edition, member):
    forming = make_group(edition, name="Nog in oprichting", members=[member], status="forming")
    _log(forming, member, status="planned", outcome="", date=timezone.localdate())
    assert forming.activities.count() == 1


# --- Who sees them -------------------------------------------------------------------------------


def _status(user, url):
    return client_for(user).get(url).status_code


def test_group_only_activities_are_for_the_group_only(
    group, member, coordinator, participant, facilitator, staff, outsider
):
    _log(group, member, title="Vertrouwelijke casus")
    url = _timeline(group)
    assert _status(member, url) == 200
    assert _status(coordinator, url) == 200
    # Not for a participant outside the group, nor the facilitators, nor staff.
    for user in (participant, facilitator, staff, outsider):
        assert _status(user, url) == 403
    assert _status(None, url) == 302
    for user in (participant, facilitator, staff):
        response = client_for(user).get(url)
        assert "Vertrouwelijke casus" not in response.content.decode()


def test_shared_activities_are_for_the_edition(
    shared_group, member, participant, facilitator, staff, outsider
):
    _log(shared_group, member, title="Open seminar over werkgeluk")
    url = _timeline(shared_group)
    for user in (member, participant, facilitator):
        response = client_for(user).get(url)
        assert response.status_code == 200
        assert "Open seminar over werkgeluk" in response.content.decode()
    # Staff have no exception in the visibility rule; people of other editions see nothing.
    assert _status(staff, url) == 403
    assert _status(outsider, url) == 403
    assert _status(None, url) == 302


def test_only_members_log_and_edit(
    shared_group, member, coordinator, participant, facilitator, staff
):
    item = _log(shared_group, member)
    for user in (member, coordinator):
        assert _status(user, _create(shared_group)) == 200
        assert _status(user, _edit(item)) == 200
    for user in (participant, facilitator, staff):
        assert _status(user, _create(shared_group)) == 403
        assert _status(user, _edit(item)) == 403
        response = client_for(user).post(_create(shared_group), form_data(title="Ingebroken"))
        assert response.status_code == 403
    assert not GroupActivity.objects.filter(title="Ingebroken").exists()
    page = client_for(participant).get(_timeline(shared_group)).content.decode()
    assert _edit(item) not in page


def test_someone_who_left_no_longer_sees_group_only_activities(group, member):
    GroupMembership.objects.filter(group=group, user=member).update(left_at=timezone.now())
    assert _status(member, _timeline(group)) == 403


def test_the_box_shows_the_next_and_last_activities_only_to_who_may_see_them(
    group, member, participant, facilitator
):
    today = timezone.localdate()
    _log(group, member, title="Al gedaan 1", date=today - dt.timedelta(days=30))
    _log(group, member, title="Al gedaan 2", date=today - dt.timedelta(days=3))
    _log(
        group,
        member,
        title="Verder weg",
        status="planned",
        outcome="",
        date=today + dt.timedelta(days=40),
    )
    _log(
        group,
        member,
        title="Eerstvolgend",
        status="planned",
        outcome="",
        date=today + dt.timedelta(days=4),
    )

    box = activities_box_context(group=group, user=member)["activities_box"]
    assert box.can_view and box.can_log
    assert box.next_planned.title == "Eerstvolgend"
    assert [a.title for a in box.last_done] == ["Al gedaan 2", "Al gedaan 1"]
    for user in (participant, facilitator):
        box = activities_box_context(group=group, user=user)["activities_box"]
        assert not box.can_view and box.next_planned is None and box.last_done == []


# --- The timeline --------------------------------------------------------------------------------


def test_the_timeline_runs_by_date_with_today_marked(group, member):
    today = timezone.localdate()
    _log(group, member, title="C", status="planned", outcome="", date=today + dt.timedelta(days=9))
    _log(group, member, title="A", date=today - dt.timedelta(days=20))
    _log(group, member, title="B", status="planned", outcome="", date=today - dt.timedelta(days=2))
    _log(group, member, title="D", status="planned", outcome="", date=today + dt.timedelta(days=30))

    response = client_for(member).get(_timeline(group))
    timeline = response.context["timeline"]
    assert [a.title for a in timeline.activities] == ["A", "B", "C", "D"]
    assert timeline.today_index == 2
    assert (timeline.done_count, timeline.planned_count) == (1, 3)
    assert [a.is_overdue for a in timeline.activities] == [False, True, False, False]
    html = response.content.decode()
    # Planned and done look different and say so in words.
    assert html.count("activity-timeline__item--planned") == 3
    assert html.count("activity-timeline__item--done") == 1
    assert html.index("activity-timeline__today") < html.index(">C<")
    assert html.index(">B<") < html.index("activity-timeline__today")


@pytest.mark.parametrize("size", [5, 200])
def test_the_timeline_costs_the_same_queries_with_5_and_200_activities(
    edition, group, member, coordinator, django_assert_max_num_queries, size
):
    others = [factories.make_member(edition, role=Role.PARTICIPANT) for _ in range(3)]
    for person in others:
        GroupMembership.objects.create(group=group, user=person)
    bulk_activities(group, size, people=[member, coordinator, *others])
    client = client_for(member)
    with django_assert_max_num_queries(10):  # +1: the bell's unread count; +1: the bin
        response = client.get(_timeline(group))
    assert response.status_code == 200
    assert len(response.context["timeline"].activities) == size
    assert {a.kind for a in response.context["timeline"].activities} <= set(ActivityKind.values)


def test_an_activity_stays_editable_after_its_logger_deleted_their_account(group, member):
    item = _log(group, member, title="Oude titel")
    logger = factories.make_member(group.edition)
    GroupActivity.objects.filter(pk=item.pk).update(created_by=logger)
    logger.delete()
    item.refresh_from_db()
    assert item.created_by is None
    services.update_activity(item=item, actor=member, **activity_fields(title="Nieuwe titel"))
    item.refresh_from_db()
    assert item.title == "Nieuwe titel"


# --- The demo ------------------------------------------------------------------------------------


def test_the_demo_gives_each_group_activities_and_reports_once():
    from leerplatform.demo.activities import load_activity_examples
    from leerplatform.demo.edition import load_demo
    from leerplatform.demo.groups import load_group_examples
    from leerplatform.groups.models import ProgressReport

    edition = load_demo()
    groups = load_group_examples(edition)
    load_activity_examples(edition)
    counts = (GroupActivity.objects.count(), ProgressReport.objects.count())
    load_activity_examples(edition)
    assert (GroupActivity.objects.count(), ProgressReport.objects.count()) == counts

    past = [m for m in edition.meetings.order_by("starts_at") if m.is_past][1:]
    assert past
    for group in groups:
        activities = list(group.activities.all())
        assert 3 <= len(activities) <= 5
        assert len({a.kind for a in activities}) == len(activities)
        done = [a for a in activities if a.status == ActivityStatus.DONE]
        planned = [a for a in activities if a.status == ActivityStatus.PLANNED]
        assert done and planned
        assert all(a.outcome for a in done) and not any(a.outcome for a in planned)
        assert all(a.date >= timezone.localdate() for a in planned)
        assert all(a.participants.exists() for a in activities)
        if group.status == GroupStatus.ACTIVE:
            reports = group.progress_reports.order_by("meeting__starts_at")
            assert [r.meeting for r in reports] == past
            assert all(r.submitted_at < r.meeting.starts_at for r in reports)
    assert ActivityEntry.objects.filter(verb=Verb.REPORTED).count() == counts[1]
    assert ActivityEntry.objects.filter(verb=Verb.ACTIVITY_LOGGED).count() == counts[0]
