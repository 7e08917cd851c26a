"""Invitations: the facilitators' page (invite one person, see the invitations), the CSV import,
and the public page behind the personal link where the invited person accepts."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from leerplatform.accounts import ratelimits
from leerplatform.accounts.models import User
from leerplatform.core.permissions import permission_required
from leerplatform.editions.models import Edition
from leerplatform.editions.queries import hides_edition, load_edition
from leerplatform.membership.decorators import MemberRequest
from leerplatform.membership.forms.invitations import (
    AcceptInvitationForm,
    ImportForm,
    InviteForm,
)
from leerplatform.membership.models import Invitation
from leerplatform.membership.queries import invitations as queries
from leerplatform.membership.services import invitations as services

LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"


@login_required
@require_http_methods(["GET", "POST"])
@permission_required("membership.invite", load=load_edition, hide=hides_edition)
def invitations(request: MemberRequest, edition: Edition, slug: str) -> HttpResponse:
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.invite_person(
                edition=edition,
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"],
                institution=form.cleaned_data["institution"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            text = (
                _("The invitation to %(email)s has been renewed and sent again.")
                if outcome.renewed
                else _("An invitation has been sent to %(email)s.")
            )
            messages.success(request, text % {"email": outcome.invitation.email})
            return redirect("membership:invitations", slug=edition.slug)
    listing = queries.invitation_list(
        edition=edition, state=request.GET.get("state", ""), page_number=request.GET.get("page")
    )
    return render(
        request,
        "membership/invitations.html",
        {"edition": edition, "form": form, "listing": listing},
    )


@login_required
@require_http_methods(["GET", "POST"])
@permission_required("membership.invite", load=load_edition, hide=hides_edition)
def import_invitations(request: MemberRequest, edition: Edition, slug: str) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = services.import_invitations(edition=edition, rows=form.rows, actor=request.user)
        form = ImportForm()  # ready for the next file
    template = "membership/import_invitations.html"
    if request.htmx:
        template += "#import_area"
    return render(request, template, {"edition": edition, "form": form, "result": result})


@require_http_methods(["GET", "POST"])
def accept(request: HttpRequest, token: str) -> HttpResponse:
    """The page behind the personal link. Unknown links: 404; used or expired ones: 410."""
    if request.method == "POST" and not ratelimits.allow_post(request, "link_post"):
        return ratelimits.respond_429(request)
    invitation = queries.invitation_by_token(token=token)
    if invitation.is_used or invitation.is_expired:
        return _unusable(request, invitation)
    account = queries.account_for_email(email=invitation.email)
    context = {"edition": invitation.edition, "invitation": invitation, "account": account}
    user = request.user
    if user.is_authenticated and (account is None or account.pk != user.pk):
        # The link belongs to another address than the account in use: no silent switching.
        return render(request, "membership/accept_invitation_other_account.html", context)
    if account is not None and not user.is_authenticated:
        return render(request, "membership/accept_invitation_login.html", context)

    if account is not None:  # logged in with the invited address: one click to join
        if request.method == "POST":
            try:
                # Logged in (checked above): the account with the invited address.
                services.accept_with_existing_account(invitation=invitation, user=cast(User, user))
            except services.InvitationError:
                return _unusable(request, invitation)
            messages.success(
                request,
                _("Welcome to %(edition)s! You now take part.")
                % {"edition": invitation.edition.name},
            )
            return redirect("editions:dashboard", slug=invitation.edition.slug)
        return render(request, "membership/accept_invitation_confirm.html", context)

    form = AcceptInvitationForm(
        request.POST or None, email=invitation.email, initial={"name": invitation.name}
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_with_new_account(
                invitation=invitation,
                name=form.cleaned_data["name"],
                password=form.cleaned_data["password1"],
            )
        except services.InvitationError as error:
            if error.reason == services.InvitationError.ACCOUNT_EXISTS:
                return render(request, "membership/accept_invitation_login.html", context)
            return _unusable(request, invitation)
        login(request, user, backend=LOGIN_BACKEND)
        messages.success(
            request,
            _("Welcome to %(edition)s! Your account has been created and you now take part.")
            % {"edition": invitation.edition.name},
        )
        return redirect("editions:dashboard", slug=invitation.edition.slug)
    return render(request, "membership/accept_invitation.html", context | {"form": form})


def _unusable(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    """A used or expired link: say so, change nothing. 410 Gone: the link will not work again."""
    invitation.refresh_from_db(fields=["accepted_at", "expires_at"])
    return render(
        request,
        "membership/accept_invitation_unusable.html",
        {"edition": invitation.edition, "invitation": invitation},
        status=410,
    )
