"""The profile page, a person's page, and their photo (served only to those allowed)."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from leerplatform.accounts import queries, services
from leerplatform.accounts.forms import ProfileForm
from leerplatform.accounts.models import User
from leerplatform.core.permissions import permission_required


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, request.FILES or None, instance=request.user)
    if request.method == "POST":
        if form.is_valid():
            services.update_profile(user=form.instance, form=form)  # the signed-in person
            messages.success(request, _("Your profile has been saved."))
            return redirect("accounts:profile")
        messages.error(
            request, _("Your profile was not saved. Please correct the fields marked below.")
        )
    return render(request, "accounts/profile.html", {"form": form})


# Not found and not allowed look the same (hide=True): a page must not reveal that someone exists.
@login_required
@permission_required("accounts.view_person", load=queries.active_person, hide=True)
def person(request: HttpRequest, person: User, pk: int) -> HttpResponse:
    page = queries.person_page(person=person, viewer=request.user)
    return render(request, "accounts/person.html", {"page": page})


@login_required
@permission_required("accounts.view_photo", load=queries.photo_owner, hide=True)
def photo(request: HttpRequest, person: User, pk: int) -> FileResponse:
    content_type = mimetypes.guess_type(person.photo.name)[0] or "application/octet-stream"
    response = FileResponse(person.photo.open("rb"), content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
