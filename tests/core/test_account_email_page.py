"""The account's email page (/accounts/email/, allauth) in the project's own markup (issue 18,
loose ends): the addresses as choices with their state in words, and allauth's actions on them."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

URL = "/accounts/email/"


@pytest.fixture
def person(client):
    user = factories.make_user(email="ada@example.org")
    EmailAddress.objects.update_or_create(
        user=user, email="ada@example.org", defaults={"verified": True, "primary": True}
    )
    EmailAddress.objects.create(user=user, email="ada@hogeschool.nl", verified=False)
    client.force_login(user)
    client.cookies["leerplatform_language"] = "en"
    return user


def test_the_page_lists_each_address_with_its_state_in_words(client, person):
    assert reverse("account_email") == URL
    html = client.get(URL).content.decode()
    assert '<ul class="email-addresses__list">' in html
    assert html.count('type="radio" name="email"') == 2
    assert 'value="ada@example.org" id="email_radio_0" checked>' in html  # the primary is chosen
    assert 'value="ada@hogeschool.nl" id="email_radio_1">' in html
    assert '<span class="status">Primary</span>' in html
    assert '<span class="status status--done">Verified</span>' in html
    assert '<span class="status status--problem">Unverified</span>' in html
    for action in ("action_primary", "action_send", "action_remove", "action_add"):
        assert f'name="{action}"' in html
    assert 'aria-current="page">Email addresses</a>' in html  # the account menu
    assert "account/js/" not in html  # no extra script: one bundle per page


def test_allauth_handles_the_actions(client, person):
    response = client.post(URL, {"action_add": "", "email": "ada@elders.nl"})
    assert response.status_code == 302
    assert EmailAddress.objects.filter(user=person, email="ada@elders.nl").exists()

    client.post(URL, {"action_remove": "", "email": "ada@hogeschool.nl"})
    assert not EmailAddress.objects.filter(email="ada@hogeschool.nl").exists()


def test_a_wrong_address_is_shown_at_its_field(client, person):
    response = client.post(URL, {"action_add": "", "email": "not-an-address"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-invalid="true"' in html or "errorlist" in html
