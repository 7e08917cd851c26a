"""One-click unsubscribe: a signed link, no login, GET asks, POST (also RFC 8058's) stops."""

from __future__ import annotations

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from leerplatform.notifications import services
from leerplatform.notifications.kinds import KINDS, Channel
from leerplatform.notifications.models import Preference
from leerplatform.notifications.tasks import (
    UNSUBSCRIBE_MAX_AGE,
    UNSUBSCRIBE_SALT,
    read_unsubscribe_token,
    unsubscribe_token,
)
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _url(token: str) -> str:
    return reverse("notifications:unsubscribe", kwargs={"token": token})


def test_get_asks_and_changes_nothing_post_stops_the_kind():
    noor = make_user()
    url = _url(unsubscribe_token(noor.pk, kind="post"))
    response = Client().get(url)
    assert response.status_code == 200
    assert b'method="post"' in response.content
    assert not Preference.objects.filter(user=noor).exists()  # a link preview changes nothing
    response = Client(enforce_csrf_checks=True).post(url)
    assert response.status_code == 200
    assert Preference.objects.get(user=noor, kind="post").channel == Channel.APP
    assert Preference.objects.filter(user=noor).count() == 1  # only that kind


def test_one_click_post_body_of_rfc_8058():
    noor = make_user()
    response = Client(enforce_csrf_checks=True).post(
        _url(unsubscribe_token(noor.pk, kind="mention")),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert Preference.objects.get(user=noor, kind="mention").channel == Channel.APP


def test_a_digest_link_stops_that_digest_for_every_kind_in_it():
    noor = make_user()
    services.set_preference(user=noor, kind="mention", channel=Channel.WEEKLY)
    services.set_preference(user=noor, kind="post", channel=Channel.DAILY)
    Client().post(_url(unsubscribe_token(noor.pk, period="weekly")))
    chosen = dict(Preference.objects.filter(user=noor).values_list("kind", "channel"))
    weekly_by_default = [
        code for code, kind in KINDS.items() if kind.default == Channel.WEEKLY and code != "post"
    ]
    assert weekly_by_default and all(chosen[code] == Channel.APP for code in weekly_by_default)
    assert chosen["mention"] == Channel.APP
    assert chosen["post"] == Channel.DAILY  # the daily digest is another email
    assert "meeting_reminder" not in chosen  # an instant kind is untouched


@pytest.mark.parametrize(
    "make",
    [
        lambda pk: "not-a-token",
        lambda pk: signing.dumps({"u": pk, "k": "post"}, salt="another purpose"),
        lambda pk: signing.dumps({"u": pk, "k": "no_such_kind"}, salt=UNSUBSCRIBE_SALT),
        lambda pk: signing.dumps({"u": str(pk), "k": "post"}, salt=UNSUBSCRIBE_SALT),
        lambda pk: signing.dumps([pk, "post"], salt=UNSUBSCRIBE_SALT),
        lambda pk: unsubscribe_token(pk, kind="post")[:-3] + "abc",
    ],
    ids=["garbage", "other-salt", "unknown-kind", "id-not-int", "not-a-dict", "tampered"],
)
def test_a_bad_token_is_a_clear_404_never_a_500(make):
    noor = make_user()
    token = make(noor.pk)
    for method in ("get", "post"):
        response = getattr(Client(), method)(_url(token))
        assert response.status_code == 404
        assert "link" in response.content.decode().lower()
    assert not Preference.objects.filter(user=noor).exists()


def test_an_old_token_no_longer_works(monkeypatch):
    noor = make_user()
    token = unsubscribe_token(noor.pk, kind="post")
    assert read_unsubscribe_token(token) is not None
    real = signing.TimestampSigner.unsign

    def later(self, value, max_age=None):
        return real(self, value, max_age=-1)  # as if UNSUBSCRIBE_MAX_AGE had passed

    monkeypatch.setattr(signing.TimestampSigner, "unsign", later)
    assert UNSUBSCRIBE_MAX_AGE > 90 * 24 * 3600
    assert Client().post(_url(token)).status_code == 404
    assert not Preference.objects.filter(user=noor).exists()


def test_a_token_of_a_deactivated_account_does_nothing():
    noor = make_user(is_active=False)
    assert Client().post(_url(unsubscribe_token(noor.pk, kind="post"))).status_code == 404


def test_a_token_is_for_one_kind_or_one_digest():
    with pytest.raises(ValueError):
        unsubscribe_token(1)
    with pytest.raises(ValueError):
        unsubscribe_token(1, kind="post", period="weekly")
