"""Mijn gegevens: download my data, the consents I gave, erasing my account."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from leerplatform.accounts.models import User
from leerplatform.privacy.queries import exports
from leerplatform.privacy.queries.my_data import consents_of


@login_required
@require_safe
def my_data(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "privacy/my_data.html",
        {
            "exports": exports.for_person(request.user),
            "consents": consents_of(cast(User, request.user)),
        },
    )
