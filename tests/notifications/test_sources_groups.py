"""Notifications from the learning groups: requests to join and their answers, new posts in the
discussions people follow, and a work plan to agree. Each: who is told, and who never is (the
actor, someone who left, someone who may not see the thing)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Role
from leerplatform.groups.models import GroupMembership, JoinPolicy
from leerplatform.groups.services import discussions, workplan
from leerplatform.groups.services import groups as group_services
from leerplatform.membership.services.participation import leave_edition
from leerplatform.notifications import services
from leerplatform.notifications.kinds import Channel
from leerplatform.notifications.models import Notification
from tests import factories
from tests.groups.factories_groups import start

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _more_groups(edition):
    """People here take part in more than one group."""
    edition.max_groups_per_person = 3
    edition.save(update_fields=["max_groups_per_person"])


SECRET = "Zilverreiger"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "http://testserver"


@pytest.fixture
def cora(edition):
    """The group's coordinator (she started it)."""
    return factories.make_member(edition, name="Cora Coördinator")


@pytest.fixture
def mo(edition):
    return factories.make_member(edition, name="Mo Lid")


@pytest.fixture
def nina(edition):
    """A participant of the edition outside the group."""
    return factories.make_member(edition, name="Nina Buiten")


@pytest.fixture
def group(edition, cora, mo):
    group = start(edition, cora, name="Leiders die leren")
    group_services.join_group(group=group, user=mo)
    return group


def told(kind: str, **filters) -> set[int]:
    return set(
        Notification.objects.filter(kind=kind, **filters).values_list("recipient_id", flat=True)
    )


def mails_to(person) -> list:
    return [message for message in mail.outbox if person.email in message.to]


# --- Requests to join ------------------------------------------------------------------------------


@pytest.fixture
def closed_group(edition, cora, mo):
    group = start(edition, cora, name="Op verzoek", join_policy=JoinPolicy.REQUEST)
    group_services.assign_member(group=group, person=mo, actor=cora)  # a plain member
    return group


def test_a_request_to_join_tells_the_active_coordinators_at_once(
    edition, closed_group, cora, mo, nina, facilitator, django_capture_on_commit_callbacks
):
    second = factories.make_member(edition, name="Tweede Trekker")
    group_services.assign_member(group=closed_group, person=second, actor=facilitator)
    group_services.set_coordinator(
        group=closed_group, person=second, is_coordinator=True, actor=cora
    )
    group_services.leave_group(group=closed_group, user=second)  # a coordinator who left
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        group_services.request_to_join(
            group=closed_group, user=nina, message="Ik breng 360-feedback in."
        )
    # Not the asker, not a plain member, not a coordinator who left, not a facilitator outside.
    assert told("join_requested") == {cora.pk}
    (row,) = Notification.objects.filter(kind="join_requested")
    assert row.actor == nina and row.url == reverse(
        "groups:members", kwargs={"pk": closed_group.pk}
    )
    assert "Nina Buiten" in row.sentence() and "Op verzoek" in row.sentence()
    (message,) = mail.outbox  # join requests are mailed at once by default
    assert message.to == [cora.email]
    assert "360-feedback" in message.body
    assert f"http://testserver/groups/{closed_group.pk}/members/" in message.body


def test_a_coordinator_who_left_the_edition_is_not_told(
    edition, closed_group, cora, mo, nina, django_capture_on_commit_callbacks
):
    group_services.set_coordinator(group=closed_group, person=mo, is_coordinator=True, actor=cora)
    leave_edition(edition=edition, user=cora)
    with django_capture_on_commit_callbacks(execute=True):
        group_services.request_to_join(group=closed_group, user=nina)
    assert told("join_requested") == {mo.pk}


@pytest.mark.parametrize("accept", [True, False])
def test_the_answer_to_a_request_tells_the_person_who_asked(
    closed_group, cora, nina, accept, django_capture_on_commit_callbacks
):
    request = group_services.request_to_join(group=closed_group, user=nina)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        group_services.decide_join_request(join_request=request, accept=accept, actor=cora)
    assert told("join_decided") == {nina.pk}  # never the coordinator who decided
    (row,) = Notification.objects.filter(kind="join_decided")
    assert row.visibility == "" and row.detail == ("accepted" if accept else "declined")
    assert row.url == reverse("groups:detail", kwargs={"pk": closed_group.pk})
    with translation.override("en"):
        assert row.sentence() == f"Your request to join Op verzoek: {row.detail}"
    (message,) = mails_to(nina)
    assert f"http://testserver/groups/{closed_group.pk}/" in message.body
    assert not mails_to(cora)


