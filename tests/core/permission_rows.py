"""Core's URLs in the permission table: the health endpoint is public, the status page is staff's."""

from django.urls import reverse

from tests.permission_support import Row, _all

_STAFF_ONLY = {
    "visitor": 302,
    "outsider": 403,
    "participant": 403,
    "facilitator": 403,
    "staff": 200,
}

ROWS = [
    Row("core:healthz", lambda w: reverse("core:healthz"), _all(200)),
    Row("core:status", lambda w: reverse("core:status"), _STAFF_ONLY),
    Row(
        "core:retry_task",
        lambda w: reverse(
            "core:retry_task", kwargs={"task_id": "0" * 8 + "-0000-0000-0000-" + "0" * 12}
        ),
        # No such failed task: staff get a 404; everyone else is refused before it is looked up.
        _STAFF_ONLY | {"staff": 404},
        method="post",
    ),
]
