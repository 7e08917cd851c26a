"""`audience` in every template: the key of shared fragments (`core.fragments`), read only when
a template uses it."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from leerplatform.groups.visibility import audience_key


def audience(request) -> dict:
    user = getattr(request, "user", None)
    return {"audience": SimpleLazyObject(lambda: audience_key(user))}
