"""The facilitator's phase page: moving the edition through its phases."""

from __future__ import annotations

import re

import pytest

from leerplatform.core.models import ActivityEntry, Verb
from leerplatform.editions.models import Phase

pytestmark = pytest.mark.django_db


def phase_url(edition) -> str:
    return f"/editions/{edition.slug}/phase/"


def dashboard_url(edition) -> str:
    return f"/editions/{edition.slug}/dashboard/"


def current_step(html: str) -> list[str]:
    """The phase bar steps marked as the current one."""
    return re.findall(r'<li class="phase-step phase-step--(\w+)" aria-current="step">', html)


def test_facilitator_sees_the_phase_form_with_the_current_phase_chosen(
    as_user, edition, facilitator
):
    response = as_user(facilitator).get(phase_url(edition))

    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<input type="radio" name="phase" value="connecting"[^>]*checked', html)
    assert html.count('name="phase"') == len(Phase.values)


def test_facilitator_moves_the_phase_and_the_dashboard_shows_it(as_user, edition, facilitator):
    client = as_user(facilitator)
    before = client.get(dashboard_url(edition)).content.decode()
    assert current_step(before) == ["current"]
    assert _current_step_label(before) == str(Phase.CONNECTING.label)

    response = client.post(phase_url(edition), {"phase": "building"})

    assert response.status_code == 302
    assert response.url == phase_url(edition)
    edition.refresh_from_db()
    assert edition.phase == Phase.BUILDING
    after = client.get(dashboard_url(edition)).content.decode()
    assert current_step(after) == ["current"]
    assert _current_step_label(after) == str(Phase.BUILDING.label)
    assert after.count("phase-step--done") == Phase.values.index("building")


def _current_step_label(html: str) -> str:
    match = re.search(
        r'aria-current="step">.*?<span class="phase-step__label">([^<]+)<', html, re.DOTALL
    )
    return match[1].strip()


def test_a_phase_change_is_recorded_and_shown_in_the_history(as_user, edition, facilitator):
    client = as_user(facilitator)

    response = client.post(phase_url(edition), {"phase": "building"}, follow=True)

    entry = ActivityEntry.objects.get(edition=edition, verb=Verb.PHASE_CHANGED)
    assert entry.actor == facilitator
    assert entry.data == {"from": "connecting", "to": "building"}
    assert response.context["history"] == [entry]
    assert facilitator.name in response.content.decode()


@pytest.mark.parametrize("value", ["finished", "", "BUILDING"])
def test_an_invalid_phase_shows_an_error_and_changes_nothing(as_user, edition, facilitator, value):
    response = as_user(facilitator).post(phase_url(edition), {"phase": value})

    assert response.status_code == 200
    assert "phase" in response.context["form"].errors
    assert 'id="phase-errors"' in response.content.decode()
    edition.refresh_from_db()
    assert edition.phase == Phase.CONNECTING
    assert not ActivityEntry.objects.filter(verb=Verb.PHASE_CHANGED).exists()


def test_choosing_the_current_phase_again_shows_an_error(as_user, edition, facilitator):
    response = as_user(facilitator).post(phase_url(edition), {"phase": "connecting"})

    assert response.status_code == 200
    assert "phase" in response.context["form"].errors
    assert 'id="phase-errors"' in response.content.decode()
    edition.refresh_from_db()
    assert edition.phase == Phase.CONNECTING
    assert not ActivityEntry.objects.filter(verb=Verb.PHASE_CHANGED).exists()


def test_a_participant_may_not_change_the_phase(as_user, edition, participant):
    client = as_user(participant)

    assert client.get(phase_url(edition)).status_code == 403
    assert client.post(phase_url(edition), {"phase": "building"}).status_code == 403
    edition.refresh_from_db()
    assert edition.phase == Phase.CONNECTING


def test_a_participant_sees_no_link_to_the_phase_page(as_user, edition, participant, facilitator):
    assert (
        phase_url(edition) not in as_user(participant).get(dashboard_url(edition)).content.decode()
    )
    assert phase_url(edition) in as_user(facilitator).get(dashboard_url(edition)).content.decode()


def test_a_visitor_is_sent_to_log_in_for_the_phase_page(client, edition):
    response = client.post(phase_url(edition), {"phase": "building"})

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    edition.refresh_from_db()
    assert edition.phase == Phase.CONNECTING
