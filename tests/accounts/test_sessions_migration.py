"""The live sessions of django_session move to accounts_session with their person: nobody is
logged out by the upgrade, and nothing is left behind in the old table (accounts migration
0007)."""

from __future__ import annotations

import datetime as dt
import importlib

from django.apps import apps
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.utils import timezone

from leerplatform.accounts.models import Session
from leerplatform.accounts.sessions import SessionStore, get_user
from tests.accounts.test_sessions import _request

migration = importlib.import_module(
    "leerplatform.accounts.migrations.0007_sessions_with_their_person"
)


def _django_session(**data) -> DjangoStore:
    store = DjangoStore()
    store.update(data)
    store.save()
    return store


def test_live_sessions_move_with_their_person(participant):
    logged_in = DjangoStore()
    logged_in[SESSION_KEY] = str(participant.pk)
    logged_in[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    logged_in["_auth_user_hash"] = participant.get_session_auth_hash()
    logged_in.save()
    anonymous = _django_session(language="nl")
    nobody = _django_session(**{SESSION_KEY: "987654321"})
    expired = _django_session(**{SESSION_KEY: str(participant.pk)})
    DjangoStore.get_model_class().objects.filter(pk=expired.session_key).update(
        expire_date=timezone.now() - dt.timedelta(minutes=1)
    )

    migration.move_live_sessions(apps, None)

    copied = dict(Session.objects.values_list("session_key", "user_id"))
    assert copied == {
        logged_in.session_key: participant.pk,
        anonymous.session_key: None,
        nobody.session_key: None,
    }
    assert not DjangoStore.get_model_class().objects.exists()  # the old table is emptied
    # Still logged in, through the new store, with the same data.
    assert get_user(_request(logged_in.session_key)) == participant
    assert SessionStore(anonymous.session_key)["language"] == "nl"
