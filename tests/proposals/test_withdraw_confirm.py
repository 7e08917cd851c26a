"""Withdrawing a proposal cannot be undone, so it asks first (issue 15, point 7): a box to tick
beside a secondary button; a POST without the tick changes nothing."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from leerplatform.proposals.models import ProposalStatus
from tests.proposals.helpers import propose

pytestmark = pytest.mark.django_db


def test_withdrawing_without_the_tick_changes_nothing(as_user, participant, call):
    proposal = propose(call, participant)
    url = reverse("proposals:edit", kwargs={"pk": proposal.pk})
    response = as_user(participant).post(url, {"withdraw": "1"})
    assert response.status_code == 302 and response["Location"] == url
    proposal.refresh_from_db()
    assert proposal.status != ProposalStatus.WITHDRAWN
    as_user(participant).post(url, {"withdraw": "1", "confirm_withdraw": "1"})
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.WITHDRAWN


def test_the_withdraw_button_is_secondary_with_a_box_to_tick(as_user, participant, call):
    proposal = propose(call, participant)
    html = as_user(participant).get(reverse("proposals:edit", kwargs={"pk": proposal.pk}))
    form = re.search(
        r'<form method="post" class="card form withdraw-form">(.*?)</form>',
        html.content.decode(),
        re.S,
    )
    assert form
    assert re.search(
        r'<input type="checkbox" name="confirm_withdraw" value="1" required>', form.group(1)
    )
    button = re.search(r'<button[^>]*name="withdraw"[^>]*>', form.group(1)).group(0)
    assert "button--danger-outline" in button and "button--primary" not in button
