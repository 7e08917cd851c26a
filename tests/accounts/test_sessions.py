"""accounts.sessions: Django's database sessions, each read with its person in one query, and
Django's own checks of that person unchanged."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from leerplatform.accounts.models import SESSION_USER, Session, User
from leerplatform.accounts.sessions import SessionStore, get_user
from tests import factories
from tests.conftest import client_for


def _request(key: str | None):
    request = RequestFactory().get("/")
    request.session = SessionStore(key)
    return request


def _queries(call):
    with CaptureQueriesContext(connection) as captured:
        result = call()
    return result, [q["sql"] for q in captured.captured_queries]


def test_it_reads_a_live_session_and_nothing_expired(db):
    written = SessionStore()
    written["who"] = "Pia (fictief)"
    written.set_expiry(3600)
    written.save()
    assert SessionStore(written.session_key)["who"] == "Pia (fictief)"

    expired = SessionStore()
    expired["who"] = "Bas (fictief)"
    expired.save()
    Session.objects.filter(pk=expired.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    gone = SessionStore(expired.session_key)
    assert "who" not in gone
    assert gone.session_key is None  # as Django's store: a new session when one is saved


def test_an_unknown_key_is_an_empty_session_and_a_save_makes_a_new_one(db):
    store = SessionStore("abcdefghijklmnopqrstuvwxyz012345")
    assert dict(store.items()) == {}
    store["x"] = 1
    store.save()
    assert store.session_key != "abcdefghijklmnopqrstuvwxyz012345"
    assert SessionStore(store.session_key)["x"] == 1


def test_the_row_names_the_person_logged_in_on_it(participant):
    client = client_for(participant)
    key = client.cookies["sessionid"].value
    assert Session.objects.get(pk=key).user_id == participant.pk
    anonymous = SessionStore()
    anonymous["language"] = "nl"
    anonymous.save()
    assert Session.objects.get(pk=anonymous.session_key).user_id is None
    # Logging out ends the session: its row is gone.
    client.post(reverse("account_logout"))
    assert not Session.objects.filter(pk=key).exists()


def test_a_request_reads_its_session_and_person_in_one_query(participant):
    key = client_for(participant).cookies["sessionid"].value
    user, sqls = _queries(lambda: get_user(_request(key)))
    assert user == participant and user.is_authenticated
    assert len(sqls) == 1 and '"accounts_user"' in sqls[0] and '"accounts_session"' in sqls[0]
    # Only while Django's authentication reads the person: afterwards a read is a read.
    assert SESSION_USER.get() is None
    _found, sqls = _queries(lambda: User.objects.get(pk=participant.pk))
    assert len(sqls) == 1


def test_a_page_costs_one_query_less_than_with_djangos_session_and_authentication(participant):
    client = client_for(participant)
    url = reverse("accounts:profile")
    client.get(url)
    _response, sqls = _queries(lambda: client.get(url))
    assert not [sql for sql in sqls if 'FROM "accounts_user"' in sql.split(" WHERE ")[0]]


def test_djangos_checks_of_the_person_still_hold(participant):
    key = client_for(participant).cookies["sessionid"].value
    # Deactivated: no longer logged in (ModelBackend.user_can_authenticate).
    User.objects.filter(pk=participant.pk).update(is_active=False)
    assert isinstance(get_user(_request(key)), AnonymousUser)
    User.objects.filter(pk=participant.pk).update(is_active=True)
    assert get_user(_request(key)) == participant
    # A new password ends the sessions opened with the old one (the session hash).
    participant.set_password("een-heel-ander-wachtwoord-2026")
    participant.save()
    request = _request(key)
    assert isinstance(get_user(request), AnonymousUser)
    assert not request.session.get("_auth_user_id")  # flushed, as Django does


def test_a_persons_sessions_go_with_them(edition):
    person = factories.make_member(edition, name="Weg (fictief)")
    key = client_for(person).cookies["sessionid"].value
    User.objects.filter(pk=person.pk).delete()
    assert not Session.objects.filter(pk=key).exists()


def test_a_session_that_names_no_one_is_saved_and_is_anonymous(db):
    """No constraint in the database: a request that read a person's session before they were
    deleted may still save it."""
    store = SessionStore()
    store[SESSION_KEY] = "987654321"
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store.save()
    assert Session.objects.get(pk=store.session_key).user_id == 987654321
    assert isinstance(get_user(_request(store.session_key)), AnonymousUser)


def test_a_request_with_a_session_cookie_has_its_person_at_once_a_visitor_a_lazy_one(participant):
    """With the cookie the person is read as the middleware runs and `request.user` is the
    person itself (no proxy on each of a page's few hundred uses); without it nothing is read
    unless asked, so a visitor's request touches no session."""
    from django.conf import settings
    from django.utils.functional import SimpleLazyObject

    from leerplatform.accounts.sessions import AuthenticationMiddleware

    middleware = AuthenticationMiddleware(lambda request: None)
    key = client_for(participant).cookies["sessionid"].value
    request = _request(key)
    request.COOKIES[settings.SESSION_COOKIE_NAME] = key
    _none, sqls = _queries(lambda: middleware.process_request(request))
    assert type(request.user) is User and request.user == participant and len(sqls) == 1

    visitor = _request(None)
    _none, sqls = _queries(lambda: middleware.process_request(visitor))
    assert isinstance(visitor.user, SimpleLazyObject) and sqls == []
    assert not visitor.session.accessed
    assert not visitor.user.is_authenticated


def test_clearsessions_removes_expired_sessions_and_keeps_live_ones(participant):
    """`manage.py clearsessions` (deploy/systemd/leerplatform-clearsessions.timer, daily) works
    on this store's table: expired sessions go, a live one and its person stay."""
    from django.core.management import call_command

    live = client_for(participant).cookies["sessionid"].value
    expired = SessionStore()
    expired["who"] = "Bas (fictief)"
    expired.save()
    Session.objects.filter(pk=expired.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    call_command("clearsessions")
    assert list(Session.objects.values_list("session_key", "user_id")) == [(live, participant.pk)]


def test_decoded_data_is_kept_per_signed_text_and_handed_out_unshared(db, monkeypatch):
    """`SessionStore.decode` keeps what Django decoded, by the signed text: the signature is
    checked once per text, a changed text is never taken for a kept one, and no request's
    change to its session reaches another's."""
    from django.core import signing

    from leerplatform.accounts import sessions

    sessions._decoded.clear()
    store = SessionStore()
    text = store.encode({"_auth_user_id": "7", "privacy_logged_in_at": "2026-12-05"})
    checked = []
    loads = signing.loads
    monkeypatch.setattr(signing, "loads", lambda *a, **k: checked.append(1) or loads(*a, **k))

    first = store.decode(text)
    first["_auth_user_id"] = "8"  # this request's change
    assert store.decode(text) == {"_auth_user_id": "7", "privacy_logged_in_at": "2026-12-05"}
    assert len(checked) == 1

    tampered = text[:-1] + ("A" if text[-1] != "A" else "B")
    assert store.decode(tampered) == {}
    assert tampered not in sessions._decoded

    # Data with a value that could be changed in place is decoded every time.
    nested = store.encode({"basket": [1, 2]})
    store.decode(nested)["basket"].append(3)
    assert store.decode(nested) == {"basket": [1, 2]}
    assert nested not in sessions._decoded
