"""Django's database sessions, read with SQL built once (SESSION_ENGINE "leerplatform.core.sessions").

Every logged-in request reads its session first. Django's store builds that query through the
ORM each time, about a third of a millisecond, as long as SQLite then takes to run it ten times
over. This store is Django's own in every other respect: the same table, the same rules (a
session past its expiry date is not read), the same writes.
"""

from __future__ import annotations

import logging

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.core.exceptions import SuspiciousOperation
from django.utils import timezone

from leerplatform.core.statements import InstanceStatement

_LIVE_SESSION = InstanceStatement(
    Session,
    lambda key, now: Session.objects.filter(session_key=key, expire_date__gt=now),
)


class SessionStore(db.SessionStore):
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
        return found
