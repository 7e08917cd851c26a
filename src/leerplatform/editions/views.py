"""Edition pages: the public page, the member dashboard and the facilitator's phase control."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from leerplatform.editions import queries, services
from leerplatform.editions.forms import PhaseForm
from leerplatform.editions.models import Edition, Phase
from leerplatform.membership.decorators import agreements_accepted


def edition_or_404(request: HttpRequest, slug: str) -> Edition:
    edition = queries.edition_for_page(slug=slug, user=request.user)
    if edition is None:
        raise Http404(_("This edition does not exist."))
    return edition


def home(request: HttpRequest) -> HttpResponse:
    """What the platform is: the current edition's public page, and other editions."""
    edition = queries.current_edition()
    context = {
        "other_editions": list(
            queries.published_editions().exclude(pk=getattr(edition, "pk", None))
        )
    }
    if edition is not None:
        context |= {"edition": edition, "overview": queries.edition_overview(edition=edition)}
    return render(request, "editions/home.html", context)


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    edition = edition_or_404(request, slug)
    return render(
        request,
        "editions/detail.html",
        {"edition": edition, "overview": queries.edition_overview(edition=edition)},
    )


@login_required
def my_dashboard(request: HttpRequest) -> HttpResponse:
    """Where people land after logging in: their newest edition's dashboard."""
    edition = queries.latest_membership_edition(user=request.user)
    if edition is None:
        from leerplatform.membership.queries_applications import has_applications

        if has_applications(user=request.user):
            # Applied but not (yet) admitted: where their applications stand.
            return redirect("membership:my_applications")
        messages.info(request, _("You are not taking part in an edition yet."))
        return redirect("accounts:profile")
    return redirect("editions:dashboard", slug=edition.slug)


@login_required
@agreements_accepted
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    edition = edition_or_404(request, slug)
    if not request.user.has_perm("editions.view_dashboard", edition):
        raise PermissionDenied
    return render(
        request,
        "editions/dashboard.html",
        {"edition": edition, "dashboard": queries.dashboard(edition=edition, user=request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def change_phase(request: HttpRequest, slug: str) -> HttpResponse:
    edition = edition_or_404(request, slug)
    if not request.user.has_perm("editions.change_phase", edition):
        raise PermissionDenied
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
