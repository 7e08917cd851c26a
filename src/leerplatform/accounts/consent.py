"""Consents people give, recorded with the version of what they agreed to (AVG art. 7(1)).

Every service where a person consents calls `record_consent`: an application (the privacy
statement), the edition's agreements, the publication of an output. The privacy statement's
version lives here, below every app that records it.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from django.conf import settings

from leerplatform.accounts.models import ConsentKind, ConsentRecord, User

# The version of the default statement (privacy/templates/privacy/statement_default.html): the
# day its text last changed in a way people must agree to again.
DEFAULT_STATEMENT_VERSION = "2026-12-04"


def privacy_statement_version() -> str:
    """The version of the privacy statement people agree to now.

    `PRIVACY_STATEMENT_VERSION` when set; else, for an installation's own text, a fingerprint of
    the file (a changed text is a new version without anyone remembering to say so); else the
    default text's version.
    """
    if settings.PRIVACY_STATEMENT_VERSION:
        return settings.PRIVACY_STATEMENT_VERSION
    if settings.PRIVACY_STATEMENT_FILE:
        return _file_fingerprint(settings.PRIVACY_STATEMENT_FILE)
    return DEFAULT_STATEMENT_VERSION


@cache
def _file_fingerprint(path: str) -> str:
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return f"sha256:{digest[:12]}"


def record_consent(
    *,
    kind: ConsentKind,
    subject: str,
    version: str,
    user: User | None = None,
    email: str = "",
    given: bool = True,
) -> ConsentRecord:
    """Append one consent (or refusal) to the person's record; call inside the service's
    transaction, so the record and the consent stand or fall together."""
    return ConsentRecord.objects.create(
        user=user,
        email="" if user is not None else email.lower(),
        kind=kind,
        subject=subject[:300],
        version=version[:40],
        given=given,
    )
