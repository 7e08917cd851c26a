"""The one visibility rule, checked for every kind of viewer, in lists and for single objects."""

from __future__ import annotations

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from leerplatform.core import activity
from leerplatform.core.models import ActivityEntry, Verb
from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Membership, Role
from leerplatform.groups.visibility import filter_visible, is_visible, visible_q
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition_b(db):
    return factories.make_edition()


@pytest.fixture
def participant_b(edition_b):
    return factories.make_member(edition_b, role=Role.PARTICIPANT, name="Bea B")


@pytest.fixture
def leaver(edition):
    user = factories.make_member(edition, role=Role.PARTICIPANT, name="Lea Left")
    Membership.objects.filter(user=user, edition=edition).update(left_at=timezone.now())
    return user


@pytest.fixture
def viewers(participant, facilitator, outsider, participant_b, leaver) -> dict:
    return {
        "visitor": AnonymousUser(),
        "outsider": outsider,
        "participant": participant,
        "participant_b": participant_b,
        "facilitator": facilitator,
        "leaver": leaver,
    }


@pytest.fixture
def rows(edition, edition_b) -> dict[str, ActivityEntry]:
    """One ledger entry per (edition, visibility), the content these tests look at."""
    result = {}
    for key, ed in (("a", edition), ("b", edition_b)):
        for visibility in Visibility.values:
            result[f"{visibility}_{key}"] = activity.record(
                actor=None, verb=Verb.JOINED, edition=ed, visibility=visibility
            )
    return result


# Which rows each viewer sees: edition A is `edition`, edition B is `edition_b`.
EXPECTED = {
    "visitor": {"public_a", "public_b"},
    "outsider": {"public_a", "public_b"},
    "participant": {"public_a", "public_b", "platform_a"},
    "participant_b": {"public_a", "public_b", "platform_b"},
    "facilitator": {"public_a", "public_b", "platform_a"},
    "leaver": {"public_a", "public_b"},
}


def _visible_keys(user, rows) -> set[str]:
    ids = set(filter_visible(ActivityEntry.objects.all(), user).values_list("pk", flat=True))
    return {key for key, row in rows.items() if row.pk in ids}


@pytest.mark.parametrize("viewer", list(EXPECTED))
def test_filter_visible_shows_each_viewer_exactly_what_the_rule_allows(viewer, viewers, rows):
    assert _visible_keys(viewers[viewer], rows) == EXPECTED[viewer]


@pytest.mark.parametrize("viewer", list(EXPECTED))
def test_is_visible_allows_each_viewer_exactly_what_the_rule_allows(viewer, viewers, rows):
    user = viewers[viewer]
    allowed = {key for key, row in rows.items() if is_visible(user, row)}
    assert allowed == EXPECTED[viewer]


def test_group_content_without_a_group_field_is_visible_to_nobody(viewers, rows, staff):
    group_rows = {rows["group_a"].pk, rows["group_b"].pk}
    for user in [*viewers.values(), staff]:
        visible = set(
            filter_visible(ActivityEntry.objects.all(), user).values_list("pk", flat=True)
        )
        assert not visible & group_rows
        assert not is_visible(user, rows["group_a"])
        assert not is_visible(user, rows["group_b"])


def test_staff_without_membership_sees_only_public_content(staff, rows):
    assert _visible_keys(staff, rows) == {"public_a", "public_b"}


def test_none_as_user_is_treated_as_a_visitor(rows):
    assert _visible_keys(None, rows) == {"public_a", "public_b"}
    assert is_visible(None, rows["public_a"])
    assert not is_visible(None, rows["platform_a"])


def test_a_member_who_rejoins_sees_platform_content_again(edition, leaver, rows):
    from leerplatform.editions import services

    services.add_member(edition=edition, user=leaver)

    assert "platform_a" in _visible_keys(leaver, rows)
    assert is_visible(leaver, rows["platform_a"])


def test_visible_q_can_be_combined_with_other_filters(participant, rows, edition):
    ours = [row.pk for row in rows.values()]
    qs = ActivityEntry.objects.filter(visible_q(participant), edition=edition, pk__in=ours)

    assert set(qs) == {rows["public_a"], rows["platform_a"]}


def test_is_visible_agrees_with_filter_visible_for_every_viewer_and_row(viewers, rows, staff):
    everyone = {**viewers, "staff": staff, "none": None}
    checked = 0
    for (name, user), (key, row) in itertools.product(everyone.items(), rows.items()):
        in_list = filter_visible(ActivityEntry.objects.filter(pk=row.pk), user).exists()
        assert is_visible(user, row) == in_list, (name, key)
        checked += 1
    assert checked == len(everyone) * len(rows) == 8 * 2 * len(Visibility)
