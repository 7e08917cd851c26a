"""Erase my account in the permission table (see permission_rows.py).

The page is everyone's own: it acts on the person who is logged in and names no one else, so
every logged-in role (the ex-member too: leaving an edition is no reason to keep an account) is
sent to re-authenticate first (302 to allauth's page; tests/privacy/test_erasure.py follows it
through), and a visitor to the login page (302)."""

from django.urls import reverse

from tests.permission_support import Row, _all

ROWS = [
    Row("privacy:erase", lambda w: reverse("privacy:erase"), _all(302)),
    Row("privacy:erase", lambda w: reverse("privacy:erase"), _all(302), method="post", data={}),
]
