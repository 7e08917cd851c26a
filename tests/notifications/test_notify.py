"""The one way a notification is made: who is told, and who never is."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.utils import timezone

from leerplatform.accounts.models import User
from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Membership
from leerplatform.groups.models import GroupMembership, LearningGroup
from leerplatform.notifications import services
from leerplatform.notifications.kinds import Channel
from leerplatform.notifications.models import Notification
from leerplatform.notifications.queries import unread_count, visible_notifications
from tests.factories import make_edition, make_member, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    return make_edition(themes=1)


def _group(edition, *members):
    group = LearningGroup.objects.create(edition=edition, name="Leergroep A")
    for member in members:
        GroupMembership.objects.create(group=group, user=member)
    return group


def test_never_the_actor_never_inactive_never_someone_who_left(edition):
    actor, member, inactive, gone = (make_member(edition) for _ in range(4))
    inactive.is_active = False
    inactive.save()
    Membership.objects.filter(user=gone, edition=edition).update(left_at=timezone.now())
    made = services.notify(
        "phase_changed",
        [actor, member, inactive, gone],
        actor=actor,
        edition=edition,
        visibility=Visibility.PLATFORM,
    )
    assert [row.recipient_id for row in made] == [member.pk]


def test_group_things_only_reach_the_groups_active_members(edition):
    inside, outside = make_member(edition), make_member(edition)
    group = _group(edition, inside)
    made = services.notify(
        "post", [inside, outside], edition=edition, group=group, visibility=Visibility.GROUP
    )
    assert [row.recipient_id for row in made] == [inside.pk]


def test_a_confidential_thing_keeps_no_title_or_text(edition):
    member = make_member(edition)
    group = _group(edition, member)
    (row,) = services.notify(
        "post",
        [member],
        edition=edition,
        group=group,
        visibility=Visibility.CONFIDENTIAL,
        target_label="Casus van Joop",
        excerpt="Wat er gezegd is",
    )
    assert (row.target_label, row.excerpt, row.confidential) == ("", "", True)
    assert "Casus" not in row.sentence()


def test_personal_notifications_need_no_membership(edition):
    applicant = make_user()
    (row,) = services.notify("application_decided", [applicant], edition=edition)
    assert row.recipient == applicant
    assert list(visible_notifications(applicant)) == [row]


def test_off_tells_nobody_and_the_channel_is_kept_on_the_row(edition):
    member, other = make_member(edition), make_member(edition)
    services.set_preference(user=member, kind="phase_changed", channel=Channel.OFF)
    services.set_preference(user=other, kind="phase_changed", channel=Channel.DAILY)
    made = services.notify(
        "phase_changed", [member, other], edition=edition, visibility=Visibility.PLATFORM
    )
    assert [(row.recipient_id, row.channel) for row in made] == [(other.pk, Channel.DAILY)]


@pytest.mark.visitor_cache
def test_unread_count_is_kept_and_read_again_when_told_or_read(edition, django_assert_num_queries):
    """The bell's count is kept for the person (core.shared_reads.personal); a notification made
    or read for them moves their version, so the next request (which reads the person anew, as
    the session does) counts again."""
    member = make_member(edition)

    def person():
        return User.objects.get(pk=member.pk)  # what the session reads for each request

    assert unread_count(person()) == 0
    again = person()
    with django_assert_num_queries(0):
        assert unread_count(again) == 0
    services.notify("phase_changed", [member], edition=edition, visibility=Visibility.PLATFORM)
    assert unread_count(person()) == 1
    services.mark_all_read(user=person())
    assert unread_count(person()) == 0
    # Another person's count is their own.
    other = make_member(edition)
    services.notify("phase_changed", [other], edition=edition, visibility=Visibility.PLATFORM)
    assert unread_count(person()) == 0
    assert unread_count(User.objects.get(pk=other.pk)) == 1


@pytest.mark.visitor_cache
def test_a_rolled_back_notification_leaves_the_kept_count_alone(edition):
    member = make_member(edition)
    assert unread_count(User.objects.get(pk=member.pk)) == 0
    with pytest.raises(RuntimeError), transaction.atomic():
        services.notify("phase_changed", [member], edition=edition, visibility=Visibility.PLATFORM)
        raise RuntimeError
    fresh = User.objects.get(pk=member.pk)
    assert fresh.private_version == 0
    assert unread_count(fresh) == 0


@pytest.mark.visitor_cache
def test_the_count_follows_a_change_of_the_visibility_rule(edition):
    """The rule reads memberships, which bump the content version: someone who left the edition
    stops counting its notifications at once."""
    member = make_member(edition)
    services.notify("phase_changed", [member], edition=edition, visibility=Visibility.PLATFORM)
    assert unread_count(User.objects.get(pk=member.pk)) == 1
    membership = Membership.objects.get(user=member, edition=edition)
    membership.left_at = timezone.now()
    membership.save()
    assert unread_count(User.objects.get(pk=member.pk)) == 0


def test_an_ex_member_no_longer_sees_the_editions_notifications(edition):
    member = make_member(edition)
    services.notify("phase_changed", [member], edition=edition, visibility=Visibility.PLATFORM)
    assert visible_notifications(member).count() == 1
    Membership.objects.filter(user=member, edition=edition).update(left_at=timezone.now())
    assert visible_notifications(member).count() == 0
    assert Notification.objects.filter(recipient=member).count() == 1


def test_a_thing_made_confidential_loses_its_title_in_notifications(edition):
    member = make_member(edition)
    group = _group(edition, member)
    (row,) = services.notify(
        "document_added",
        [member],
        edition=edition,
        group=group,
        target=group,
        visibility=Visibility.GROUP,
        target_label="Werkplan",
    )
    services.thing_changed_visibility(group, visibility=Visibility.CONFIDENTIAL)
    row.refresh_from_db()
    assert (row.target_label, row.confidential) == ("", True)


def test_an_excerpt_is_plain_text_without_markdown_marks(edition):
    member = make_member(edition)
    (row,) = services.notify(
        "phase_changed",
        [member],
        edition=edition,
        visibility=Visibility.PLATFORM,
        excerpt="## Vraag\n\nWe gebruiken de *incidentmethode* en **[dit format](https://x.nl/a)**.\n"
        "- punt `één`",
    )
    assert row.excerpt == "Vraag We gebruiken de incidentmethode en dit format. punt één"
