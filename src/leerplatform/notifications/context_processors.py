"""The bell in the header: the unread count, read only when a template shows it."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from leerplatform.notifications.queries import unread_count


def bell(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
