"""The viewer's group roles are kept for them under the content version
(core.shared_reads.personal): every change to a group membership, or to the edition membership
that carries it, shows at once."""

from __future__ import annotations

import pytest

from leerplatform.accounts.models import User
from leerplatform.groups.models import GroupMembership, LearningGroup
from leerplatform.groups.services import groups as services
from leerplatform.groups.visibility import group_roles
from leerplatform.membership.services.participation import leave_edition
from tests.factories import make_edition, make_member

pytestmark = [pytest.mark.django_db, pytest.mark.visitor_cache]


def _fresh(person) -> User:
    return User.objects.get(pk=person.pk)  # as the next request reads them with its session


def test_kept_then_changed_by_joining_leaving_and_leaving_the_edition(django_assert_num_queries):
    edition = make_edition(themes=1)
    ann, ben = make_member(edition), make_member(edition)
    group = LearningGroup.objects.create(edition=edition, name="Leergroep A")
    GroupMembership.objects.create(group=group, user=ann, is_coordinator=True)

    first = _fresh(ann)
    with django_assert_num_queries(1):
        assert group_roles(first) == {group.pk: True}
    kept = _fresh(ann)
    with django_assert_num_queries(0):
        assert group_roles(kept) == {group.pk: True}
    assert group_roles(_fresh(ben)) == {}  # one person's roles are never another's

    services.join_group(group=group, user=ben)
    assert group_roles(_fresh(ben)) == {group.pk: False}
    services.leave_group(group=group, user=ben)
    assert group_roles(_fresh(ben)) == {}

    # Leaving the edition ends the group membership (an update, which bumps the version).
    leave_edition(edition=edition, user=ann)
    assert group_roles(_fresh(ann)) == {}
