"""Erase my account: re-authenticate, read what goes and what stays, confirm.

Only the person themselves reaches this page (it acts on `request.user` alone): no facilitator
or administrator asks for or cancels someone else's erasure. allauth's
`reauthentication_required` asks for the password again (also on a POST that comes too late: it
is replayed after); with SURFconext on, a person whose only way in is SURFconext confirms there
(`accounts.sso`). Without either, the page asks for a login within the same few minutes.
"""

from __future__ import annotations

import time

from allauth.account import app_settings as allauth_settings
from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from leerplatform.accounts import sso
from leerplatform.accounts.models import User
from leerplatform.privacy.forms.erasure import EraseForm
from leerplatform.privacy.queries import erasure as queries
from leerplatform.privacy.receivers import LOGGED_IN_AT
from leerplatform.privacy.services import erasure as services


class PersonRequest(HttpRequest):
    """For type checking: behind `@login_required` the user is a person."""

    user: User


def _logged_in_recently(request: HttpRequest) -> bool:
    """A login, or a confirmation through SURFconext (which `reauthentication_required` asks of
    a person with a linked SURFconext account), within allauth's reauthentication timeout."""
    logged_in_at = request.session.get(LOGGED_IN_AT) or 0
    if time.time() - logged_in_at < allauth_settings.REAUTHENTICATION_TIMEOUT:
        return True
    return sso.confirmed_recently(request)


@login_required
@reauthentication_required
@require_http_methods(["GET", "POST"])
def erase(request: PersonRequest) -> HttpResponse:
    user = request.user
    if not user.has_usable_password() and not _logged_in_recently(request):
        path = request.get_full_path()
        logout(request)
        messages.info(request, _("Log in again to erase your account."))
        return redirect(f"{reverse('account_login')}?{urlencode({REDIRECT_FIELD_NAME: path})}")
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        due_at = services.request_erasure(
            user=user,  # the signed-in person, and no one else
            delete_documents=form.cleaned_data["delete_documents"],
        )
        logout(request)
        due_on = formats.date_format(timezone.localdate(due_at), "DATE_FORMAT")
        messages.success(
            request,
            _(
                "Your account will be erased on %(date)s. Changed your mind? Log in before "
                "then and it stays."
            )
            % {"date": due_on},
        )
        return redirect("editions:home")
    page = queries.erase_page(user=user)
    return render(request, "privacy/erase.html", {"page": page, "form": form})
