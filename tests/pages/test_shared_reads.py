"""The rows every viewer of an edition sees alike are read once per content version
(core.shared_reads): a change shows at once, and nothing of the viewer's is kept."""

from __future__ import annotations

import datetime as dt
from unittest import mock

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from leerplatform.core import shared_reads, visitor_cache
from leerplatform.groups.services.reports import set_report_deadline, write_report
from leerplatform.meetings.models import MeetingStatus, ProgrammeItemKind
from leerplatform.meetings.services.meetings import update_meeting
from leerplatform.meetings.services.programme import add_programme_item
from leerplatform.reflection.services.journal import write_group_reflection
from tests import factories
from tests.conftest import client_for
from tests.groups.factories_activities import (
    make_group,
    past_meeting,
    report_sections,
    upcoming_meeting,
)


def _dashboard(client, edition):
    response = client.get(reverse("editions:dashboard", args=[edition.slug]))
    assert response.status_code == 200
    return response.context["dashboard"].overview


def test_a_second_dashboard_reads_the_overview_from_the_cache(edition, participant):
    client = client_for(participant)
    factories.make_meeting(edition, day=timezone.localdate() + dt.timedelta(days=20))

    def overview_reads() -> int:
        sqls = [q["sql"] for q in _queries(lambda: _dashboard(client, edition))]
        return sum(
            'FROM "editions_theme"' in sql or 'FILTER (WHERE "editions_membership"."role"' in sql
            for sql in sqls
        )

    assert overview_reads() == 2  # the themes and the member counts (and the meetings)
    assert overview_reads() == 0


def _queries(call):
    with CaptureQueriesContext(connection) as captured:
        call()
    return captured.captured_queries


def test_a_change_to_a_meeting_or_a_member_shows_at_once(edition, participant, facilitator):
    meeting = factories.make_meeting(
        edition,
        day=timezone.localdate() + dt.timedelta(days=20),
        status=MeetingStatus.DRAFT,
        title="Nog geheim",
    )
    client = client_for(participant)
    before = _dashboard(client, edition)
    assert meeting.pk not in {m.pk for m in before.meetings}

    update_meeting(meeting=meeting, actor=facilitator, status=MeetingStatus.PUBLISHED)
    after = _dashboard(client, edition)
    assert after.next_meeting is not None and after.next_meeting.pk == meeting.pk

    update_meeting(meeting=meeting, actor=facilitator, title="Nu bekend")
    assert _dashboard(client, edition).next_meeting.title == "Nu bekend"

    factories.make_member(edition)
    assert _dashboard(client, edition).counts.participants == before.counts.participants + 1


