"""core.sessions: Django's database sessions, read with SQL built once."""

from __future__ import annotations

import datetime as dt

from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.utils import timezone

from leerplatform.core.sessions import SessionStore


def test_it_reads_what_djangos_store_wrote_and_nothing_expired(db):
    written = DjangoStore()
    written["who"] = "Pia (fictief)"
    written.set_expiry(3600)
    written.save()

    mine = SessionStore(written.session_key)
    assert mine["who"] == "Pia (fictief)"
    assert mine.session_key == written.session_key

    expired = DjangoStore()
    expired["who"] = "Bas (fictief)"
    expired.save()
    expired.model.objects.filter(session_key=expired.session_key).update(
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
