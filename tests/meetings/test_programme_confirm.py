"""Removing a programme item asks first (issue 15, point 7): the programme's "Remove" is a link to
a page that says what happens; only its POST removes the item."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from leerplatform.meetings.models import ProgrammeItem, ProgrammeItemKind
from leerplatform.meetings.services import programme
from tests import factories

pytestmark = pytest.mark.django_db


def test_removing_a_programme_item_asks_first(edition, facilitator, as_user):
    meeting = factories.make_meeting(edition)
    item = programme.add_programme_item(
        meeting=meeting,
        actor=facilitator,
        starts_at=dt.time(9, 30),
        ends_at=dt.time(12, 0),
        kind=ProgrammeItemKind.OTHER,
        title="Opening",
    )
    client = as_user(facilitator)
    url = reverse("meetings:delete_programme_item", kwargs={"pk": meeting.pk, "item_pk": item.pk})
    programme_page = client.get(reverse("meetings:programme", kwargs={"pk": meeting.pk}))
    html = programme_page.content.decode()
    assert f'<a href="{url}"' in html  # a link to the question, not a form that removes
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Opening" in html and 'method="post"' in html and "button--danger" in html
    assert ProgrammeItem.objects.filter(pk=item.pk).exists()
    assert client.post(url).status_code == 302
    assert not ProgrammeItem.objects.filter(pk=item.pk).exists()
