"""Issue 18's loose ends in the groups: facilitators remove a member (reason, ledger, email,
notification) and assigned people are told; activities go to the bin and come back; a closed
group is read-only until a facilitator reopens it; the groups list has unique ids."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from leerplatform.core.models import ActivityEntry, Verb
from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Role
from leerplatform.groups.models import (
    CLOSED_GROUP,
    GroupActivity,
    GroupMembership,
    GroupStatus,
)
from leerplatform.groups.services import activities as activity_services
from leerplatform.groups.services import discussions, workplan
from leerplatform.groups.services import groups as services
from leerplatform.notifications.models import Notification
from tests import factories
from tests.conftest import client_for
from tests.groups.factories_activities import activity_fields, make_group
from tests.groups.factories_groups import group_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(edition):
    return factories.make_member(edition, name="Mila Member")


@pytest.fixture
def other(edition):
    return factories.make_member(edition, name="Otto Other")


@pytest.fixture
def coordinator(edition):
    return factories.make_member(edition, name="Cor Coordinator")


@pytest.fixture
def facilitator(edition):
    return factories.make_member(edition, role=Role.FACILITATOR, name="Fien Facilitator")


@pytest.fixture
def group(edition, member, other, coordinator):
    return make_group(
        edition,
        members=[member, other],
        coordinators=[coordinator],
        activities=Visibility.PLATFORM,
    )


def _forget(*people):
    for person in people:
        person.__dict__.pop("_group_roles", None)
        person.__dict__.pop("_edition_roles", None)


# --- Removing a member ---------------------------------------------------------------------------


def test_a_facilitator_removes_a_member_with_a_reason_and_the_person_is_told(
    group, member, facilitator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_member(
            group=group, person=member, actor=facilitator, reason="Al maanden niet actief."
        )
    row = GroupMembership.objects.get(group=group, user=member)
    assert row.left_at is not None
    assert not GroupMembership.objects.active().filter(group=group, user=member).exists()
    entry = ActivityEntry.objects.filter(verb=Verb.GROUP_LEFT, actor=member).get()
    assert entry.data == {
        "removed_by": facilitator.pk
    }  # the reason is the person's, not the ledger's
    (email,) = mailoutbox
    assert email.to == [member.email]
    assert "Al maanden niet actief." in email.body
    assert group.name in email.subject
    notification = Notification.objects.get(recipient=member, kind="group_removed")
    assert notification.actor == facilitator
    assert "Al maanden niet actief." in notification.excerpt


def test_removing_needs_a_reason_and_a_member(group, member, facilitator, edition):
    with pytest.raises(ValidationError) as error:
        services.remove_member(group=group, person=member, actor=facilitator, reason="   ")
    assert "reason" in error.value.message_dict
    outsider = factories.make_member(edition)
    with pytest.raises(ValidationError):
        services.remove_member(group=group, person=outsider, actor=facilitator, reason="Waarom")
    assert GroupMembership.objects.active().filter(group=group, user=member).exists()


def test_removing_the_last_coordinator_hands_the_group_on(group, coordinator, facilitator):
    services.remove_member(group=group, person=coordinator, actor=facilitator, reason="Weg.")
    assert GroupMembership.objects.active().filter(group=group, is_coordinator=True).count() == 1


def test_the_members_page_offers_removal_to_facilitators_only(
    group, member, coordinator, facilitator
):
    url = reverse("groups:remove_member", kwargs={"pk": group.pk, "person_pk": member.pk})
    assert (
        url
        in client_for(facilitator)
        .get(reverse("groups:members", kwargs={"pk": group.pk}))
        .content.decode()
    )
    assert (
        url
        not in client_for(coordinator)
        .get(reverse("groups:members", kwargs={"pk": group.pk}))
        .content.decode()
    )
    assert client_for(coordinator).get(url).status_code == 403
    facilitator_client = client_for(facilitator)
    assert facilitator_client.get(url).status_code == 200
    refused = facilitator_client.post(url, {"reason": ""})
    assert refused.status_code == 400
    assert GroupMembership.objects.active().filter(group=group, user=member).exists()
    done = facilitator_client.post(url, {"reason": "Op eigen verzoek."})
    assert done.status_code == 302
    assert not GroupMembership.objects.active().filter(group=group, user=member).exists()
    # Someone no longer in the group cannot be removed again.
    assert facilitator_client.get(url).status_code == 404


# --- Assigning ------------------------------------------------------------------------------------


def test_a_person_a_facilitator_assigns_is_told(
    group, edition, facilitator, mailoutbox, django_capture_on_commit_callbacks
):
    newcomer = factories.make_member(edition, name="Nina Nieuw")
    with django_capture_on_commit_callbacks(execute=True):
        services.assign_member(group=group, person=newcomer, actor=facilitator)
    (email,) = mailoutbox
    assert email.to == [newcomer.email]
    assert group.name in email.subject
    assert reverse("groups:detail", kwargs={"pk": group.pk}) in email.body
    assert Notification.objects.filter(recipient=newcomer, kind="group_assigned").exists()


def test_joining_oneself_sends_no_assignment(group, edition, mailoutbox):
    person = factories.make_member(edition)
    services.join_group(group=group, user=person)
    assert not Notification.objects.filter(kind="group_assigned").exists()
    assert not mailoutbox


# --- Activities: the bin --------------------------------------------------------------------------


def _log(group, actor, **overrides):
    return activity_services.log_activity(group=group, actor=actor, **activity_fields(**overrides))


def _timeline(group):
    return reverse("groups:activities", kwargs={"pk": group.pk})


def _delete_url(item):
    return reverse("groups:delete_activity", kwargs={"pk": item.group_id, "activity_pk": item.pk})


def _restore_url(item):
    return reverse("groups:restore_activity", kwargs={"pk": item.group_id, "activity_pk": item.pk})


def test_who_logged_it_deletes_it_to_the_bin_and_restores_it(group, member):
    item = _log(group, member, title="Werkbezoek Zwolle")
    client = client_for(member)
    assert client.get(_delete_url(item)).status_code == 200
    assert client.post(_delete_url(item)).status_code == 302
    assert not GroupActivity.objects.filter(pk=item.pk).exists()
    binned = GroupActivity.everything.get(pk=item.pk)
    assert binned.deleted_by == member
    page = client.get(_timeline(group)).content.decode()
    assert f'id="activity-{item.pk}"' not in page
    assert _restore_url(item) in page.split("<main", 1)[1]  # the bin, on the page, offers it back
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<" not in title and "Werkbezoek" not in title  # the page's title is only its title
    assert client.post(_restore_url(item)).status_code == 302
    assert GroupActivity.objects.filter(pk=item.pk, deleted_by__isnull=True).exists()
    assert f'id="activity-{item.pk}"' in client.get(_timeline(group)).content.decode()


def test_who_may_delete_an_activity(group, edition, member, other, coordinator, facilitator):
    item = _log(group, member)
    assert client_for(other).get(_delete_url(item)).status_code == 403  # another member
    assert client_for(coordinator).get(_delete_url(item)).status_code == 200
    assert client_for(facilitator).get(_delete_url(item)).status_code == 200  # shared activities
    outsider = factories.make_user()
    assert client_for(outsider).get(_delete_url(item)).status_code == 404
    secret = _log(group, member, confidential=True)
    # A confidential activity stays the group's business, facilitators outside it included.
    assert client_for(facilitator).get(_delete_url(secret)).status_code == 404
    assert client_for(coordinator).post(_delete_url(secret)).status_code == 302


def test_the_bin_empties_itself_after_the_librarys_period(group, member, settings):
    old = _log(group, member, title="Oud")
    young = _log(group, member, title="Jong")
    activity_services.delete_activity(item=old, actor=member)
    activity_services.delete_activity(item=young, actor=member)
    GroupActivity.everything.filter(pk=old.pk).update(
        deleted_at=timezone.now() - timedelta(days=settings.LIBRARY_BIN_DAYS + 1)
    )
    with pytest.raises(ValidationError):
        activity_services.restore_activity(
            item=GroupActivity.everything.get(pk=old.pk), actor=member
        )
    call_command("purge_groups_bin", stdout=None)
    assert not GroupActivity.everything.filter(pk=old.pk).exists()
    assert GroupActivity.everything.filter(pk=young.pk).exists()


# --- A closed group is read-only ---------------------------------------------------------------


@pytest.fixture
def closed(group, member, coordinator):
    thread = discussions.start_thread(group=group, author=member, title="Vraag", text="Hoe?")
    item = _log(group, member)
    group.status = GroupStatus.CLOSED
    group.save()
    group.thread, group.item = thread, item
    return group


def test_a_closed_group_refuses_every_new_piece_of_work(closed, member, coordinator):
    refusals = [
        lambda: discussions.start_thread(group=closed, author=member, title="Nog een", text="x"),
        lambda: discussions.reply(thread=closed.thread, author=member, text="Antwoord"),
        lambda: discussions.edit_post(
            post=closed.thread.posts.first(), actor=member, text="Anders"
        ),
        lambda: workplan.save_workplan(
            group=closed, author=member, base_number=0, parts={"ambition": "Meer"}
        ),
        lambda: _log(closed, member),
        lambda: activity_services.delete_activity(item=closed.item, actor=member),
    ]
    with translation.override("en"):
        for attempt in refusals:
            with pytest.raises(ValidationError) as error:
                attempt()
            assert str(CLOSED_GROUP) in " ".join(error.value.messages)


def test_the_pages_of_a_closed_group_hide_the_forms_and_say_so(closed, member):
    client = client_for(member)
    with translation.override("en"):
        pages = {
            "detail": client.get(reverse("groups:detail", kwargs={"pk": closed.pk})),
            "threads": client.get(reverse("groups:threads", kwargs={"pk": closed.pk})),
            "thread": client.get(reverse("groups:thread", kwargs={"thread_pk": closed.thread.pk})),
            "workplan": client.get(reverse("groups:workplan", kwargs={"pk": closed.pk})),
            "activities": client.get(_timeline(closed)),
        }
    for name, response in pages.items():
        assert response.status_code == 200, name
        assert 'class="message message--info group-closed-notice"' in response.content.decode(), (
            name
        )
    assert (
        reverse("groups:create_thread", kwargs={"pk": closed.pk})
        not in pages["threads"].content.decode()
    )
    assert 'id="reply-form"' not in pages["thread"].content.decode()
    assert (
        reverse("groups:edit_workplan", kwargs={"pk": closed.pk})
        not in pages["workplan"].content.decode()
    )
    assert (
        reverse("groups:create_activity", kwargs={"pk": closed.pk})
        not in pages["activities"].content.decode()
    )
    assert _delete_url(closed.item) not in pages["activities"].content.decode()
    # The forms' own addresses send back with the message.
    assert client.get(reverse("groups:create_thread", kwargs={"pk": closed.pk})).status_code == 302
    assert client.get(reverse("groups:edit_workplan", kwargs={"pk": closed.pk})).status_code == 302


def test_only_a_facilitator_reopens_a_closed_group(closed, coordinator, facilitator):
    edit = reverse("groups:edit", kwargs={"pk": closed.pk})
    assert client_for(coordinator).get(edit).status_code == 302
    assert (
        edit
        not in client_for(coordinator)
        .get(reverse("groups:detail", kwargs={"pk": closed.pk}))
        .content.decode()
    )
    assert client_for(facilitator).get(edit).status_code == 200
    with pytest.raises(ValidationError):
        services.change_group(
            group=closed, actor=coordinator, **group_fields(closed, status=GroupStatus.ACTIVE)
        )
    services.change_group(
        group=closed, actor=facilitator, **group_fields(closed, status=GroupStatus.ACTIVE)
    )
    closed.refresh_from_db()
    assert closed.status == GroupStatus.ACTIVE
    discussions.reply(thread=closed.thread, author=coordinator, text="Weer open!")


# --- Unique ids ----------------------------------------------------------------------------------


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: Counter = Counter()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value:
                self.ids[value] += 1


def _duplicate_ids(html: str) -> list[str]:
    parser = _Ids()
    parser.feed(html)
    return [value for value, count in parser.ids.items() if count > 1]


def test_the_groups_list_has_no_duplicate_ids(group, edition, member):
    # The member's group is listed twice: under "your groups" and in the edition's list.
    make_group(edition, name="Een tweede groep", members=[], coordinators=[])
    response = client_for(member).get(reverse("groups:list", kwargs={"slug": edition.slug}))
    html = response.content.decode()
    assert html.count(f"group-{group.pk}-name") >= 4  # two cards, each an id and a label
    assert _duplicate_ids(html) == []


# --- Focus after the discussions' htmx swaps -------------------------------------------------------


def test_after_an_htmx_reply_or_delete_focus_goes_to_the_post(group, member):
    thread = discussions.start_thread(group=group, author=member, title="Vraag", text="Hoe?")
    client = client_for(member)
    htmx = {"HTTP_HX_REQUEST": "true"}
    url = reverse("groups:thread", kwargs={"thread_pk": thread.pk})
    added = client.post(url, {"text": "Zo."}, **htmx).content.decode()
    post = thread.posts.order_by("-pk").first()
    # The focused button goes with the replaced form; htmx focuses [autofocus] in what it swapped in.
    assert f'id="post-{post.pk}" tabindex="-1" autofocus' in added
    deleted = client.post(
        reverse("groups:delete_post", kwargs={"post_pk": post.pk}), **htmx
    ).content.decode()
    assert f'id="post-{post.pk}" tabindex="-1" autofocus' in deleted
    # The thread's own page focuses nothing by itself.
    assert "autofocus" not in client.get(url).content.decode()
