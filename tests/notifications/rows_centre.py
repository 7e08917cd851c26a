"""The notification centre in the permission table: a notification is its recipient's alone."""

from django.urls import reverse

from tests.permission_support import Row, _logged_in


def _participants_notification(w) -> int:
    """A notification of the participant's (about the edition), made for the row."""
    from leerplatform.core.visibility import Visibility
    from leerplatform.notifications.services import notify

    (row,) = notify(
        "phase_changed",
        [w.users["participant"]],
        edition=w.edition,
        visibility=Visibility.PLATFORM,
        url=reverse("editions:detail", kwargs={"slug": w.edition.slug}),
    )
    return row.pk


_ONLY_THE_PARTICIPANT = {
    "visitor": 302,
    "outsider": 404,
    "participant": 302,
    "facilitator": 404,
    "staff": 404,
    "ex_member": 404,
}

ROWS = [
    Row("notifications:list", lambda w: reverse("notifications:list"), _logged_in(200)),
    Row(
        "notifications:read_all",
        lambda w: reverse("notifications:read_all"),
        _logged_in(302),
        method="post",
    ),
    Row(
        "notifications:open",
        lambda w: reverse("notifications:open", kwargs={"pk": _participants_notification(w)}),
        _ONLY_THE_PARTICIPANT,
    ),
    Row(
        "notifications:read",
        lambda w: reverse("notifications:read", kwargs={"pk": _participants_notification(w)}),
        _ONLY_THE_PARTICIPANT,
        method="post",
    ),
]
