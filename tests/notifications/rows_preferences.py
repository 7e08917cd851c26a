"""Permission rows of the preferences views: the email settings are every logged-in person's own
(an ex-member too: they still get email about their own affairs); the unsubscribe link works for
anyone who holds a valid signed token, logged in or not, and a bad token is a 404 for all."""

from django.urls import reverse

from leerplatform.notifications.tasks import unsubscribe_token
from tests.permission_support import Row, _all, _logged_in


def _unsubscribe(w) -> str:
    return reverse(
        "notifications:unsubscribe", kwargs={"token": unsubscribe_token(w.other.pk, kind="post")}
    )


def _digest_unsubscribe(w) -> str:
    token = unsubscribe_token(w.other.pk, period="weekly")
    return reverse("notifications:unsubscribe", kwargs={"token": token})


_BAD = lambda w: reverse("notifications:unsubscribe", kwargs={"token": "not-a-token"})  # noqa: E731

ROWS = [
    Row("notifications:preferences", lambda w: reverse("notifications:preferences"),
        _logged_in(200) | {"ex_member": 200}),
    Row("notifications:preferences", lambda w: reverse("notifications:preferences"),
        _logged_in(302) | {"ex_member": 302}, method="post", data={"post": "daily"}),
    # A choice that is not one: the form again with the error, never a 500.
    Row("notifications:preferences", lambda w: reverse("notifications:preferences"),
        _logged_in(400) | {"visitor": 302, "ex_member": 400}, method="post",
        data={"post": "hourly"}),
    Row("notifications:unsubscribe", _unsubscribe, _all(200)),
    Row("notifications:unsubscribe", _unsubscribe, _all(200), method="post",
        data={"List-Unsubscribe": "One-Click"}),
    Row("notifications:unsubscribe", _digest_unsubscribe, _all(200), method="post"),
    Row("notifications:unsubscribe", _BAD, _all(404)),
    Row("notifications:unsubscribe", _BAD, _all(404), method="post"),
]  # fmt: skip
