"""The check-in page for screen-reader and keyboard users (issue 18, WCAG 1.3.1, 3.3.2, 4.1.3):
a visible label on the search, one persistent status region that the htmx answer fills in (not
replaces), and a button with a stable id so that htmx puts focus back on it after the swap. The
browser side is tests/e2e/test_keyboard_checkin.py."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from leerplatform.editions.models import Role
from leerplatform.meetings.models import Registration
from leerplatform.meetings.services import registrations as services
from tests import factories
from tests.conftest import client_for
from tests.meetings.test_registrations import move_to_today, upcoming

pytestmark = pytest.mark.django_db


@pytest.fixture
def bert(edition):
    meeting = upcoming(edition)
    person = factories.make_member(edition, role=Role.PARTICIPANT, name="Bert")
    registration = services.register_for_meeting(meeting=meeting, user=person)
    move_to_today(meeting)
    return registration


def test_the_page_has_a_visible_search_label_and_one_status_region(bert, facilitator):
    url = reverse("meetings:attendance", kwargs={"pk": bert.meeting_id})
    html = client_for(facilitator).get(url).content.decode()
    label = re.search(r'<label for="id_q"([^>]*)>', html)
    assert label and "visually-hidden" not in label.group(1)
    assert len(re.findall(r'role="status"', html)) == 1
    assert re.search(r'<p id="attendance-counts"[^>]*role="status"', html)
    assert f'id="attendee-button-{bert.pk}"' in html
    assert 'aria-pressed="false"' in html


def test_the_htmx_answer_fills_the_status_region_and_keeps_the_button_id(bert, facilitator):
    url = reverse("meetings:check_in", kwargs={"pk": bert.meeting_id, "registration_pk": bert.pk})
    client = client_for(facilitator)
    html = client.post(url, {"present": "1"}, headers={"HX-Request": "true"}).content.decode()
    assert f'id="attendee-button-{bert.pk}"' in html and 'aria-pressed="true"' in html
    oob = re.search(r'<p id="attendance-counts" hx-swap-oob="innerHTML">(.*?)</p>', html, re.S)
    assert oob, "the counts are swapped into the page's region, not as a new region"
    assert "role=" not in oob.group(0)
    assert "Bert" in oob.group(1)  # the region says who was checked in
    html = client.post(url, {"present": "0"}, headers={"HX-Request": "true"}).content.decode()
    assert 'aria-pressed="false"' in html
    assert Registration.objects.get(pk=bert.pk).attended_at is None