# --- Posts -----------------------------------------------------------------------------------------


def test_a_new_thread_tells_the_groups_followers_who_may_read_it(
    edition, group, cora, mo, nina, facilitator, django_capture_on_commit_callbacks
):
    # Two people outside the group follow it (a facilitator who keeps an eye on it, a participant):
    # a group-only thread is not theirs to hear of.
    services.follow(user=facilitator, target=group, edition=edition)
    services.follow(user=nina, target=group, edition=edition)
    with django_capture_on_commit_callbacks(execute=True):
        thread = discussions.start_thread(
            group=group, author=mo, title="Boekentip", text="Lees dit."
        )
    assert told("post") == {cora.pk}  # not the author, not who may not read it
    (row,) = Notification.objects.filter(kind="post")
    post = thread.posts.get()
    assert row.url == reverse("groups:thread", kwargs={"thread_pk": thread.pk}) + f"#post-{post.pk}"
    assert (row.target_label, row.excerpt, row.actor) == ("Boekentip", "Lees dit.", mo)
    assert row.channel == Channel.WEEKLY  # the default: in the weekly digest, not mailed at once
    assert mail.outbox == []


def test_an_open_thread_also_tells_followers_in_the_edition(
    edition, group, cora, mo, nina, django_capture_on_commit_callbacks
):
    services.follow(user=nina, target=group, edition=edition)
    outsider = factories.make_user()
    services.follow(user=outsider, target=group, edition=edition)  # no member of the edition
    discussions.start_thread(
        group=group, author=mo, title="Vraag aan allen", text="Wie?", visibility=Visibility.PLATFORM
    )
    assert told("post") == {cora.pk, nina.pk}


def test_a_reply_tells_the_followers_of_the_thread_and_of_the_group(
    edition, group, cora, mo, nina, django_capture_on_commit_callbacks
):
    thread = discussions.start_thread(
        group=group, author=cora, title="Open vraag", text="Wie?", visibility=Visibility.PLATFORM
    )
    services.follow(user=nina, target=thread, edition=edition)  # follows this thread only
    Notification.objects.all().delete()
    discussions.reply(thread=thread, author=mo, text="Ik!")
    assert told("post") == {cora.pk, nina.pk}
    # Mo wrote in it, so Mo follows it now and hears of the next reply (Nina, once).
    Notification.objects.all().delete()
    discussions.reply(thread=thread, author=cora, text="Fijn.")
    assert told("post") == {mo.pk, nina.pk}
    assert Notification.objects.filter(kind="post").count() == 2


def test_someone_who_left_the_group_is_told_nothing_more(
    edition, group, cora, mo, django_capture_on_commit_callbacks
):
    thread = discussions.start_thread(group=group, author=mo, title="Eerste", text="Hallo")
    services.follow(user=mo, target=group, edition=edition)  # deliberately, on top
    group_services.leave_group(group=group, user=mo)
    Notification.objects.all().delete()
    discussions.reply(thread=thread, author=cora, text="Nog iemand?")
    discussions.start_thread(group=group, author=cora, title="Tweede", text="Hallo")
    assert told("post") == set()


def test_a_confidential_threads_email_says_only_that_there_is_a_new_post(
    edition, group, cora, mo, django_capture_on_commit_callbacks
):
    services.set_preference(user=cora, kind="post", channel=Channel.INSTANT)
    with django_capture_on_commit_callbacks(execute=True):
        thread = discussions.start_thread(
            group=group,
            author=mo,
            title=f"Intervisie {SECRET}",
            text=f"Mijn {SECRET} in detail.",
            visibility=Visibility.CONFIDENTIAL,
        )
    (row,) = Notification.objects.filter(kind="post")
    assert row.confidential and row.target_label == "" and row.excerpt == ""
    (message,) = mail.outbox
    assert message.to == [cora.email]
    link = reverse("groups:thread", kwargs={"thread_pk": thread.pk})
    assert link in message.body
    for part in (message.subject, message.body, message.alternatives[0][0]):
        assert SECRET not in part
        assert "Mo Lid" not in part  # nor who wrote
    # An ordinary thread's email carries its title and text.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        discussions.start_thread(group=group, author=mo, title="Gewoon", text="Over leerrendement")
    (message,) = mail.outbox
    assert "Gewoon" in message.subject and "leerrendement" in message.body


