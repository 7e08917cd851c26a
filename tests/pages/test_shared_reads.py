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
from leerplatform.meetings.models import MeetingStatus
from leerplatform.meetings.services.meetings import update_meeting
from tests import factories
from tests.conftest import client_for


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
    _meetings, themes, counts = cache.get(f"{shared_reads.PREFIX}edition-overview:{edition.pk}")[1]
    assert [t.title for t in themes] == [t.title for t in edition.themes.all()]
    # The facilitator is served the same entry: nothing in it was read with the viewer.
    assert _dashboard(client_for(facilitator), edition).counts == counts


@override_settings(VISITOR_CACHE_SECONDS=0)
def test_without_a_shared_cache_every_request_reads_the_rows(edition, participant):
    assert not visitor_cache.enabled()
    client = client_for(participant)
    _dashboard(client, edition)
    assert cache.get(f"{shared_reads.PREFIX}edition-overview:{edition.pk}") is None
