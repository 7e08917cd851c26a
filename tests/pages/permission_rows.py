"""Rows of the permission table for the pages app (see tests/test_permissions.py): the activity
feed page is for the edition's active members (and staff); an ex-member sees it no more."""

from __future__ import annotations

from django.urls import reverse

from tests.membership.permission_rows import _with_agreements
from tests.pages.permission_rows_accessibility import ROWS as ACCESSIBILITY_ROWS
from tests.permission_support import Row, _slug

_MEMBERS = {
    "visitor": 302,
    "outsider": 403,
    "participant": 200,
    "facilitator": 200,
    "staff": 200,
    "ex_member": 403,
}

ROWS = [
    Row("editions:activity", lambda w: reverse("editions:activity", kwargs=_slug(w)), _MEMBERS),
    Row(
        "editions:activity",
        lambda w: reverse("editions:activity", kwargs=_slug(w)) + "?filter=mine&page=2",
        _MEMBERS,
    ),
    Row(
        "editions:activity",  # a participant who has not accepted the agreements goes there first
        lambda w: reverse("editions:activity", kwargs=_with_agreements(w)),
        _MEMBERS | {"participant": 302},
    ),
]
ROWS += ACCESSIBILITY_ROWS
