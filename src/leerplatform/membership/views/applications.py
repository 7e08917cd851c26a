"""Applying to take part, confirming the address, and the facilitators' review of applications."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from leerplatform.accounts import ratelimits
from leerplatform.accounts.models import User
from leerplatform.core.permissions import permission_required
from leerplatform.editions.models import Edition
from leerplatform.editions.queries import hides_edition, load_edition
from leerplatform.editions.rules import roles_of
from leerplatform.editions.views import edition_or_404
from leerplatform.membership.decorators import MemberRequest
from leerplatform.membership.forms.applications import (
    ApplicationForm,
    BulkDecisionForm,
    DecisionForm,
)
from leerplatform.membership.models import ApplicationStatus
from leerplatform.membership.queries import applications as queries
from leerplatform.membership.services import applications as services

LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"


# --- Applying ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, slug: str) -> HttpResponse:
    """The public application form; a page that says so when the edition takes no applications."""
    edition = edition_or_404(request, slug)
    if edition.pk in roles_of(request.user):
        messages.info(request, _("You already take part in this edition."))
        return redirect("editions:dashboard", slug=edition.slug)
    if not request.user.has_perm("membership.apply", edition):
        # A page that says so (200), also for a form posted just after the last day to apply.
        return render(
            request,
            "membership/apply_closed.html",
            {"edition": edition, "calendar_closed": edition.applications_have_closed()},
        )
    user = request.user if request.user.is_authenticated else None
    if user is not None and queries.is_email_taken(edition=edition, email=user.email):
        messages.info(request, _("You have already applied to this edition."))
        return redirect("membership:my_applications")
    form = ApplicationForm(request.POST or None, edition=edition, user=user)
    if request.method == "POST":
        email = form.cleaned_data["email"] if form.is_valid() else None
        if not ratelimits.allow_post(request, "apply", email=email):
            # Too many posts from this IP or for this address: the form again, nothing saved.
            context = {"edition": edition, "form": form, "limited": True}
            context["limit_message"] = ratelimits.limit_message()
            return render(request, "membership/apply.html", context, status=429)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_application(
                edition=edition,
                applicant=user,
                **form.service_arguments(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # The same answer for a new address, an earlier applicant and a member: the email
            # says which applies (the page must not tell who takes part).
            return redirect("membership:apply_sent", slug=edition.slug)
    return render(request, "membership/apply.html", {"edition": edition, "form": form})


def apply_sent(request: HttpRequest, slug: str) -> HttpResponse:
    """After applying: check your email."""
    edition = edition_or_404(request, slug)
    return render(request, "membership/apply_sent.html", {"edition": edition})


def _invalid_link(request: HttpRequest, *, is_used: bool) -> HttpResponse:
    # 404 for a link we never sent, 410 (gone) for one that has done its work.
    return render(
        request,
        "membership/application_link_invalid.html",
        {"is_used": is_used},
        status=410 if is_used else 404,
    )


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the confirmation email: confirm the address (and choose a password when the
    person has none); the application is attached to the address's account only now.

    Nothing changes on GET (mail scanners open links); the person confirms with a button or
    by choosing their password. Someone who chose their password here is logged in; the owner
    of an existing account logs in with their own password (the link is not a login).
    """
    if request.method == "POST" and not ratelimits.allow_post(request, "link_post"):
        return ratelimits.respond_429(request)
    application = queries.application_by_token(token=token)
    if application is None:
        return _invalid_link(request, is_used=False)
    if services.token_is_used(application):
        return _invalid_link(request, is_used=True)
    account = services.account_for(application)
    form = None
    if account is None or not account.has_usable_password():
        person = account or User(email=application.email, name=application.name)
        form = SetPasswordForm(person, request.POST or None)
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            application = services.confirm_application_email(
                application=application,
                password=form.cleaned_data["new_password1"] if form is not None else None,
            )
        except ValidationError:
            return _invalid_link(request, is_used=True)
        messages.success(request, _("Thank you: your email address is confirmed."))
        if form is not None:
            login(request, application.user, backend=LOGIN_BACKEND)
        elif request.user != application.user:
            messages.info(request, _("Log in to follow your application."))
            url = reverse("account_login")
            return redirect(f"{url}?{urlencode({'next': reverse('membership:my_applications')})}")
        return redirect("membership:my_applications")
    return render(
        request,
        "membership/application_verify.html",
        {"application": application, "form": form},
    )


@login_required
def my_applications(request: MemberRequest) -> HttpResponse:
    """A person's own applications and where each stands."""
    return render(
        request,
        "membership/my_applications.html",
        {"applications": queries.applications_of(user=request.user)},
    )


# --- Review --------------------------------------------------------------------------------------


def _selected_ids(values: list[str]) -> set[int]:
    return {int(v) for v in values if v.isdigit()}


