"""The email settings page: per kind a choice of channel, only the audiences that apply."""

from __future__ import annotations

import pytest
from django.urls import reverse

from leerplatform.editions.models import Role
from leerplatform.groups.models import GroupMembership, LearningGroup
from leerplatform.notifications import services
from leerplatform.notifications.kinds import KINDS, Audience, Channel
from leerplatform.notifications.models import Preference
from tests.conftest import client_for
from tests.factories import make_edition, make_member, make_user

pytestmark = pytest.mark.django_db
URL = "/notifications/preferences/"


def _kinds_of(audience):
    return [code for code, kind in KINDS.items() if kind.audience == audience]


def test_the_url():
    assert reverse("notifications:preferences") == URL


def test_a_participant_sees_members_and_everyones_kinds_with_the_defaults_checked():
    edition = make_edition(themes=1)
    noor = make_member(edition)
    page = client_for(noor).get(URL).content.decode()
    for code in _kinds_of(Audience.MEMBERS) + _kinds_of(Audience.EVERYONE):
        default = KINDS[code].default
        assert f'name="{code}" value="{default}"' in page
        # the default is the checked one
        start = page.index(f'name="{code}" value="{default}"')
        assert "checked" in page[start : page.index(">", start)]
    for code in _kinds_of(Audience.FACILITATORS) + _kinds_of(Audience.COORDINATORS):
        assert f'name="{code}"' not in page
    assert "<fieldset" in page and "<legend" in page  # each kind a labelled radio group
    assert "sowieso een e-mail" in page  # application_decided is mailed by the process


def test_facilitators_and_coordinators_see_their_kinds_too():
    edition = make_edition(themes=1)
    fenna = make_member(edition, role=Role.FACILITATOR)
    page = client_for(fenna).get(URL).content.decode()
    assert 'name="application_received"' in page and 'name="join_requested"' not in page
    coordinator = make_member(edition)
    group = LearningGroup.objects.create(edition=edition, name="Leergroep A")
    GroupMembership.objects.create(group=group, user=coordinator, is_coordinator=True)
    page = client_for(coordinator).get(URL).content.decode()
    assert 'name="join_requested"' in page and 'name="application_received"' not in page


def test_saving_stores_only_what_differs_and_says_so():
    noor = make_user()
    client = client_for(noor)
    response = client.post(URL, {"post": Channel.DAILY, "mention": KINDS["mention"].default})
    assert response.status_code == 302
    assert dict(Preference.objects.filter(user=noor).values_list("kind", "channel")) == {
        "post": Channel.DAILY
    }
    page = client.get(URL).content.decode()
    assert 'role="status"' in page  # the success message
    start = page.index('name="post" value="daily"')
    assert "checked" in page[start : page.index(">", start)]


def test_a_bad_choice_shows_an_error_next_to_the_field_and_saves_nothing():
    noor = make_user()
    services.set_preference(user=noor, kind="mention", channel=Channel.WEEKLY)
    response = client_for(noor).post(URL, {"post": "hourly", "mention": Channel.OFF})
    assert response.status_code == 400
    page = response.content.decode()
    assert "errorlist" in page
    error = page.index("errorlist", page.index("<fieldset", page.index('id="id_post"') - 2000))
    assert error < page.index('name="post"', error)  # in the post field's group, before options
    assert Preference.objects.get(user=noor, kind="mention").channel == Channel.WEEKLY


def test_a_visitor_is_sent_to_log_in():
    from django.test import Client

    response = Client().get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_page_reads_a_fixed_number_of_queries(django_assert_max_num_queries):
    edition = make_edition(themes=1)
    noor = make_member(edition)
    for code in list(KINDS)[:10]:
        services.set_preference(user=noor, kind=code, channel=Channel.OFF)
    client = client_for(noor)
    client.get(URL)
    with django_assert_max_num_queries(12):
        client.get(URL)
