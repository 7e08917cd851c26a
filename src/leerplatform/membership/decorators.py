"""View decorators of the membership app."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from leerplatform.editions.models import Role
from leerplatform.editions.rules import roles_of
from leerplatform.membership.models import Agreement, AgreementAcceptance


def needs_to_accept_agreements(*, user, slug: str) -> bool:
    """Whether `user` is an active participant of the edition who has not accepted its latest
    agreements. At most two queries: the user's roles (cached on the user for the rest of the
    request, which the view's permission checks need anyway) and, for participants only, the
    latest version with whether they accepted it. Facilitators and staff are never held up."""
    if not user.is_authenticated or user.is_staff:
        return False
    roles = roles_of(user)
    if Role.PARTICIPANT not in roles.values():
        return False
    latest = (
        Agreement.objects.filter(edition__slug=slug)
        .order_by("-version")
        .annotate(
            accepted=Exists(AgreementAcceptance.objects.filter(user=user, agreement=OuterRef("pk")))
        )
        .values("edition_id", "accepted")
        .first()
    )
    return (
        latest is not None
        and roles.get(latest["edition_id"]) == Role.PARTICIPANT
        and not latest["accepted"]
    )


def agreements_accepted(view):
    """For edition views taking `slug`: a participant first accepts the current agreements."""

    @wraps(view)
    def wrapper(request, *args, slug: str, **kwargs):
        if needs_to_accept_agreements(user=request.user, slug=slug):
            messages.info(
                request,
                _("Please read and accept the collaboration agreements of this edition first."),
            )
            url = reverse("membership:agreements", kwargs={"slug": slug})
            return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")
        return view(request, *args, slug=slug, **kwargs)

    return wrapper
