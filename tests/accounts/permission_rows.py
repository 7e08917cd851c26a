"""allauth's social-account URLs (Login with SURFconext) in the permission table.

The table runs without SURFconext configured (the default): its login and callback then answer
404 to everyone. tests/accounts/test_surfconext.py runs them against a real provider.
"""

from django.urls import reverse

from tests.permission_support import Row, _all, _logged_in

_SURFCONEXT = {"provider_id": "surfconext"}

ROWS = [
    Row(
        "openid_connect_login",
        lambda w: reverse("openid_connect_login", kwargs=_SURFCONEXT),
        _all(404),
    ),
    Row(
        "openid_connect_login",
        lambda w: reverse("openid_connect_login", kwargs=_SURFCONEXT),
        _all(404),
        method="post",
        data={"process": "login"},
    ),
    Row(
        "openid_connect_callback",
        lambda w: reverse("openid_connect_callback", kwargs=_SURFCONEXT),
        _all(404),
    ),
    Row(
        "socialaccount_login_cancelled",
        lambda w: reverse("socialaccount_login_cancelled"),
        _all(200),
    ),
    # The failure page answers 401 (allauth): nothing was logged in.
    Row("socialaccount_login_error", lambda w: reverse("socialaccount_login_error"), _all(401)),
    # Without a SURFconext login waiting for an email address: back to the login page.
    Row("socialaccount_signup", lambda w: reverse("socialaccount_signup"), _all(302)),
    Row(
        "socialaccount_connections",
        lambda w: reverse("socialaccount_connections"),
        _logged_in(200),
    ),
]
