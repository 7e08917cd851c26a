"""The test's controls: who the provider knows, and where it may send people back to."""

from __future__ import annotations

import json
import os
import secrets

from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from oauth2_provider.models import get_application_model

from tests.oidc_provider.models import Person


def _allowed(request: HttpRequest) -> bool:
    token = os.environ["OIDC_PROVIDER_CONTROL_TOKEN"]
    return secrets.compare_digest(request.headers.get("X-Control-Token", ""), token)


@csrf_exempt
@require_POST
def person(request: HttpRequest) -> HttpResponse:
    """Make or change a user: {"username", "password", "claims": {...}}."""
    if not _allowed(request):
        return HttpResponseForbidden()
    data = json.loads(request.body)
    user, _created = User.objects.get_or_create(username=data["username"])
    user.set_password(data["password"])
    user.save()
    Person.objects.update_or_create(user=user, defaults={"claims": data.get("claims", {})})
    return HttpResponse(status=204)


@csrf_exempt
@require_POST
def redirect_uri(request: HttpRequest) -> HttpResponse:
    """Allow one more callback address for the test's client: {"client_id", "uri"}."""
    if not _allowed(request):
        return HttpResponseForbidden()
    data = json.loads(request.body)
    application = get_application_model().objects.get(client_id=data["client_id"])
    uris = application.redirect_uris.split()
    if data["uri"] not in uris:
        application.redirect_uris = " ".join([*uris, data["uri"]])
        application.save(update_fields=["redirect_uris"])
    return HttpResponse(status=204)
