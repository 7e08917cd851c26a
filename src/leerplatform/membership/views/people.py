"""The people of an edition: collaboration agreements, "Who is who", institutions, leaving."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from leerplatform.core import fragments
from leerplatform.core.permissions import permission_required
from leerplatform.editions.models import Edition, Membership, Role
from leerplatform.editions.queries import hides_edition, load_edition
from leerplatform.editions.rules import is_member, is_participant
from leerplatform.membership.decorators import MemberRequest, agreements_accepted
from leerplatform.membership.forms.people import (
    AgreementsForm,
    DirectoryFilterForm,
    EndParticipationForm,
)
from leerplatform.membership.queries import people as queries
from leerplatform.membership.services import agreements as agreement_services
from leerplatform.membership.services import participation

# Accepting the agreements (a POST) also needs a member: staff read them but have nothing to accept.


def _allowed_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@login_required
@require_http_methods(["GET", "POST"])
@permission_required("membership.view_agreements", load=load_edition, hide=hides_edition)
def agreements(request: MemberRequest, edition: Edition, slug: str) -> HttpResponse:
    """The current agreements; participants accept them here (POST)."""
    if request.method == "POST":
        if not is_member(request.user, edition):
            raise PermissionDenied
        agreement = agreement_services.current_agreement(edition=edition)
        if agreement is None or str(agreement.version) != request.POST.get("version"):
            messages.warning(
                request,
                _("A new version of the agreements has been published. Please read it first."),
            )
            return redirect(request.get_full_path())
        try:
            agreement_services.accept_agreements(agreement=agreement, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(request.get_full_path())
        messages.success(request, _("Thank you: you have accepted the collaboration agreements."))
        return redirect(
            _allowed_next(request, reverse("editions:dashboard", kwargs={"slug": edition.slug}))
        )
    can_publish = request.user.has_perm("membership.publish_agreements", edition)
    page = queries.agreements_page(
        edition=edition,
        user=request.user,
        with_acceptances=can_publish,
        page_number=request.GET.get("page"),
    )
    return render(
        request,
        "membership/agreements.html",
        {
            "edition": edition,
            "page": page,
            "can_accept": is_participant(request.user, edition)
            and page.agreement is not None
            and page.my_acceptance is None,
            "next": _allowed_next(request, ""),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@permission_required("membership.publish_agreements", load=load_edition, hide=hides_edition)
def edit_agreements(request: MemberRequest, edition: Edition, slug: str) -> HttpResponse:
    """Facilitators write and publish a new version of the agreements."""
    current = agreement_services.current_agreement(edition=edition)
    form = AgreementsForm(request.POST or None, initial={"text": current.text if current else ""})
    if request.method == "POST" and form.is_valid():
        try:
            agreement = agreement_services.publish_agreements(
                edition=edition, text=form.cleaned_data["text"], actor=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Version %(version)s of the agreements has been published.")
                % {"version": agreement.version},
            )
            return redirect("membership:agreements", slug=edition.slug)
    return render(
        request,
        "membership/agreements_edit.html",
        {"edition": edition, "form": form, "current": current},
    )


@login_required
@agreements_accepted
@permission_required("membership.view_directory", load=load_edition, hide=hides_edition)
def directory(request: MemberRequest, edition: Edition, slug: str) -> HttpResponse:
    """ "Who is who": the active members as cards, with filters that never reveal hidden fields."""

    def read() -> dict:
        choices = queries.directory_choices(edition=edition, viewer=request.user)
        form = DirectoryFilterForm(
            request.GET or None, institutions=choices.institutions, themes=choices.themes
        )
        filters = form.filters() if form.is_bound else {}
        result = queries.directory(
            edition=edition, viewer=request.user, page_number=request.GET.get("page"), **filters
        )
        return {
            "form": form,
            "directory": result,
            "is_filtered": any(filters.values()),
            # The folded "Filters" panel counts what is set in it (the name search stays in view).
            "filter_count": sum(1 for name in ("institution_id", "theme_id") if filters.get(name)),
        }

    template = "membership/directory.html"
    if getattr(request, "htmx", False) and request.htmx.target == "directory-results":
        return render(request, template + "#results", {"edition": edition, **read()})
    # A whole page: a shared fragment (core.fragments), read only when it is not in the cache.
    context = {
        "edition": edition,
        "viewer_key": queries.directory_viewer_key(request.user),
        **fragments.lazy_context(read, ("form", "directory", "is_filtered", "filter_count")),
    }
    return render(request, template, context)


@login_required
@agreements_accepted
@permission_required("membership.view_directory", load=load_edition, hide=hides_edition)
def institutions(request: MemberRequest, edition: Edition, slug: str) -> HttpResponse:
    """How many participants each institution has, as a bar chart and a table."""
    return render(
        request,
        "membership/institutions.html",
        {"edition": edition, "overview": queries.institutions_overview(edition=edition)},
    )


@login_required
@require_http_methods(["GET", "POST"])
@permission_required("membership.leave", load=load_edition, hide=hides_edition)
def leave(request: MemberRequest, edition: Edition, slug: str) -> HttpResponse:
    """A participant leaves the edition (no agreements needed to leave)."""
    if request.method == "POST":
        try:
            participation.leave_edition(edition=edition, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("editions:dashboard", slug=edition.slug)
        messages.success(
            request,
            _("You have left “%(edition)s”. What you shared stays in the edition.")
            % {"edition": edition.name},
        )
        return redirect("accounts:profile")
    return render(request, "membership/leave.html", {"edition": edition})


@login_required
@require_http_methods(["GET", "POST"])
@permission_required("membership.end_participation", load=load_edition, hide=hides_edition)
def end_participation(
    request: MemberRequest, edition: Edition, slug: str, user_id: int
) -> HttpResponse:
    """A facilitator ends a participant's membership, with an optional reason."""
    membership = (
        Membership.objects.active()
        .filter(edition=edition, user_id=user_id)
        .select_related("user")
        .first()
    )
    if membership is None:
        raise Http404(_("This person is not taking part in this edition."))
    person = membership.user
    refusal = None
    if person.pk == request.user.pk:
        refusal = _("You cannot end your own membership here.")
    elif membership.role == Role.FACILITATOR:
        refusal = _("A facilitator's membership cannot be ended here; ask an administrator.")
    form = EndParticipationForm(request.POST or None)
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            participation.end_participation(
                edition=edition,
                user=person,
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            refusal = " ".join(error.messages)
        else:
            messages.success(
                request,
                _("The participation of %(name)s in this edition has ended.")
                % {"name": person.name},
            )
            return redirect("membership:directory", slug=edition.slug)
    if request.method == "POST" and refusal is not None:
        messages.error(request, refusal)
        return redirect("membership:directory", slug=edition.slug)
    return render(
        request,
        "membership/end_participation.html",
        {"edition": edition, "person": person, "form": form, "refusal": refusal},
    )
