"""Changing an edition's phase and adding members: the write, and its ledger entry."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from leerplatform.core.models import ActivityEntry, Verb
from leerplatform.editions import services
from leerplatform.editions.models import Edition, Membership, Phase, Role
from tests import factories

pytestmark = pytest.mark.django_db


def phase_entries(edition: Edition):
    return ActivityEntry.objects.filter(edition=edition, verb=Verb.PHASE_CHANGED)


def joined_entries(edition: Edition, user):
    return ActivityEntry.objects.filter(edition=edition, verb=Verb.JOINED, target_id=str(user.pk))


def test_change_phase_moves_the_edition_and_records_who_did_it(edition, facilitator):
    assert edition.phase == Phase.CONNECTING

    result = services.change_phase(edition=edition, phase=Phase.BUILDING, actor=facilitator)

    assert result.phase == Phase.BUILDING
    edition.refresh_from_db()
    assert edition.phase == Phase.BUILDING
    entry = phase_entries(edition).get()
    assert entry.actor == facilitator
    assert entry.target == edition
    assert entry.data == {"from": Phase.CONNECTING, "to": Phase.BUILDING}


def test_change_phase_may_go_back_to_an_earlier_phase(edition, facilitator):
    services.change_phase(edition=edition, phase=Phase.STARTUP, actor=facilitator)

    edition.refresh_from_db()
    assert edition.phase == Phase.STARTUP
    assert phase_entries(edition).get().data == {"from": Phase.CONNECTING, "to": Phase.STARTUP}


def test_each_phase_change_is_a_ledger_entry_of_its_own(edition, facilitator, staff):
    services.change_phase(edition=edition, phase=Phase.BUILDING, actor=facilitator)
    services.change_phase(edition=edition, phase=Phase.CONSOLIDATION, actor=staff)

    entries = list(phase_entries(edition).order_by("id"))
    assert [(e.actor, e.data["from"], e.data["to"]) for e in entries] == [
        (facilitator, Phase.CONNECTING, Phase.BUILDING),
        (staff, Phase.BUILDING, Phase.CONSOLIDATION),
    ]


def test_change_phase_reads_the_current_phase_from_the_database(edition, facilitator):
    stale = Edition.objects.get(pk=edition.pk)
    services.change_phase(edition=edition, phase=Phase.BUILDING, actor=facilitator)

    services.change_phase(edition=stale, phase=Phase.CONSOLIDATION, actor=facilitator)

    latest = phase_entries(edition).order_by("-id").first()
    assert latest.data == {"from": Phase.BUILDING, "to": Phase.CONSOLIDATION}


def test_change_phase_to_the_same_phase_is_refused_and_records_nothing(edition, facilitator):
    with pytest.raises(ValidationError) as error:
        services.change_phase(edition=edition, phase=Phase.CONNECTING, actor=facilitator)

    assert "phase" in error.value.message_dict
    edition.refresh_from_db()
    assert edition.phase == Phase.CONNECTING
    assert not phase_entries(edition).exists()


@pytest.mark.parametrize("phase", ["finished", "", "CONNECTING"])
def test_change_phase_to_an_unknown_phase_is_refused_and_records_nothing(
    edition, facilitator, phase
):
    with pytest.raises(ValidationError) as error:
        services.change_phase(edition=edition, phase=phase, actor=facilitator)

    assert "phase" in error.value.message_dict
    edition.refresh_from_db()
    assert edition.phase == Phase.CONNECTING
    assert not phase_entries(edition).exists()


def test_add_member_creates_a_membership_and_records_the_joining(edition):
    user = factories.make_user()

    membership = services.add_member(edition=edition, user=user, role=Role.FACILITATOR)

    assert membership.pk is not None
    assert membership.is_active
    stored = Membership.objects.get(user=user, edition=edition)
    assert stored.role == Role.FACILITATOR
    entry = joined_entries(edition, user).get()
    assert entry.actor == user
    assert entry.target == user
    assert entry.data == {"role": Role.FACILITATOR}


def test_add_member_records_the_person_who_added_them(edition, facilitator):
    user = factories.make_user()

    services.add_member(edition=edition, user=user, actor=facilitator)

    entry = joined_entries(edition, user).get()
    assert entry.actor == facilitator
    assert entry.data == {"role": Role.PARTICIPANT}


def test_add_member_reactivates_a_member_who_left(edition, participant):
    Membership.objects.filter(user=participant, edition=edition).update(left_at=timezone.now())
    assert joined_entries(edition, participant).count() == 1

    membership = services.add_member(edition=edition, user=participant)

    assert membership.is_active
    assert Membership.objects.filter(user=participant, edition=edition).count() == 1
    assert Membership.objects.get(user=participant, edition=edition).left_at is None
    assert joined_entries(edition, participant).count() == 2


def test_add_member_changes_the_role_of_an_existing_member(edition, participant):
    services.add_member(edition=edition, user=participant, role=Role.FACILITATOR)

    assert Membership.objects.get(user=participant, edition=edition).role == Role.FACILITATOR
    assert joined_entries(edition, participant).count() == 2


def test_adding_an_active_member_again_in_the_same_role_changes_and_records_nothing(
    edition, participant
):
    before = Membership.objects.filter(user=participant, edition=edition).values().get()

    services.add_member(edition=edition, user=participant, role=Role.PARTICIPANT)

    assert Membership.objects.filter(user=participant, edition=edition).values().get() == before
    assert joined_entries(edition, participant).count() == 1


def test_a_person_may_be_a_member_of_several_editions(edition, participant):
    other = factories.make_edition()

    services.add_member(edition=other, user=participant)

    assert set(participant.memberships.values_list("edition_id", flat=True)) == {
        edition.pk,
        other.pk,
    }


@pytest.mark.parametrize("phase", ["hibernating", "", None])
def test_an_unknown_phase_keeps_its_message(edition, facilitator, phase):
    # The rule is the model field's (Edition.phase); the service asks the field.
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            services.change_phase(edition=edition, phase=phase, actor=facilitator)

        assert error.value.message_dict == {"phase": ["Choose one of the phases."]}


def test_the_same_phase_again_keeps_its_message(edition, facilitator):
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            services.change_phase(edition=edition, phase=edition.phase, actor=facilitator)

        assert error.value.message_dict == {"phase": ["The edition is already in this phase."]}
