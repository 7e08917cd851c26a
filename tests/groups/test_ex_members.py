"""Membership ends everywhere at once (issue 11, point 2).

A person who leaves an edition ("Stoppen met deze editie"), or whose participation a facilitator
ends, keeps nothing of their learning group: not its private work plan, discussions, documents or
files, not in search, not by writing, not as its coordinator. Three ways to become an ex-member:

- `leaves`:  the person stops themselves (`leave_edition`);
- `ended`:   a facilitator ends their participation (`end_participation`);
- `stale`:   only the edition membership says so (rows from before the fix, or any other way the
             edition membership ends): the group membership row is still open. The rules must
             then still say no, because every grant for a group requires the edition too.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from leerplatform.core import visitor_cache
from leerplatform.core.visibility import Visibility
from leerplatform.editions import services as edition_services
from leerplatform.editions.models import Membership, Role
from leerplatform.groups.models import (
    GroupMembership,
    GroupStatus,
    JoinPolicy,
    JoinRequest,
    JoinRequestStatus,
    LearningGroup,
    Thread,
    WorkPlanVersion,
)
from leerplatform.groups.services import groups as group_services
from leerplatform.groups.visibility import filter_visible, is_visible
from leerplatform.groups.visibility import group_roles as _group_roles
from leerplatform.library.models import Document
from leerplatform.membership.services.participation import end_participation, leave_edition
from leerplatform.notifications import services as notifications
from leerplatform.notifications.models import Notification
from leerplatform.search.engine import search
from tests import factories
from tests.conftest import client_for
from tests.groups import factories_discussions as talk
from tests.groups import factories_workplan as plan
from tests.library.factories import make_document, text_upload

WAYS = ["leaves", "ended", "stale"]
SECRET = "zeldzaamheidsplan"


class Circle:
    """An edition with a group where `ex` coordinates and `friend` is a member, with a private
    work plan, a private thread, a private document with a file, all by `ex`."""

    def __init__(self):
        self.edition = factories.make_edition(max_groups_per_person=3)
        self.ex = factories.make_member(self.edition, name="Eva Ex")
        self.friend = factories.make_member(self.edition, name="Frits Vriend")
        self.facilitator = factories.make_member(
            self.edition, role=Role.FACILITATOR, name="Fien Facilitator"
        )
        self.group = talk.make_group(
            self.edition, name="Leergroep Geheim", coordinators=[self.ex], members=[self.friend]
        )
        self.group.themes.set([self.edition.themes.first()])
        plan.save(self.group, self.ex, ambition=f"Ons {SECRET} blijft binnen de groep.")
        self.thread = talk.start(
            self.group, self.ex, title=f"Intervisie {SECRET}", text="Een casus."
        )
        self.document = make_document(
            self.edition,
            self.ex,
            title=f"Verslag {SECRET}",
            group=self.group,
            visibility=Visibility.GROUP,
            uploads=[text_upload(text=f"Tekst over {SECRET}.")],
        )
        self.other_group = talk.make_group(self.edition, name="Andere groep", members=[self.friend])
        self.other_group.join_policy = JoinPolicy.REQUEST
        self.other_group.save()
        self.request = group_services.request_to_join(
            group=self.other_group,
            user=self.ex,
            message="Mag ik erbij?",
        )

    def end(self, way: str) -> None:
        if way == "leaves":
            leave_edition(edition=self.edition, user=self.ex)
        elif way == "ended":
            end_participation(
                edition=self.edition, user=self.ex, actor=self.facilitator, reason="Gestopt"
            )
        else:
            Membership.objects.filter(edition=self.edition, user=self.ex).update(
                left_at=timezone.now()
            )
            # As every write of ours that sends no signal does: what is kept under the content
            # version (the roles kept for the person, core.shared_reads) is old from now on.
            visitor_cache.content_changed()
        for attr in ("_group_roles", "_edition_roles"):
            self.ex.__dict__.pop(attr, None)

    def client(self):
        return client_for(self.ex)


@pytest.fixture
def circle(db) -> Circle:
    return Circle()


def _ok(response) -> bool:
    return response.status_code == 200


# --- The rule itself ------------------------------------------------------------------------------


@pytest.mark.parametrize("way", WAYS)
def test_an_ex_member_has_no_group_roles(circle, way):
    assert _group_roles(circle.ex) == {circle.group.pk: True}
    circle.end(way)
    assert _group_roles(circle.ex) == {}
    assert not GroupMembership.objects.active().filter(user=circle.ex).exists()
    assert GroupMembership.objects.active().filter(user=circle.friend).count() == 2


@pytest.mark.parametrize("way", WAYS)
def test_the_visibility_rule_and_filter_say_no_to_an_ex_member(circle, way):
    circle.end(way)
    assert not is_visible(circle.ex, circle.thread, group_field="group")
    assert not filter_visible(
        Thread.objects.all(), circle.ex, edition_field="group__edition", group_field="group"
    ).exists()
    assert not filter_visible(Document.objects.all(), circle.ex, group_field="group").exists()
    assert is_visible(circle.friend, circle.thread, group_field="group")


@pytest.mark.parametrize("way", WAYS)
def test_an_ex_member_has_no_group_permissions(circle, way):
    circle.end(way)
    for perm in (
        "groups.view_workplan",
        "groups.edit_workplan",
        "groups.agree_workplan",
        "groups.change_group",
        "groups.manage_members",
        "groups.start_thread",
        "groups.log_activity",
        "groups.write_report",
        "groups.view_activities",
        "groups.view_discussions",
    ):
        assert not circle.ex.has_perm(perm, circle.group), perm
    assert not circle.ex.has_perm("groups.view_thread", circle.thread)
    assert not circle.ex.has_perm("groups.reply_to_thread", circle.thread)
    assert not circle.ex.has_perm("library.view_document", circle.document)
    assert not circle.ex.has_perm("library.change_document", circle.document)


# --- Pages and files ------------------------------------------------------------------------------


@pytest.mark.parametrize("way", WAYS)
def test_an_ex_member_reads_nothing_of_the_group(circle, way):
    client = circle.client()
    pages = [
        reverse("groups:workplan", kwargs={"pk": circle.group.pk}),
        reverse("groups:workplan_versions", kwargs={"pk": circle.group.pk}),
        reverse("groups:workplan_version", kwargs={"pk": circle.group.pk, "number": 1}),
        reverse("groups:threads", kwargs={"pk": circle.group.pk}),
        reverse("groups:thread", kwargs={"thread_pk": circle.thread.pk}),
        reverse("groups:activities", kwargs={"pk": circle.group.pk}),
        reverse("library:document", kwargs={"pk": circle.document.pk}),
    ]
    attachment = circle.document.attachments.get()
    files = [
        reverse("library:download", kwargs={"attachment_pk": attachment.pk}),
        reverse("library:history", kwargs={"attachment_pk": attachment.pk}),
    ]
    for url in pages + files:
        assert _ok(client.get(url)), f"before leaving: {url}"
    circle.end(way)
    for url in pages + files:
        response = client.get(url)
        assert response.status_code in (403, 404), f"{url}: {response.status_code}"
        assert SECRET not in response.content.decode(errors="replace")


@pytest.mark.parametrize("way", WAYS)
def test_an_ex_member_finds_nothing_of_the_group_in_search(circle, way):
    assert search(circle.ex, SECRET).total == 1
    circle.end(way)
    assert search(circle.ex, SECRET).total == 0
    response = circle.client().get(reverse("search:search"), {"q": SECRET})
    document_url = reverse("library:document", kwargs={"pk": circle.document.pk})
    assert response.status_code == 200
    assert document_url not in response.content.decode()
    assert search(circle.friend, SECRET).total == 1


# --- Writing --------------------------------------------------------------------------------------


@pytest.mark.parametrize("way", WAYS)
def test_an_ex_member_cannot_post_or_save_a_work_plan(circle, way):
    circle.end(way)
    client = circle.client()
    client.post(
        reverse("groups:thread", kwargs={"thread_pk": circle.thread.pk}), {"text": "Nog even dit"}
    )
    client.post(
        reverse("groups:create_thread", kwargs={"pk": circle.group.pk}),
        {"title": "Nieuw", "text": "Hallo", "visibility": "group"},
    )
    client.post(
        reverse("groups:edit_workplan", kwargs={"pk": circle.group.pk}),
        plan.form_data(1, ambition="Overgenomen"),
    )
    assert circle.thread.posts.count() == 1
    assert Thread.objects.filter(group=circle.group).count() == 1
    assert WorkPlanVersion.objects.filter(group=circle.group).count() == 1


@pytest.mark.parametrize("way", WAYS)
def test_a_removed_coordinator_cannot_rename_the_group_or_open_its_work_plan(circle, way):
    from tests.groups.factories_groups import form_data

    circle.end(way)
    response = circle.client().post(
        reverse("groups:edit", kwargs={"pk": circle.group.pk}),
        form_data(circle.edition, name="Overgenomen", workplan_visibility="platform"),
    )
    assert response.status_code in (403, 404)
    circle.group.refresh_from_db()
    assert circle.group.name == "Leergroep Geheim"
    assert circle.group.workplan_visibility == Visibility.GROUP


# --- Emails ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("way", WAYS)
def test_discussion_emails_no_longer_go_to_an_ex_member(circle, way, mailoutbox):
    # She follows her thread (she started it) and, by a click, the group; she wants posts at once.
    notifications.follow(user=circle.ex, target=circle.group, edition=circle.edition)
    notifications.set_preference(user=circle.ex, kind="post", channel="instant")
    assert notifications.is_following(circle.ex, circle.thread)
    circle.end(way)
    mailoutbox.clear()
    talk.reply(circle.thread, circle.friend, "Wat vinden jullie?")
    assert not Notification.objects.filter(recipient=circle.ex).exists()
    assert all(circle.ex.email not in message.to for message in mailoutbox)


# --- What leaving does to the group rows ----------------------------------------------------------


@pytest.mark.parametrize("way", ["leaves", "ended"])
def test_leaving_closes_group_memberships_and_requests_but_keeps_the_history(circle, way):
    circle.end(way)
    membership = GroupMembership.objects.get(group=circle.group, user=circle.ex)
    assert membership.left_at is not None
    assert membership.is_coordinator  # history: they were a trekker
    request = JoinRequest.objects.get(pk=circle.request.pk)
    assert request.status == JoinRequestStatus.WITHDRAWN
    # The friend's membership is untouched.
    assert GroupMembership.objects.get(group=circle.group, user=circle.friend).left_at is None


@pytest.mark.parametrize("way", ["leaves", "ended"])
def test_when_the_only_coordinator_leaves_the_longest_member_takes_over(circle, way):
    circle.end(way)
    assert GroupMembership.objects.get(group=circle.group, user=circle.friend).is_coordinator


def test_a_remaining_coordinator_is_not_joined_by_a_successor(circle):
    late = factories.make_member(circle.edition, name="Lotte Laat")
    group_services.set_coordinator(
        group=circle.group, person=circle.friend, is_coordinator=True, actor=circle.facilitator
    )
    talk.add_member(circle.group, late)
    circle.end("leaves")
    coordinators = GroupMembership.objects.active().filter(group=circle.group, is_coordinator=True)
    assert list(coordinators.values_list("user__name", flat=True)) == ["Frits Vriend"]


@pytest.mark.parametrize("way", WAYS)
def test_re_admission_does_not_restore_the_group(circle, way):
    circle.end(way)
    edition_services.add_member(edition=circle.edition, user=circle.ex, role=Role.PARTICIPANT)
    circle.ex.__dict__.pop("_edition_roles", None)
    circle.ex.__dict__.pop("_group_roles", None)
    assert _group_roles(circle.ex) == {}
    assert not is_visible(circle.ex, circle.thread, group_field="group")
    assert search(circle.ex, SECRET).total == 0
    # Joining again is a fresh, deliberate step (an open group, here).
    circle.group.join_policy = JoinPolicy.OPEN
    circle.group.status = GroupStatus.ACTIVE
    circle.group.save()
    group_services.join_group(group=circle.group, user=circle.ex)
    circle.ex.__dict__.pop("_group_roles", None)
    assert _group_roles(circle.ex) == {circle.group.pk: False}


@pytest.mark.parametrize("way", ["leaves", "ended"])
def test_facilitators_and_coordinators_see_former_members(circle, way):
    from django.utils import translation

    circle.end(way)
    url = reverse("groups:members", kwargs={"pk": circle.group.pk})
    with translation.override("en"):
        page = client_for(circle.facilitator).get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert page.context["former_members"][0].person == circle.ex
    assert "Eva Ex" in page.content.decode()
    # The friend took over as coordinator and sees who left; an ordinary member does not.
    assert client_for(circle.friend).get(url).context["former_members"][0].person == circle.ex
    plain = factories.make_member(circle.edition, name="Piet Plain")
    talk.add_member(circle.group, plain)
    page = client_for(plain).get(url)
    if page.status_code == 200:
        assert not page.context.get("former_members")


def test_group_membership_counts_follow_the_edition(circle):
    """A group's member count, its members page and who can be assigned leave out ex-members."""
    circle.end("stale")
    assert LearningGroup.objects.get(pk=circle.group.pk).memberships.active().count() == 1
