"""Automatic follows: one's own groups, the threads one starts or writes in, the documents one
authors; what leaving a group or an edition ends, and what it keeps."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps

from leerplatform.groups.models import JoinPolicy, Thread
from leerplatform.groups.services import discussions
from leerplatform.groups.services import groups as group_services
from leerplatform.library.models import Document
from leerplatform.membership.services.participation import end_participation, leave_edition
from leerplatform.notifications import services
from leerplatform.notifications.models import Follow
from tests import factories
from tests.groups.factories_groups import start
from tests.library.factories import make_document

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _more_groups(edition):
    """People here take part in more than one group."""
    edition.max_groups_per_person = 3
    edition.save(update_fields=["max_groups_per_person"])


@pytest.fixture
def cora(edition):
    return factories.make_member(edition, name="Cora Coördinator")


@pytest.fixture
def mo(edition):
    return factories.make_member(edition, name="Mo Lid")


def automatic(user, target) -> bool:
    return Follow.objects.filter(
        user=user,
        automatic=True,
        target_id=str(target.pk),
        target_type__model=target._meta.model_name,
    ).exists()


def test_starting_or_joining_a_group_follows_it(edition, cora, mo, facilitator):
    group = start(edition, cora)
    assert automatic(cora, group)
    group_services.join_group(group=group, user=mo)
    assert automatic(mo, group)
    assert Follow.objects.get(user=mo).edition == edition
    asked = start(edition, cora, name="Op verzoek", join_policy=JoinPolicy.REQUEST)
    request = group_services.request_to_join(group=asked, user=mo)
    assert not services.is_following(mo, asked)  # asking is not joining
    group_services.decide_join_request(join_request=request, accept=True, actor=cora)
    assert automatic(mo, asked)
    placed = factories.make_member(edition)
    group_services.assign_member(group=asked, person=placed, actor=facilitator)
    assert automatic(placed, asked)
    assert not services.is_following(facilitator, asked)  # the one who assigned


def test_a_deliberate_follow_stays_deliberate(edition, cora, mo):
    group = start(edition, cora)
    services.follow(user=mo, target=group, edition=edition)
    group_services.join_group(group=group, user=mo)
    assert not Follow.objects.get(user=mo).automatic


def test_starting_or_writing_in_a_thread_follows_it(edition, cora, mo):
    group = start(edition, cora)
    group_services.join_group(group=group, user=mo)
    thread = discussions.start_thread(group=group, author=cora, title="Vraag", text="Wie?")
    assert automatic(cora, thread) and not services.is_following(mo, thread)
    discussions.reply(thread=thread, author=mo, text="Ik")
    assert automatic(mo, thread)
    # Unfollowed, and followed again only on writing in it again.
    services.unfollow(user=mo, target=thread)
    discussions.reply(thread=thread, author=cora, text="Fijn")
    assert not services.is_following(mo, thread)
    discussions.reply(thread=thread, author=mo, text="Nog iets")
    assert automatic(mo, thread)


def test_leaving_a_group_ends_its_automatic_follows_and_keeps_the_chosen_ones(edition, cora, mo):
    group = start(edition, cora)
    other = start(edition, cora, name="Andere groep")
    group_services.join_group(group=group, user=mo)
    group_services.join_group(group=other, user=mo)
    written = discussions.start_thread(group=group, author=mo, title="Eigen draad", text="Hoi")
    chosen = discussions.start_thread(group=group, author=cora, title="Gekozen", text="Hoi")
    services.follow(user=mo, target=chosen, edition=edition)  # by a click
    elsewhere = discussions.start_thread(group=other, author=mo, title="Elders", text="Hoi")
    group_services.leave_group(group=group, user=mo)
    assert not services.is_following(mo, group)
    assert not services.is_following(mo, written)
    assert services.is_following(mo, chosen)
    assert automatic(mo, other) and automatic(mo, elsewhere)  # the other group is untouched
    assert automatic(cora, group) and automatic(cora, chosen)  # and so are the others


def test_the_authors_of_a_new_document_follow_it(edition, cora, mo):
    document = make_document(edition, cora, authors=[cora, mo])
    assert automatic(cora, document) and automatic(mo, document)
    by_someone_else = make_document(edition, cora, title="Voor Mo", authors=[mo])
    assert automatic(mo, by_someone_else)
    assert not services.is_following(cora, by_someone_else)
    assert Document.objects.count() == 2


@pytest.mark.parametrize("way", ["leave", "ended"])
def test_a_participation_that_ends_ends_every_follow_in_that_edition(
    edition, cora, mo, facilitator, way
):
    group = start(edition, cora)
    group_services.join_group(group=group, user=mo)
    thread = discussions.start_thread(group=group, author=mo, title="Vraag", text="Wie?")
    theme = edition.themes.first()
    services.follow(user=mo, target=theme, edition=edition)
    elsewhere = factories.make_edition()
    factories.services.add_member(edition=elsewhere, user=mo)
    kept = elsewhere.themes.first()
    services.follow(user=mo, target=kept, edition=elsewhere)
    if way == "leave":
        leave_edition(edition=edition, user=mo)
    else:
        end_participation(edition=edition, user=mo, actor=facilitator)
    assert list(Follow.objects.filter(user=mo).values_list("target_id", flat=True)) == [
        str(kept.pk)
    ]
    assert services.is_following(cora, group) and Thread.objects.filter(pk=thread.pk).exists()


# --- The data migration for what existed before ---------------------------------------------------

backfill = importlib.import_module(
    "leerplatform.notifications.migrations.0002_automatic_follows_for_existing_members"
)


FIELDS = ("user_id", "target_type_id", "target_id", "automatic", "edition_id")


def test_the_migration_gives_existing_members_their_automatic_follows(edition, cora, mo):
    group = start(edition, cora)
    group_services.join_group(group=group, user=mo)
    thread = discussions.start_thread(group=group, author=cora, title="Vraag", text="Wie?")
    discussions.reply(thread=thread, author=mo, text="Ik")
    document = make_document(edition, cora, authors=[cora, mo])
    gone = factories.make_member(edition)
    group_services.join_group(group=group, user=gone)
    discussions.reply(thread=thread, author=gone, text="Tot ziens")
    group_services.leave_group(group=group, user=gone)
    chosen = edition.themes.first()
    services.follow(user=mo, target=chosen, edition=edition)
    expected = set(Follow.objects.values_list(*FIELDS))
    Follow.objects.filter(automatic=True).delete()  # as before notifications existed
    backfill.follow_what_is_theirs(django_apps, None)
    backfill.follow_what_is_theirs(django_apps, None)  # a second run adds nothing
    after = set(Follow.objects.values_list(*FIELDS))
    assert after == expected
    assert Follow.objects.count() == len(expected)
    assert not Follow.objects.filter(user=gone).exists()  # left the group: nothing of it
    assert automatic(mo, group) and automatic(mo, thread) and automatic(mo, document)
