"""The network's balance on the demo edition: twelve participants, each at another hogeschool.

Every institution shows its own totals (nothing is folded into "other institutions"), the totals
add up to the network's, and no institution of fewer than three participants shows a figure per
participant (the rule the page states)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from leerplatform.demo import edition as demo
from leerplatform.editions.models import Membership, Role
from leerplatform.reflection.queries import balance as queries
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    return demo.load_demo()


def test_the_demo_network_shows_every_institution_and_states_the_rule(loaded):
    """One demo load (the slow part), two looks: the figures, then the page."""
    _every_small_institution_shows_its_totals(loaded)
    _the_page_shows_each_institution_and_states_the_rule(loaded)


def _every_small_institution_shows_its_totals(loaded):
    network = queries.network_balance(edition=loaded)
    participants = Membership.objects.filter(edition=loaded, role=Role.PARTICIPANT)
    institutions = set(participants.values_list("user__institution__name", flat=True))
    rows = network.by_institution.rows
    assert {row.label for row in rows} == institutions
    assert len(rows) == len(institutions) >= 10
    assert all(row.people is not None and row.people < queries.MIN_PEOPLE for row in rows)
    # Totals always, for every institution; together they are the network's.
    assert all(row.brought is not None and row.taken is not None for row in rows)
    assert sum(row.brought or 0 for row in rows) == network.brought
    assert sum(row.taken or 0 for row in rows) == network.taken
    assert network.brought > 0
    # Nothing per participant below three.
    assert all(row.brought_per_person is None and row.taken_per_person is None for row in rows)


def _the_page_shows_each_institution_and_states_the_rule(loaded):
    facilitator = Membership.objects.get(
        edition=loaded, role=Role.FACILITATOR, user__email="facilitator@example.org"
    ).user
    response = client_for(facilitator).get(
        reverse("reflection:network_balance", kwargs={"slug": loaded.slug})
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Overige instellingen" not in html
    for row in response.context["network"].by_institution.rows:
        assert row.label in html
    assert 'id="privacy-heading"' in html
    assert "balance-table__withheld" in html  # the per-participant column, withheld
