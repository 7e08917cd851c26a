"""View decorators of the membership app."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Exists, OuterRef, Subquery
from django.http import HttpRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.middleware import HtmxDetails

from leerplatform.accounts.models import User
from leerplatform.core.statements import Statement
from leerplatform.editions.models import Membership, Role
from leerplatform.editions.rules import roles_of
from leerplatform.membership.models import Agreement, AgreementAcceptance


class MemberRequest(HttpRequest):
    """For type checking: the request of a page behind `@login_required` (its user is a person),
    through django-htmx's middleware."""

    user: User
    htmx: HtmxDetails


def needs_to_accept_agreements(*, user, slug: str) -> bool:
    """Whether `user` is an active participant of the edition who has not accepted its latest
    agreements. Facilitators and staff are never held up.

    No query of its own on a member page: the user's roles are read with, for every edition,
    whether its latest agreements are accepted (`read_roles_and_agreements`, registered with
    `editions.rules.roles_of`), once per request, by whichever asks first (this guard or a
    permission check). Roles read otherwise (set by hand) have this edition's latest agreements
    read alone."""
    if not user.is_authenticated or user.is_staff:
        return False
    roles = roles_of(user)
    due = getattr(roles, "agreements_due", None)
    if due is not None:
        return slug in due
    if Role.PARTICIPANT not in roles.values():
        return False
    latest = _LATEST_AGREEMENT.row(slug, user.pk)
    return latest is not None and roles.get(latest[0]) == Role.PARTICIPANT and not latest[1]


class RolesAndAgreements(dict):
    """{edition id: role}, as `editions.rules.roles_of` keeps them, with the slugs of the
    editions whose latest agreements this participant has not accepted (`agreements_due`)."""

    agreements_due: frozenset[str]


def read_roles_and_agreements(user_id: int) -> RolesAndAgreements:
    """The roles of `editions.rules._ROLES` (the user's active memberships) and the agreements
    still to accept, in one query (registered by `MembershipConfig.ready`)."""
    rows = _ROLES_AND_AGREEMENTS.rows(user_id)
    roles = RolesAndAgreements((edition_id, role) for edition_id, role, *_rest in rows)
    roles.agreements_due = frozenset(
        edition_slug
        for _edition_id, role, edition_slug, latest, accepted in rows
        if role == Role.PARTICIPANT and latest is not None and not accepted
    )
    return roles


def _latest_agreement(edition) -> Subquery:
    return Subquery(Agreement.objects.filter(edition=edition).order_by("-version").values("pk")[:1])


# On every member page: its SQL built once (core.statements), not by the ORM per request. The
# rows are `editions.rules._ROLES`'s (active memberships) with their edition's slug and latest
# agreements, and whether the user accepted those.
_ROLES_AND_AGREEMENTS = Statement(
    lambda user_id: (
        Membership.objects.active()
        .filter(user_id=user_id)
        .order_by()
        .annotate(latest=_latest_agreement(OuterRef("edition_id")))
        .annotate(
            accepted=Exists(
                AgreementAcceptance.objects.filter(user_id=user_id, agreement=OuterRef("latest"))
            )
        )
        .values_list("edition_id", "role", "edition__slug", "latest", "accepted")
    )
)
_LATEST_AGREEMENT = Statement(
    lambda slug, user_id: (
        Agreement.objects.filter(edition__slug=slug)
        .order_by("-version")
        .annotate(
            accepted=Exists(
                AgreementAcceptance.objects.filter(user_id=user_id, agreement=OuterRef("pk"))
            )
        )
        .values_list("edition_id", "accepted")[:1]
    )
)


def agreements_first(request, slug: str):
    """The redirect to the agreements page when `request.user` must accept them first, else None."""
    if not needs_to_accept_agreements(user=request.user, slug=slug):
        return None
    messages.info(
        request, _("Please read and accept the collaboration agreements of this edition first.")
    )
    url = reverse("membership:agreements", kwargs={"slug": slug})
    next_url = request.get_full_path() if request.method == "GET" else request.path
    return redirect(f"{url}?{urlencode({'next': next_url})}")


def agreements_accepted(view=None, *, slug_of=None):
    """The agreements guard, for every member page: a participant first accepts the edition's
    current agreements.

    Bare (`@agreements_accepted`) on views whose URL takes the edition's `slug`; with
    `slug_of=` on views that receive the object of their permission first (placed below
    `core.permissions.permission_required(load=...)`): `slug_of(obj)` names the edition, e.g.
    `@agreements_accepted(slug_of=lambda group: group.edition.slug)`.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            slug = slug_of(args[0]) if slug_of is not None else kwargs["slug"]
            if response := agreements_first(request, slug):
                return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorator(view) if view is not None else decorator
