"""The facilitator's phase control, and the edition every edition page starts from. The public page
and the dashboards show more than the edition: they are pages.views."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from leerplatform.core.permissions import permission_required
from leerplatform.editions import queries, services
from leerplatform.editions.forms import PhaseForm
from leerplatform.editions.models import Edition, Phase


def edition_or_404(request: HttpRequest, slug: str) -> Edition:
    """The edition, if this person may see it (an unpublished one: its members and staff)."""
    edition = queries.edition_for_page(slug=slug, user=request.user)
    if edition is None:
        raise Http404(_("This edition does not exist."))
    return edition


@login_required
@require_http_methods(["GET", "POST"])
@permission_required("editions.change_phase", load=queries.load_edition, hide=queries.hides_edition)
def change_phase(request: HttpRequest, edition: Edition, slug: str) -> HttpResponse:
    form = PhaseForm(request.POST or None, initial={"phase": edition.phase})
    if request.method == "POST" and form.is_valid():
        try:
            edition = services.change_phase(
                edition=edition, phase=form.cleaned_data["phase"], actor=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The edition is now in the phase “%(phase)s”.")
                % {"phase": Phase(edition.phase).label},
            )
            return redirect("editions:change_phase", slug=edition.slug)
    return render(
        request,
        "editions/phase.html",
        {"edition": edition, "form": form, "history": queries.phase_history(edition=edition)},
    )