def test_what_is_next_follows_the_clock_not_the_cache(edition, participant):
    meeting = factories.make_meeting(edition, day=timezone.localdate() + dt.timedelta(days=2))
    client = client_for(participant)
    assert _dashboard(client, edition).next_meeting.pk == meeting.pk
    later = meeting.ends_at + dt.timedelta(hours=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        overview = _dashboard(client, edition)
    assert overview.next_meeting is None and overview.past_meetings[-1].pk == meeting.pk


def test_the_shared_entry_holds_nothing_of_the_viewer(edition, participant, facilitator):
    _dashboard(client_for(participant), edition)
    key = f"{visitor_cache.release()}:{shared_reads.PREFIX}edition-overview:{edition.pk}"
    _meetings, themes, counts = cache.get(key)[1]
    assert [t.title for t in themes] == [t.title for t in edition.themes.all()]
    # The facilitator is served the same entry: nothing in it was read with the viewer.
    assert _dashboard(client_for(facilitator), edition).counts == counts


@override_settings(VISITOR_CACHE_SECONDS=0)
def test_without_a_shared_cache_every_request_reads_the_rows(edition, participant):
    assert not visitor_cache.enabled()
    client = client_for(participant)
    _dashboard(client, edition)
    key = f"{visitor_cache.release()}:{shared_reads.PREFIX}edition-overview:{edition.pk}"
    assert cache.get(key) is None


def test_a_new_report_shows_at_once_on_the_group_and_the_meeting_page(edition, facilitator):
    member = factories.make_member(edition)
    group = make_group(edition, members=[member])
    meeting = upcoming_meeting(edition, title="Volgende keer")
    client = client_for(member)
    group_url = reverse("groups:detail", kwargs={"pk": group.pk})
    meeting_url = reverse("meetings:detail", kwargs={"pk": meeting.pk})
    assert client.get(group_url).context["reports_box"].reports == []
    assert client.get(meeting_url).context["meeting_reports"].reports == []
    due = client.get(group_url).context["reports_box"]
    assert due.due_meeting.pk == meeting.pk and not due.due_is_written

    report = write_report(group=group, meeting=meeting, author=member, **report_sections())

    box = client.get(group_url).context["reports_box"]
    assert [r.pk for r in box.reports] == [report.pk] and box.due_is_written
    assert [r.pk for r in client.get(meeting_url).context["meeting_reports"].reports] == [report.pk]
    # The facilitator moves the deadline forward: the box stops asking at once.
    set_report_deadline(
        meeting=meeting, deadline=timezone.now() + dt.timedelta(minutes=1), actor=facilitator
    )
    assert client.get(group_url).context["reports_box"].due_deadline < meeting.starts_at


def test_a_change_to_the_programme_shows_at_once(edition, participant, facilitator):
    meeting = upcoming_meeting(edition)
    client = client_for(participant)
    url = reverse("meetings:detail", kwargs={"pk": meeting.pk})
    assert client.get(url).context["schedule"] == []
    add_programme_item(
        meeting=meeting,
        starts_at=dt.time(10, 0),
        ends_at=dt.time(11, 0),
        kind=ProgrammeItemKind.PLENARY_WORKSHOP,
        title="Werkplaats leerrendement",
        actor=facilitator,
    )
    response = client.get(url)
    assert [entry.item.title for entry in response.context["schedule"]] == [
        "Werkplaats leerrendement"
    ]
    assert "Werkplaats leerrendement" in response.content.decode()


def test_a_joint_reflection_shows_at_once_on_the_group_page(edition):
    member = factories.make_member(edition)
    group = make_group(edition, members=[member])
    meeting = past_meeting(edition, days=3)
    client = client_for(member)
    url = reverse("groups:detail", kwargs={"pk": group.pk})
    assert "still to write" in _box_states(client, url) or "nog te schrijven" in _box_states(
        client, url
    )

    write_group_reflection(group=group, meeting=meeting, author=member, text="Samen geleerd.")

    states = _box_states(client, url)
    assert "geschreven" in states or "written" in states
    assert "nog te schrijven" not in states and "still to write" not in states


def _box_states(client, url) -> str:
    html = client.get(url).content.decode()
    return " ".join(part.split("</span>")[0] for part in html.split('class="share-state')[1:])


def test_the_joint_reflections_box_asks_only_the_groups_members_to_write(edition):
    """The box is a shared fragment: a member's copy ("still to write") never reaches a member of
    the edition outside the group, who may read the reflections but not write them."""
    member, outsider = factories.make_member(edition), factories.make_member(edition)
    group = make_group(edition, members=[member])
    past_meeting(edition, days=3)
    url = reverse("groups:detail", kwargs={"pk": group.pk})
    assert "nog te schrijven" in _box_states(client_for(member), url)
    html = client_for(outsider).get(url).content.decode()
    assert "group-reflections-box" in html
    assert "nog te schrijven" not in _box_states(client_for(outsider), url)


def test_the_overview_is_kept_as_immutable_rows(edition):
    """The overview's rows are kept in each process as they are (no copy to unpickle per
    dashboard): every part of them must stay immutable."""
    from leerplatform.core import version_watch
    from leerplatform.pages.queries.edition import _edition_rows

    factories.make_meeting(edition, day=timezone.localdate() + dt.timedelta(days=5))
    rows = _edition_rows(edition)
    assert rows[0] and rows[1]
    assert version_watch._immutable(rows)
    kept, _size = version_watch._to_keep(rows)
    assert kept is rows
