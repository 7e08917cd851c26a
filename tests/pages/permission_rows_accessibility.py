"""Rows of the permission table for the accessibility statement: a public page, for every role."""

from __future__ import annotations

from django.urls import reverse

from tests.permission_support import Row, _all

ROWS = [
    Row("editions:accessibility", lambda w: reverse("editions:accessibility"), _all(200)),
]
