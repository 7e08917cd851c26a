"""Django's database sessions, each read with its person in one query.

SESSION_ENGINE "leerplatform.accounts.sessions" and the middleware `AuthenticationMiddleware`
(in the place of Django's). Every logged-in request reads its session, then its person: two
queries with Django's store and authentication. Here the session's row carries the person's id
(`accounts.Session.user`, kept in step with the session's data on every save), the session is
read with the person's row joined (SQL built once, core.statements), and Django's own
`auth.get_user` then takes that person instead of reading them again. Everything else is
Django's: the same rules for a session (one past its expiry date is not read), the same checks
of the person (the backend named in the session, `is_active`, the session hash that a password
change invalidates), the same writes.
"""

from __future__ import annotations

import logging
from typing import cast

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.middleware import (
    AuthenticationMiddleware as DjangoAuthenticationMiddleware,
)
from django.contrib.sessions.backends import db
from django.core.exceptions import SuspiciousOperation
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from leerplatform.accounts.models import SESSION_USER, Session, User
from leerplatform.core.statements import InstanceStatement

_LIVE_SESSION = InstanceStatement(
    Session,
    lambda key, now: Session.objects.filter(session_key=key, expire_date__gt=now),
    related=("user",),
)


def _user_id(value) -> int | None:
    """The person's id as the session's data holds it (a text), or None."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# Decoded session data, by the signed text it was decoded from (`SessionStore.decode`).
_DECODED_KEPT = 1024
_decoded: dict[str, dict] = {}
_SCALARS = (str, int, float, bool, type(None))


class SessionStore(db.SessionStore):
    _read_with: User | None = None  # the person read with the session

    def decode(self, session_data):
        """Django's decode (the signature checked, then the JSON read: 13 µs on every request
        with a session), each answer kept per process by the signed text itself: the same text
        always decodes to the same data, and a text that fails its check is never kept. Only
        data of plain values is kept (a login's is), handed out as a new dict each time, so no
        request changes another's."""
        found = _decoded.get(session_data)
        if found is not None:
            return dict(found)
        data = super().decode(session_data)
        if data and all(type(value) in _SCALARS for value in data.values()):
            if len(_decoded) >= _DECODED_KEPT:
                _decoded.clear()
            _decoded[session_data] = dict(data)
        return data

    @classmethod
    def get_model_class(cls):
        return Session

    def create_model_instance(self, data):
        instance = cast(Session, super().create_model_instance(data))
        instance.user_id = _user_id(data.get(auth.SESSION_KEY))
        return instance

    def _get_session_from_db(self):
        try:
            key = self.session_key
            found = _LIVE_SESSION.instance(key, timezone.now()) if key else None
        except SuspiciousOperation as e:  # as Django's store: logged, and no session
            logger = logging.getLogger(f"django.security.{e.__class__.__name__}")
            logger.warning(str(e))
            found = None
        if found is None:
            self._session_key = None
        else:
            self._read_with = found.user
        return found

    def read_with_session(self, pk: int) -> User | None:
        """The person read with this session, if they are `pk` (else None)."""
        user = self._read_with
        return user if user is not None and user.pk == pk else None


def get_user(request):
    """Django's `auth.get_user(request)`, once per request, taking the person read with the
    session where it reads them."""
    if not hasattr(request, "_cached_user"):
        session = request.session
        token = SESSION_USER.set(getattr(session, "read_with_session", None))
        try:
            request._cached_user = auth.get_user(request)
        finally:
            SESSION_USER.reset(token)
    return request._cached_user


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    """Django's, with `request.user` from `get_user` above (`request.auser` stays Django's).

    A request that brings a session cookie gets its person at once, not behind a lazy object:
    nearly every such request asks who it is, and each of the few hundred uses of `request.user`
    on a page then costs a plain attribute read instead of the proxy's (about a tenth of a
    dashboard's time). A request without one (a visitor) stays lazy: it reads no session and
    adds no `Vary: Cookie` unless it asks."""

    def process_request(self, request):
        super().process_request(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            request.user = get_user(request)
        else:
            request.user = SimpleLazyObject(lambda: get_user(request))