def _report(request: HttpRequest, decision: str, outcome: services.BulkOutcome) -> None:
    count = len(outcome.done)
    if count:
        text = {
            services.ACCEPT: ngettext(
                "%(count)s application accepted.", "%(count)s applications accepted.", count
            ),
            services.DECLINE: ngettext(
                "%(count)s application declined.", "%(count)s applications declined.", count
            ),
            services.WAITLIST: ngettext(
                "%(count)s application put on the waiting list.",
                "%(count)s applications put on the waiting list.",
                count,
            ),
        }[decision]
        messages.success(request, text % {"count": count})
    if outcome.full:
        messages.error(
            request,
            _(
                "The edition is full, so these could not be accepted: %(names)s. They are still "
                "selected below: put them on the waiting list?"
            )
            % {"names": ", ".join(a.name for a in outcome.full)},
        )
    for application, reason in outcome.refused:
        messages.warning(request, f"{application.name}: {reason}")


@login_required
@require_http_methods(["GET", "POST"])
@permission_required("membership.review_applications", load=load_edition, hide=hides_edition)
def review(request: MemberRequest, edition: Edition, slug: str) -> HttpResponse:
    """The queue of applications, with eligibility flags and one decision for a selection."""
    status = request.GET.get("status", "")
    if request.method == "POST":
        form = BulkDecisionForm(request.POST, edition=edition)
        if form.is_valid():
            decision = form.cleaned_data["decision"]
            try:
                outcome = services.decide_applications(
                    edition=edition,
                    applications=form.cleaned_data["applications"],
                    decision=decision,
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                    confirm_after_close=bool(form.cleaned_data.get(services.CONFIRM_AFTER_CLOSE)),
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                _report(request, decision, outcome)
                query: dict[str, object] = {"status": status} if status else {}
                if outcome.full:
                    query |= {"decision": services.WAITLIST, "select": [a.pk for a in outcome.full]}
                url = reverse("membership:review", kwargs={"slug": edition.slug})
                return redirect(f"{url}?{urlencode(query, doseq=True)}" if query else url)
        selected = _selected_ids(request.POST.getlist("applications"))
    else:
        decision = request.GET.get("decision")
        form = BulkDecisionForm(
            edition=edition, initial={"decision": decision} if decision else None
        )
        selected = _selected_ids(request.GET.getlist("select"))
    queue = queries.review_queue(edition=edition, status=status, page=request.GET.get("page", 1))
    return render(
        request,
        "membership/review.html",
        {
            "edition": edition,
            "queue": queue,
            "form": form,
            "selected": selected,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@permission_required("membership.review_applications", load=load_edition, hide=hides_edition)
def application_detail(
    request: MemberRequest, edition: Edition, slug: str, pk: int
) -> HttpResponse:
    """One application in full, with the decision form."""
    row = queries.application_for_review(edition=edition, pk=pk)
    if row is None:
        raise Http404(_("This application does not exist."))
    application = row.application
    initial = {"decision": request.GET.get("decision")} if request.GET.get("decision") else None
    closed = edition.applications_have_closed()
    form = DecisionForm(
        request.POST or None,
        initial=initial,
        status=application.status,
        closed_edition=edition if closed else None,
    )
    if request.method == "POST" and form.is_valid():
        decision = form.cleaned_data["decision"]
        try:
            if decision == services.ACCEPT:
                services.accept_application(
                    application=application,
                    actor=request.user,
                    confirm_after_close=bool(form.cleaned_data.get(services.CONFIRM_AFTER_CLOSE)),
                )
            elif decision == services.DECLINE:
                services.decline_application(
                    application=application,
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                )
            else:
                services.waitlist_application(application=application, actor=request.user)
        except services.EditionFull as error:
            messages.error(request, " ".join(error.messages))
            url = reverse("membership:application_detail", kwargs={"slug": slug, "pk": pk})
            return redirect(f"{url}?decision={services.WAITLIST}")
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("Decision saved for %(name)s; they receive an email.")
                % {"name": application.name},
            )
            return redirect("membership:review", slug=edition.slug)
    return render(
        request,
        "membership/application_detail.html",
        {
            "edition": edition,
            "row": row,
            "application": application,
            "form": form,
            "capacity": queries.capacity(edition=edition),
            "can_decide": application.status
            in (ApplicationStatus.SUBMITTED, ApplicationStatus.WAITLISTED),
            "applications_closed": closed,
        },
    )


@login_required
@require_POST
@permission_required("membership.review_applications", load=load_edition, hide=hides_edition)
def promote(request: MemberRequest, edition: Edition, slug: str, pk: int) -> HttpResponse:
    """One click: accept an application from the waiting list, if a place is free."""
    row = queries.application_for_review(edition=edition, pk=pk)
    if row is None:
        raise Http404(_("This application does not exist."))
    try:
        services.promote_from_waitlist(
            application=row.application,
            actor=request.user,
            confirm_after_close=request.POST.get(services.CONFIRM_AFTER_CLOSE) == "on",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s has been accepted from the waiting list.") % {"name": row.application.name},
        )
    return redirect("membership:application_detail", slug=edition.slug, pk=pk)
