"""Reads about editions alone: member counts, who finds an edition, the phase history."""

from __future__ import annotations

import pytest
from django.utils import timezone

from leerplatform.accounts.models import Institution
from leerplatform.editions import queries, services
from leerplatform.editions.models import Membership, Phase, Role
from tests import factories

pytestmark = pytest.mark.django_db


# --- member_counts ------------------------------------------------------------------------------


def test_member_counts_count_active_participants_facilitators_and_their_institutions(edition):
    hu, fontys, saxion = (
        Institution.objects.get(name=name)
        for name in ("Hogeschool Utrecht", "Fontys Hogescholen", "Saxion")
    )
    factories.make_member(edition, institution=hu)
    factories.make_member(edition, institution=hu)
    factories.make_member(edition, institution=fontys)
    factories.make_member(edition)  # no institution
    factories.make_member(edition, role=Role.FACILITATOR, institution=saxion)
    leaver = factories.make_member(edition, institution=saxion)
    Membership.objects.filter(user=leaver).update(left_at=timezone.now())
    factories.make_member(factories.make_edition(), institution=saxion)

    counts = queries.member_counts(edition=edition)

    assert counts.participants == 4
    assert counts.facilitators == 1
    assert counts.institutions == 2


def test_member_counts_of_an_empty_edition_are_zero(edition):
    counts = queries.member_counts(edition=edition)

    assert (counts.participants, counts.facilitators, counts.institutions) == (0, 0, 0)


def test_edition_for_page_returns_nothing_for_an_unknown_slug(participant):
    assert queries.edition_for_page(slug="bestaat-niet", user=participant) is None


def test_phase_history_lists_only_phase_changes_newest_first(edition, facilitator, staff):
    services.change_phase(edition=edition, phase=Phase.BUILDING, actor=facilitator)
    services.change_phase(edition=edition, phase=Phase.CONSOLIDATION, actor=staff)

    history = queries.phase_history(edition=edition)

    assert [(e.actor, e.data["to"]) for e in history] == [
        (staff, Phase.CONSOLIDATION),
        (facilitator, Phase.BUILDING),
    ]
