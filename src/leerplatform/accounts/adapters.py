from __future__ import annotations

import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.account.internal.flows import reauthentication
from allauth.account.internal.flows.login import get_authentication_records
from allauth.account.models import EmailAddress
from allauth.core.exceptions import ImmediateHttpResponse, ReauthenticationRequired
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp, SocialLogin
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from requests import RequestException

from leerplatform.accounts import sso
from leerplatform.accounts.ratelimits import client_ip, login_attempts_key

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    """Nobody signs up freely: people join through an application or an invitation."""

    def is_open_for_signup(self, request) -> bool:
        return False

    def get_client_ip(self, request) -> str:
        """Our one reading of the client address (trusted proxies; see accounts/ratelimits.py)."""
        return client_ip(request)

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth keys the per-account failed-login limit on the address alone, so anyone could
        # lock anyone out; ours counts the failures per account *from one client address*.
        login = credentials.get("email", credentials.get("username", ""))
        return login_attempts_key(request, login)

    # --- People who log in with SURFconext only (no usable password) ---------------------------

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """allauth counts a person without a usable password as reauthenticated at all times (it
        has no way for them to confirm); ours confirm through SURFconext. Every caller of this
        question raises ReauthenticationRequired when the answer is yes, so raising it here is
        the same answer, for the one case allauth's own check (did_recently_reauthenticate) lets
        through."""
        required = super().is_reauthentication_required(app=app, **kwargs)
        if required and self.request is not None and sso.must_confirm_with_surfconext(self.request):
            raise ReauthenticationRequired()
        return required

    def get_reauthentication_methods(self, user) -> list[dict]:
        """Without a password, the reauthenticate page offers SURFconext (its template shows
        the button to everyone linked to SURFconext)."""
        methods = super().get_reauthentication_methods(user)
        if (
            user.is_authenticated
            and not user.has_usable_password()
            and sso.can_confirm_with_surfconext(user)
        ):
            methods.append(
                {
                    "id": sso.PROVIDER_ID,
                    "description": _("Confirm with SURFconext"),
                    "url": reverse("account_reauthenticate"),
                }
            )
        return methods

    def logout(self, request: HttpRequest) -> None:
        """Ends our session only: SURFconext offers no logout for the services behind it, so
        someone who came through it is told that SURFconext may still know them."""
        came_through_surfconext = any(
            record.get("provider") == sso.PROVIDER_ID
            for record in get_authentication_records(request, request.user)
        )
        super().logout(request)
        if came_through_surfconext:
            messages.info(
                request,
                _(
                    "You are logged out of Leerplatform. SURFconext may still remember you: "
                    "on a shared computer, close the browser as well."
                ),
            )


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Login with SURFconext (accounts/sso.py). SSO is a way to log in, not a way in: a first
    login links to an existing account only through an address both sides have verified, and
    otherwise makes a person without any membership, who still applies or is invited."""

    def is_open_for_signup(self, request, sociallogin) -> bool:
        return True

    def list_apps(self, request, provider=None, client_id=None) -> list[SocialApp]:
        """SURFconext, made from the settings, is the one app (none in the database)."""
        app = sso.surfconext_app()
        if app is None or provider not in (None, app.provider, app.provider_id):
            return []
        if client_id not in (None, app.client_id):
            return []
        return [app]

    def populate_user(self, request, sociallogin, data):
        """A newcomer's name and hogeschool (from schacHomeOrganization; unknown: left empty)."""
        user = super().populate_user(request, sociallogin, data)
        name = data.get("name") or " ".join(
            part for part in (data.get("first_name"), data.get("last_name")) if part
        )
        user.name = (name or "").strip()[:150]
        claims = sso.claims(sociallogin)
        user.institution = sso.institution_for(claims.get("schac_home_organization"))
        return user

    def can_authenticate_by_email(self, login: SocialLogin, email: str) -> bool:
        """SURFconext verified the address (email_verified, see the provider's
        extract_email_addresses) and so have we: an address nobody confirmed here links
        nothing, so allauth never needs to wipe a password for it."""
        return (
            super().can_authenticate_by_email(login, email)
            and EmailAddress.objects.filter(email__iexact=email, verified=True).exists()
        )

    def pre_social_login(self, request, sociallogin) -> None:
        if sociallogin.state.get("process") == sso.REAUTHENTICATE:
            raise ImmediateHttpResponse(self._confirm(request, sociallogin))
        user = sociallogin.user
        if sociallogin.is_existing and not sociallogin.account.pk and user.institution_id is None:
            # The first SURFconext login of an existing account (linked by verified email):
            # fill in the hogeschool if the person has none yet; never overwrite a choice.
            institution = sso.institution_for(
                sso.claims(sociallogin).get("schac_home_organization")
            )
            if institution is not None:
                user.institution = institution
                user.save(update_fields=["institution"])

    def _confirm(self, request: HttpRequest, sociallogin: SocialLogin) -> HttpResponse:
        """The person logged in confirmed who they are through SURFconext: noted as a
        reauthentication, then on with what asked for it (as allauth does after a password)."""
        user = request.user
        if not (
            user.is_authenticated and sociallogin.account.pk and sociallogin.user.pk == user.pk
        ):
            # Someone else's SURFconext account (or nobody logged in): no switch of person.
            return render(
                request,
                "socialaccount/authentication_error.html",
                {"auth_error": {"code": "not_this_person"}, "not_this_person": True},
                status=403,
            )
        sso.record_confirmation(request, sociallogin)
        next_url = sociallogin.get_redirect_url(request)
        if next_url:
            # allauth's resume reads the address from the request, as its reauthenticate form
            # posts it; here it came back through the state of the SURFconext login.
            query = request.GET.copy()
            query[REDIRECT_FIELD_NAME] = next_url
            request.GET = query  # type: ignore[assignment]
        response = reauthentication.resume_request(request)
        return response or HttpResponseRedirect(
            next_url or get_account_adapter(request).get_login_redirect_url(request)
        )

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form)
        if EmailAddress.objects.filter(user=user, verified=True).exists():
            messages.info(
                request,
                _(
                    "Welcome! You now have an account, but you do not take part in an edition "
                    "yet: apply to take part, or wait for an invitation from its facilitators."
                ),
            )
        return user

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ) -> None:
        """SURFconext unreachable (a connection error, a timeout, an error answer): the page
        says so and points to the password login."""
        if extra_context is not None:
            extra_context["provider_unreachable"] = isinstance(exception, RequestException)
        logger.warning("Login with SURFconext failed: %s (%r)", error, exception)
        super().on_authentication_error(
            request, provider, error=error, exception=exception, extra_context=extra_context
        )
