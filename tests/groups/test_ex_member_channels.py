"""Every channel, for an ex-member (issue 11, point 2): lists, files, feeds, emails, exports, the
journal, and the data migration that closes the groups of people who left before the fix.

The circle (tests.groups.test_ex_members.Circle): `ex` coordinated "Leergroep Geheim" with a
private work plan, thread and document (with a file); `friend` stays. Pages, search and writing
are in test_ex_members.py."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from leerplatform.editions.models import Membership
from leerplatform.groups.models import GroupMembership, JoinRequest, JoinRequestStatus
from leerplatform.groups.services import groups as group_services
from leerplatform.meetings.models import CalendarFeed
from leerplatform.reflection.models import JournalEntry
from tests import factories
from tests.conftest import client_for
from tests.groups.test_ex_members import SECRET, WAYS, Circle


@pytest.fixture
def circle(db) -> Circle:
    return Circle()


# --- Lists ------------------------------------------------------------------------------------


@pytest.mark.parametrize("way", WAYS)
def test_no_list_shows_an_ex_member_the_groups_private_work(circle, way):
    circle.end(way)
    client = circle.client()
    library = client.get(reverse("library:library", kwargs={"slug": circle.edition.slug}))
    assert SECRET not in library.content.decode()
    # The learning agenda is public (issue 15): an ex-member reads it as a visitor does, with
    # the number of groups per theme but neither the groups' names nor their work.
    agenda = client.get(reverse("groups:agenda", kwargs={"slug": circle.edition.slug}))
    assert agenda.status_code == 200
    assert SECRET not in agenda.content.decode()
    assert circle.group.name not in agenda.content.decode()
    for name, kwargs in (
        ("groups:list", {"slug": circle.edition.slug}),
        ("editions:dashboard", {"slug": circle.edition.slug}),
        ("groups:threads", {"pk": circle.group.pk}),
        ("groups:members", {"pk": circle.group.pk}),
    ):
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code in (403, 404), f"{name}: {response.status_code}"
        assert SECRET not in response.content.decode()


# --- Files ------------------------------------------------------------------------------------


@pytest.mark.parametrize("way", WAYS)
def test_an_ex_member_downloads_no_file_version(circle, way):
    version = circle.document.attachments.get().versions.order_by("pk").first()
    url = reverse("library:download_version", kwargs={"version_pk": version.pk})
    assert circle.client().get(url).status_code == 200
    circle.end(way)
    response = circle.client().get(url)
    assert response.status_code == 404
    assert SECRET.encode() not in b"".join(getattr(response, "streaming_content", [b""]))


# --- Feeds ------------------------------------------------------------------------------------


@pytest.mark.parametrize("way", WAYS)
def test_the_calendar_feed_of_an_ex_member_drops_the_edition(circle, way):
    meeting = factories.make_meeting(circle.edition, title=f"Bijeenkomst {SECRET}")
    feed = CalendarFeed.objects.create(user=circle.ex)
    url = reverse("meetings:calendar_feed", kwargs={"token": feed.token})
    assert meeting.title in client_for(None).get(url).content.decode()
    circle.end(way)
    response = client_for(None).get(url)
    assert response.status_code == 200
    assert SECRET not in response.content.decode()


@pytest.mark.parametrize("way", WAYS)
def test_the_atom_feed_never_carries_the_groups_work(circle, way):
    circle.end(way)
    response = circle.client().get(reverse("showcase:feed", kwargs={"slug": circle.edition.slug}))
    assert response.status_code in (200, 404)
    assert SECRET not in response.content.decode()


# --- Emails -----------------------------------------------------------------------------------


@pytest.mark.parametrize("way", WAYS)
def test_a_removed_coordinator_gets_no_request_to_join(
    circle, way, mailoutbox, django_capture_on_commit_callbacks
):
    circle.end(way)
    newcomer = factories.make_member(circle.edition, name="Nina Nieuw")
    circle.group.join_policy = "request"
    circle.group.save()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        group_services.request_to_join(group=circle.group, user=newcomer, message="Hallo")
    assert all(circle.ex.email not in message.to for message in mailoutbox)


@pytest.mark.parametrize("way", WAYS)
def test_report_reminders_do_not_go_to_a_removed_coordinator(circle, way, mailoutbox):
    from leerplatform.groups.tasks import send_report_reminders

    circle.end(way)
    meeting = factories.make_meeting(circle.edition)
    mailoutbox.clear()
    send_report_reminders.call(meeting.pk, [circle.group.pk])
    assert all(circle.ex.email not in message.to for message in mailoutbox)


# --- Exports ----------------------------------------------------------------------------------


@pytest.mark.parametrize("way", WAYS)
def test_an_ex_member_gets_no_export(circle, way):
    meeting = factories.make_meeting(circle.edition)
    circle.end(way)
    for name in ("meetings:attendance_csv", "reflection:evaluation_export"):
        response = circle.client().get(reverse(name, kwargs={"pk": meeting.pk}))
        assert response.status_code in (403, 404), f"{name}: {response.status_code}"


# --- The journal ------------------------------------------------------------------------------


@pytest.mark.parametrize("way", WAYS)
def test_an_entry_shared_with_the_group_is_closed_to_an_ex_member(circle, way):
    meeting = factories.make_meeting(circle.edition)
    entry = JournalEntry.objects.create(
        user=circle.friend,
        edition=circle.edition,
        meeting=meeting,
        answers=[f"Wat ik leerde over {SECRET}"],
        shared_with=circle.group,
    )
    assert circle.ex.has_perm("reflection.view_entry", entry)
    circle.end(way)
    assert not circle.ex.has_perm("reflection.view_entry", entry)
    assert circle.friend.has_perm("reflection.view_entry", entry)


# --- The data migration -----------------------------------------------------------------------


def test_the_migration_closes_the_groups_of_people_who_left_before(circle):
    migration = importlib.import_module(
        "leerplatform.groups.migrations.0004_close_groups_of_former_edition_members"
    )
    left = timezone.now() - timezone.timedelta(days=3)
    Membership.objects.filter(edition=circle.edition, user=circle.ex).update(left_at=left)
    migration.close(apps, None)
    row = GroupMembership.objects.get(group=circle.group, user=circle.ex)
    assert row.left_at == left
    assert row.is_coordinator
    assert JoinRequest.objects.get(pk=circle.request.pk).status == JoinRequestStatus.WITHDRAWN
    assert GroupMembership.objects.get(group=circle.group, user=circle.friend).left_at is None
