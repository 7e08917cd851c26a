"""The profile page, a person's page, and their photo (served only to those allowed)."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from leerplatform.accounts import queries, services
from leerplatform.accounts.forms import ProfileForm
from leerplatform.accounts.models import User


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, request.FILES or None, instance=request.user)
    if request.method == "POST":
        if form.is_valid():
            services.update_profile(user=request.user, form=form)
            messages.success(request, _("Your profile has been saved."))
            return redirect("accounts:profile")
        messages.error(
            request, _("Your profile was not saved. Please correct the fields marked below.")
        )
    return render(request, "accounts/profile.html", {"form": form})


@login_required
def person(request: HttpRequest, pk: int) -> HttpResponse:
    page = queries.person_page(person_id=pk, viewer=request.user)
    # Not found and not allowed look the same: a page must not reveal that someone exists.
    if page is None or not request.user.has_perm("accounts.view_person", page.person):
        raise Http404
    return render(request, "accounts/person.html", {"page": page})


@login_required
def photo(request: HttpRequest, pk: int) -> FileResponse:
    person = get_object_or_404(User, pk=pk, is_active=True)
    if not queries.may_see_photo(person=person, viewer=request.user):
        raise Http404
    content_type = mimetypes.guess_type(person.photo.name)[0] or "application/octet-stream"
    response = FileResponse(person.photo.open("rb"), content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
