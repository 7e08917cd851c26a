"""What a login through SURFconext needs from every response: the browser may follow a login
form to SURFconext, and SURFconext being unreachable is the login-failure page, not a 500."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.helpers import render_authentication_error
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from requests import RequestException

from leerplatform.accounts import sso


class SurfconextMiddleware:
    """Two things allauth's OpenID Connect login leaves to the site:

    - Our login forms (the login page, the confirmation page, the reauthenticate page) post to
      our own login view, which redirects to SURFconext; CSP's `form-action` covers the redirect,
      so SURFconext's origin joins it while the login is on (the issuer's origin: SURFconext
      authorises on the same host).
    - The login view fetches SURFconext's discovery document before it redirects, and lets a
      connection error (or a timeout, or an error answer) through as a 500; the callback view
      already turns the same errors into its failure page. The login view gets that page too,
      through allauth's own helper, so the adapter's `on_authentication_error` marks it as
      "SURFconext is unreachable, log in with your password".
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if sso.is_configured():
            issuer = urlsplit(settings.SURFCONEXT_ISSUER)
            update = getattr(response, "_csp_update", None) or {}
            update["form-action"] = [
                *update.get("form-action", []),
                f"{issuer.scheme}://{issuer.netloc}",
            ]
            # django-csp reads a response's own additions to the policy from this attribute.
            response._csp_update = update  # type: ignore[attr-defined]
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        match = request.resolver_match
        if not isinstance(exception, RequestException) or match is None:
            return None
        if match.url_name not in ("openid_connect_login", "openid_connect_callback"):
            return None
        provider = get_adapter().get_provider(request, match.kwargs["provider_id"])
        return render_authentication_error(request, provider, exception=exception)