def test_with_group_emails_off_a_members_post_notifications_stay_in_the_app(
    edition, group, cora, mo, django_capture_on_commit_callbacks
):
    services.set_preference(user=cora, kind="post", channel=Channel.INSTANT)
    services.set_preference(user=mo, kind="post", channel=Channel.INSTANT)
    discussions.set_email_notifications(group=group, user=cora, enabled=False)
    other = start(edition, mo, name="Andere groep")
    group_services.join_group(group=other, user=cora)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        discussions.start_thread(group=group, author=mo, title="Stil", text="Niet mailen")
        discussions.start_thread(group=other, author=mo, title="Luid", text="Wel mailen")
    assert told("post") == {cora.pk}
    channels = dict(Notification.objects.filter(kind="post").values_list("target_label", "channel"))
    assert channels == {"Stil": Channel.APP, "Luid": Channel.INSTANT}
    assert [m.subject for m in mail.outbox if "Stil" in m.subject] == []
    assert len(mails_to(cora)) == 1 and "Luid" in mails_to(cora)[0].subject


def test_a_deleted_reply_leaves_nothing_to_mail(
    group, cora, mo, django_capture_on_commit_callbacks
):
    thread = discussions.start_thread(group=group, author=cora, title="Vraag", text="Wie?")
    services.set_preference(user=cora, kind="post", channel=Channel.INSTANT)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        discussions.reply(thread=thread, author=mo, text="Oeps")
    assert callbacks and mail.outbox == []  # queued only for after the commit


# --- The work plan ---------------------------------------------------------------------------------


def _save(group, author, text):
    newest = workplan.newest_version(group)
    return workplan.save_workplan(
        group=group,
        author=author,
        base_number=newest.number if newest else 0,
        parts={"ambition": text},
    )


def test_a_work_plan_changed_by_a_member_asks_the_coordinators_to_agree(
    edition, group, cora, mo, nina, facilitator
):
    second = factories.make_member(edition, name="Tweede Trekker")
    group_services.join_group(group=group, user=second)
    group_services.set_coordinator(group=group, person=second, is_coordinator=True, actor=cora)
    group_services.join_group(group=group, user=facilitator)  # a plain member, a facilitator
    services.follow(user=nina, target=group, edition=edition)
    _save(group, mo, "Samen leren")
    assert told("workplan_to_agree") == {cora.pk, second.pk}
    (row, _) = Notification.objects.filter(kind="workplan_to_agree")
    assert row.url == reverse("groups:workplan", kwargs={"pk": group.pk}) and row.actor == mo
    # Saved again before they read it: no second line.
    _save(group, mo, "Samen leren, en meer")
    assert Notification.objects.filter(kind="workplan_to_agree").count() == 2
    # Read, then changed again by a coordinator: the other coordinator is told, not herself.
    services.mark_all_read(user=cora)
    services.mark_all_read(user=second)
    _save(group, second, "Samen leren, en nog meer")
    assert told("workplan_to_agree", read_at__isnull=True) == {cora.pk}


def test_a_coordinator_who_left_is_not_asked_to_agree(edition, group, cora, mo):
    group_services.set_coordinator(group=group, person=mo, is_coordinator=True, actor=cora)
    third = factories.make_member(edition)
    group_services.join_group(group=group, user=third)
    group_services.leave_group(group=group, user=mo)
    GroupMembership.objects.filter(group=group, user=mo).update(is_coordinator=True)
    _save(group, third, "Plan")
    assert told("workplan_to_agree") == {cora.pk}


def test_a_facilitator_outside_the_group_is_never_asked(edition, group, cora, mo):
    outside = factories.make_member(edition, role=Role.FACILITATOR)
    services.follow(user=outside, target=group, edition=edition)
    _save(group, mo, "Plan")
    assert outside.pk not in told("workplan_to_agree")
