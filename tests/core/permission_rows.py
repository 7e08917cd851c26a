"""Core's URLs in the permission table: the health endpoint and the Markdown help are public, the
status page is staff's, the Markdown preview is for every logged-in account (ex-members too)."""

from django.urls import reverse

from tests.permission_support import Row, _all, _logged_in

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
    Row(
        "core:markdown_preview",
        lambda w: reverse("core:markdown_preview"),
        _logged_in(200) | {"ex_member": 200},
        method="post",
        data={"markdown_field": "text", "text": "**hallo**"},
    ),
    Row("core:markdown_help", lambda w: reverse("core:markdown_help"), _all(200)),
]
