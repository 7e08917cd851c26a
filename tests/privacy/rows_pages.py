"""Permission rows of the privacy statement and "Mijn gegevens" (see permission_rows.py)."""

from django.urls import reverse

from tests.permission_support import Row, _all, _logged_in

ROWS = [
    Row("privacy:statement", lambda w: reverse("privacy:statement"), _all(200)),
    # Everyone with an account has data of their own; visitors log in first.
    Row("privacy:my_data", lambda w: reverse("privacy:my_data"), _logged_in(200)),
]
