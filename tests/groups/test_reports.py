"""Progress reports: writing and updating until the deadline, refusals (after the deadline, another
edition's meeting, non-members, groups that are not active), the meeting page, the facilitators'
overview with its deadline and reminders, the ledger, query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from leerplatform.core.models import ActivityEntry, Direction, Verb
from leerplatform.core.visibility import Visibility
from leerplatform.groups.models import GroupMembership, GroupStatus, ProgressReport
from leerplatform.groups.queries.reports import reports_box_context
from leerplatform.groups.services import reports as services
from leerplatform.meetings.models import Meeting, MeetingStatus
from tests import factories
from tests.conftest import client_for
from tests.groups.factories_activities import (
    bulk_groups_with_reports,
    make_group,
    past_meeting,
    report_sections,
    upcoming_meeting,
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
def meeting(edition):
    return upcoming_meeting(edition, title="Derde bijeenkomst")


def _url(group, meeting):
    return reverse("groups:report", kwargs={"pk": group.pk, "meeting_pk": meeting.pk})


def _overview(meeting):
    return reverse("groups:meeting_reports", kwargs={"pk": meeting.pk})


def _remind(meeting):
    return reverse("groups:remind_reports", kwargs={"pk": meeting.pk})


def _write(group, meeting, author, **overrides):
    return services.write_report(
        group=group, meeting=meeting, author=author, **report_sections(**overrides)
    )


def _close_reporting(meeting):
    Meeting.objects.filter(pk=meeting.pk).update(
        report_deadline=timezone.now() - dt.timedelta(minutes=1)
    )
    meeting.refresh_from_db()


# --- Writing and updating ------------------------------------------------------------------------


def test_a_member_writes_the_report_and_another_updates_it(group, meeting, member, coordinator):
    response = client_for(member).post(_url(group, meeting), report_sections())
    assert response.status_code == 302
    report = ProgressReport.objects.get(group=group, meeting=meeting)
    assert report.author == member
    assert report.what_we_did.startswith("Twee intervisiebijeenkomsten")

    response = client_for(coordinator).post(
        _url(group, meeting), report_sections(next_steps="De toolkit publiceren.")
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert ProgressReport.objects.count() == 1
    assert report.next_steps == "De toolkit publiceren."
    assert report.author == member  # who wrote it first

    page = client_for(coordinator).get(_url(group, meeting)).content.decode()
    assert "<strong>werkbezoek</strong>" in page  # Markdown rendered
    assert "De toolkit publiceren." in page


def test_reporting_brings_once_per_person_visible_to_the_edition(
    group, meeting, member, coordinator
):
    report = _write(group, meeting, member)
    _write(group, meeting, member, results="Versie 2")
    _write(group, meeting, coordinator, results="Versie 3")

    entries = ActivityEntry.objects.filter(verb=Verb.REPORTED).order_by("id")
    assert [e.actor for e in entries] == [member, coordinator]
    assert all(e.direction == Direction.BRING for e in entries)
    assert all(e.visibility == Visibility.PLATFORM for e in entries)
    assert all(e.target_id == str(report.pk) for e in entries)
    assert entries[0].edition_id == group.edition_id


def test_what_we_did_is_required(group, meeting, member):
    response = client_for(member).post(_url(group, meeting), report_sections(what_we_did="  "))
    assert response.status_code == 200
    assert "what_we_did" in response.context["form"].errors
    assert "Teams leren het meest" in response.content.decode()  # the rest is kept
    assert not ProgressReport.objects.exists()
    with pytest.raises(ValidationError):
        _write(group, meeting, member, what_we_did="")


def test_the_report_form_is_filled_in_with_the_current_report(group, meeting, member, coordinator):
    _write(group, meeting, member, questions="Wie doet mee?")
    response = client_for(coordinator).get(_url(group, meeting))
    assert response.context["form"].initial["questions"] == "Wie doet mee?"


# --- Refusals ------------------------------------------------------------------------------------


def test_after_the_deadline_the_report_is_refused_and_the_text_kept(group, meeting, member):
    _write(group, meeting, member, what_we_did="Vóór de deadline geschreven.")
    _close_reporting(meeting)

    response = client_for(member).post(
        _url(group, meeting), report_sections(what_we_did="Te laat ingestuurd verhaal.")
    )

    assert response.status_code == 200
    assert response.context["refusal"]
    html = response.content.decode()
    assert "message--error" in html
    assert "Te laat ingestuurd verhaal." in html  # kept on the page to copy
    assert ProgressReport.objects.get().what_we_did == "Vóór de deadline geschreven."
    with pytest.raises(services.ReportClosed):
        _write(group, meeting, member)
    # Reading still works; the form is gone.
    response = client_for(member).get(_url(group, meeting))
    assert response.context["can_write"] is False
    assert 'name="what_we_did"' not in response.content.decode()


def test_without_a_deadline_reports_close_when_the_meeting_starts(edition, group, member):
    started = factories.make_meeting(
        edition, day=timezone.localdate() - dt.timedelta(days=1), title="Gisteren"
    )
    response = client_for(member).post(_url(group, started), report_sections())
    assert response.status_code == 200
    assert response.context["refusal"]
    assert not ProgressReport.objects.exists()


def test_the_deadline_can_be_later_than_the_start(group, member, edition):
    started = factories.make_meeting(edition, day=timezone.localdate() - dt.timedelta(days=1))
    Meeting.objects.filter(pk=started.pk).update(
        report_deadline=timezone.now() + dt.timedelta(hours=1)
    )
    started.refresh_from_db()
    _write(group, started, member)
    assert ProgressReport.objects.count() == 1


def test_a_meeting_of_another_edition_is_not_found(group, member):
    elsewhere = upcoming_meeting(factories.make_edition(), title="Elders")
    url = _url(group, elsewhere)
    assert client_for(member).get(url).status_code == 404
    assert client_for(member).post(url, report_sections()).status_code == 404
    with pytest.raises(ValidationError):
        _write(group, elsewhere, member)
    assert not ProgressReport.objects.exists()


def test_a_draft_meeting_is_not_found(edition, group, member):
    draft = upcoming_meeting(edition, status=MeetingStatus.DRAFT)
    assert client_for(member).get(_url(group, draft)).status_code == 404


def test_a_cancelled_meeting_takes_no_reports(edition, group, member):
    cancelled = upcoming_meeting(edition, status=MeetingStatus.CANCELLED)
    response = client_for(member).post(_url(group, cancelled), report_sections())
    assert response.status_code == 200 and response.context["refusal"]
    assert not ProgressReport.objects.exists()


def test_non_members_cannot_write(group, meeting, participant, facilitator, staff, outsider):
    for user in (participant, facilitator, staff):
        assert client_for(user).get(_url(group, meeting)).status_code == 200  # they read
        assert client_for(user).post(_url(group, meeting), report_sections()).status_code == 403
    assert client_for(outsider).get(_url(group, meeting)).status_code == 403
    assert client_for(None).post(_url(group, meeting), report_sections()).status_code == 302
    for user in (participant, facilitator):
        with pytest.raises(ValidationError):
            _write(group, meeting, user)
    assert not ProgressReport.objects.exists()


def test_a_member_who_left_cannot_write(group, meeting, member):
    GroupMembership.objects.filter(group=group, user=member).update(left_at=timezone.now())
    assert client_for(member).post(_url(group, meeting), report_sections()).status_code == 403


@pytest.mark.parametrize("status", [GroupStatus.FORMING, GroupStatus.CLOSED])
def test_only_active_groups_report(group, meeting, member, status):
    group.status = status
    group.save()
    response = client_for(member).post(_url(group, meeting), report_sections())
    assert response.status_code == 200
    assert response.context["refusal"]
    assert "Twee intervisiebijeenkomsten" in response.content.decode()
    assert not ProgressReport.objects.exists()
    with pytest.raises(services.ReportClosed):
        _write(group, meeting, member)


# --- The meeting page ----------------------------------------------------------------------------


def _meeting_page(user, meeting):
    return client_for(user).get(reverse("meetings:detail", kwargs={"pk": meeting.pk}))


def test_the_meeting_page_shows_the_reports_to_the_edition_only(
    edition, group, meeting, member, participant, facilitator, staff, outsider
):
    _write(group, meeting, member, what_we_did="Wij bezochten **drie hogescholen**.")
    other = make_group(edition, name="Leergroep Aardvarken", members=[participant])
    _write(other, meeting, participant, what_we_did="Een seminar voorbereid.")

    for user in (member, participant, facilitator, staff):
        html = _meeting_page(user, meeting).content.decode()
        assert "meeting-reports-heading" in html
        assert "<strong>drie hogescholen</strong>" in html
        # By group name.
        assert html.index("Leergroep Aardvarken") < html.index("Leergroep Teamontwikkeling")
    for user in (None, outsider):
        response = _meeting_page(user, meeting)
        assert response.status_code == 200
        html = response.content.decode()
        assert "meeting-reports-heading" not in html
        assert "drie hogescholen" not in html
    # The overview link for those who manage the reports only.
    assert _overview(meeting) in _meeting_page(facilitator, meeting).content.decode()
    assert _overview(meeting) in _meeting_page(staff, meeting).content.decode()
    assert _overview(meeting) not in _meeting_page(member, meeting).content.decode()


@pytest.mark.parametrize("size", [1, 30])
def test_the_meeting_page_costs_the_same_queries_with_1_and_30_reports(
    edition, meeting, participant, facilitator, django_assert_max_num_queries, size
):
    bulk_groups_with_reports(edition, meeting, size)
    for user in (participant, facilitator):
        client = client_for(user)
        # 10, and one for the groups' joint reflections beside their reports.
        with django_assert_max_num_queries(12):  # +1: the notification bell's unread count
            response = client.get(reverse("meetings:detail", kwargs={"pk": meeting.pk}))
        assert len(response.context["meeting_reports"].reports) == size


# --- The group page's box ------------------------------------------------------------------------


def test_the_box_lists_the_reports_and_invites_members_to_write_the_next(
    edition, group, member, participant
):
    earlier = past_meeting(edition, title="Tweede bijeenkomst")
    Meeting.objects.filter(pk=earlier.pk).update(report_deadline=None)
    ProgressReport.objects.create(group=group, meeting=earlier, author=member, **report_sections())
    next_one = upcoming_meeting(edition, title="Derde bijeenkomst")
    upcoming_meeting(edition, days=60, title="Slotbijeenkomst")

    box = reports_box_context(group=group, user=member)["reports_box"]
    assert [r.meeting.title for r in box.reports] == ["Tweede bijeenkomst"]
    assert box.due_meeting.pk == next_one.pk and not box.due_is_written

    _write(group, next_one, member)
    box = reports_box_context(group=group, user=member)["reports_box"]
    assert box.due_meeting.pk == next_one.pk and box.due_is_written

    other = reports_box_context(group=group, user=participant)["reports_box"]
    assert other.can_view and other.due_meeting is None
    assert len(other.reports) == 2
    stranger = factories.make_user()
    assert not reports_box_context(group=group, user=stranger)["reports_box"].can_view


# --- The facilitators' overview ------------------------------------------------------------------


def test_the_overview_shows_who_has_reported(edition, group, meeting, member, facilitator):
    _write(group, meeting, member)
    silent = make_group(edition, name="Leergroep Stil", members=[factories.make_member(edition)])
    make_group(edition, name="Leergroep In oprichting", status=GroupStatus.FORMING)

    response = client_for(facilitator).get(_overview(meeting))

    overview = response.context["overview"]
    assert [row.group.name for row in overview.reported] == [group.name]
    assert [row.group.name for row in overview.missing] == [silent.name]
    html = response.content.decode()
    assert "Leergroep In oprichting" not in html  # only active groups report
    assert html.count("report-state--done") == 1
    assert html.count("report-state--missing") == 1


def test_facilitators_set_and_clear_the_deadline(meeting, facilitator):
    deadline = timezone.localtime(meeting.starts_at - dt.timedelta(days=2)).replace(second=0)
    response = client_for(facilitator).post(
        _overview(meeting), {"deadline": deadline.strftime("%Y-%m-%dT%H:%M")}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.report_deadline == deadline

    too_late = timezone.localtime(meeting.ends_at + dt.timedelta(hours=1))
    response = client_for(facilitator).post(
        _overview(meeting), {"deadline": too_late.strftime("%Y-%m-%dT%H:%M")}
    )
    assert response.status_code == 200
    assert "deadline" in response.context["form"].errors
    meeting.refresh_from_db()
    assert meeting.report_deadline == deadline

    assert client_for(facilitator).post(_overview(meeting), {"deadline": ""}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.report_deadline is None


def test_only_facilitators_and_staff_see_the_overview(
    meeting, member, participant, facilitator, staff
):
    for user in (member, participant):
        assert client_for(user).get(_overview(meeting)).status_code == 403
        assert client_for(user).post(_overview(meeting), {"deadline": ""}).status_code == 403
        assert client_for(user).post(_remind(meeting)).status_code == 403
    other_facilitator = factories.make_member(factories.make_edition(), role="facilitator")
    assert client_for(other_facilitator).get(_overview(meeting)).status_code == 403
    assert client_for(staff).get(_overview(meeting)).status_code == 200


def test_the_reminder_goes_to_the_members_of_groups_that_have_not_reported(
    edition,
    group,
    meeting,
    member,
    coordinator,
    facilitator,
    django_capture_on_commit_callbacks,
    settings,
):
    settings.SITE_URL = "http://testserver"
    _write(group, meeting, member)
    quiet_a = factories.make_member(edition, name="Quinta Quiet")
    quiet_b = factories.make_member(edition, name="Rik Rustig")
    gone = factories.make_member(edition, name="Vera Vertrokken")
    silent = make_group(
        edition, name="Leergroep Stil", members=[quiet_a, gone], coordinators=[quiet_b]
    )
    GroupMembership.objects.filter(group=silent, user=gone).update(left_at=timezone.now())
    make_group(
        edition, name="In oprichting", members=[factories.make_member(edition)], status="forming"
    )

    client = client_for(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_remind(meeting))

    assert response.status_code == 302
    assert response.url == _overview(meeting)
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([quiet_a.email, quiet_b.email])
    message = mail.outbox[0]
    assert meeting.title in message.subject
    assert _url(silent, meeting) in message.body
    assert "http://testserver/" in message.body
    [notice] = list(client.get(_overview(meeting)).context["messages"])
    assert notice.level_tag == "success"
    assert "1" in notice.message and "2" in notice.message  # one group, two people


def test_no_reminder_after_the_deadline(edition, meeting, facilitator):
    make_group(edition, name="Leergroep Stil", members=[factories.make_member(edition)])
    _close_reporting(meeting)
    response = client_for(facilitator).post(_remind(meeting), follow=True)
    assert "message--error" in response.content.decode()
    assert mail.outbox == []


def test_a_group_that_reports_before_the_task_runs_is_not_reminded(edition, meeting, member, group):
    from leerplatform.groups.tasks import send_report_reminders

    _write(group, meeting, member)
    assert send_report_reminders.call(meeting.pk, [group.pk]) == 0
    assert mail.outbox == []


@pytest.mark.parametrize("size", [2, 40])
def test_the_overview_costs_the_same_queries_with_2_and_40_groups(
    edition, meeting, facilitator, django_assert_max_num_queries, size
):
    bulk_groups_with_reports(edition, meeting, size, reported=size // 2)
    client = client_for(facilitator)
    with django_assert_max_num_queries(6):  # +1: the bell
        response = client.get(_overview(meeting))
    overview = response.context["overview"]
    assert len(overview.reported) == len(overview.missing) == size // 2
    assert all(row.members == 2 for row in overview.rows)


def test_a_report_stays_editable_after_its_first_writer_deleted_their_account(
    edition, group, meeting, member
):
    writer = factories.make_member(edition)
    GroupMembership.objects.create(group=group, user=writer)
    report = _write(group, meeting, writer)
    writer.delete()
    _write(group, meeting, member, next_steps="Verder zonder Wim.")
    report.refresh_from_db()
    assert report.author is None and report.next_steps == "Verder zonder Wim."
