"""The member's dashboard, and where people land after logging in."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from leerplatform.core import visitor_cache
from leerplatform.core.permissions import permission_required
from leerplatform.editions.models import Edition, Membership
from leerplatform.editions.queries import hides_edition, load_edition, most_relevant_edition
from leerplatform.membership.decorators import agreements_accepted
from leerplatform.membership.queries.applications import has_applications
from leerplatform.pages.queries.dashboard import dashboard as dashboard_of


@login_required
def my_dashboard(request: HttpRequest) -> HttpResponse:
    """Where people land after logging in: the dashboard of their most relevant edition (an open
    one before one that is over, the newest first; the others are under "Mijn edities")."""
    edition = most_relevant_edition(user=request.user)
    if edition is None:
        if has_applications(user=request.user):
            # Applied but not (yet) admitted: where their applications stand.
            return redirect("membership:my_applications")
        messages.info(request, _("You are not taking part in an edition yet."))
        return redirect("accounts:profile")
    return redirect("editions:dashboard", slug=edition.slug)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@agreements_accepted
@permission_required("editions.view_dashboard", load=load_edition, hide=hides_edition)
def dashboard(request: HttpRequest, edition: Edition, slug: str) -> HttpResponse:
    if request.method == "POST":
        if "dismiss_onboarding" in request.POST:
            # The member puts their first steps away: kept on their membership of the edition.
            Membership.objects.active().filter(
                edition=edition, user=request.user.pk, onboarding_dismissed_at__isnull=True
            ).update(onboarding_dismissed_at=timezone.now())
            visitor_cache.content_changed()  # an update sends no signal: what "me" kept is old
        return redirect("editions:dashboard", slug=edition.slug)
    return render(
        request,
        "editions/dashboard.html",
        {"edition": edition, "dashboard": dashboard_of(edition=edition, user=request.user)},
    )
