"""Views declare their permission here, in one way.

    @login_required
    @permission_required("groups.view_activities", load=load_group)
    def timeline(request, group, pk): ...

`load(**url_kwargs)` reads the object the permission is about and raises Http404 when it does not
exist; the view receives it as its second argument, after the request, and still gets the URL's
keyword arguments. Without `load` the permission is asked without an object. A refusal is a 403,
or a 404 with `hide=True` where a page must not even admit that the object exists (a group-only
document, a confidential activity). `rules.has_perm` decides, never `user.has_perm`: a superuser
passes every `user.has_perm`, but group-only things are for the group's members only.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404

Hide = bool | Callable[[Any, Any], bool]


def _refuse(hide: Hide, user, obj) -> None:
    hidden = hide(user, obj) if callable(hide) else hide
    raise Http404 if hidden else PermissionDenied


def permission_required(
    perm: str, *, load: Callable[..., object] | None = None, hide: Hide = False
) -> Callable:
    """`hide` may also be a function `(user, obj) -> bool`, for a 404 that depends on who asks:
    e.g. an unpublished edition is a 404 to whoever may not see it and a 403 to its members
    without the right (`hide=lambda user, edition: not sees_edition(edition=edition, user=user)`).
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if load is None:
                if not rules.has_perm(perm, request.user):
                    _refuse(hide, request.user, None)
                return view(request, *args, **kwargs)
            obj = load(**kwargs)
            if not rules.has_perm(perm, request.user, obj):
                _refuse(hide, request.user, obj)
            return view(request, obj, *args, **kwargs)

        wrapper.permission_required = perm  # type: ignore[attr-defined]
        return wrapper

    return decorator
