"""Continuing in another form: a facilitator starts a new edition from a closed one, and each
invited participant answers whether they continue. Thin views."""

from __future__ import annotations

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from leerplatform.core.permissions import permission_required
from leerplatform.editions.models import Edition
from leerplatform.editions.queries import hides_edition, load_edition
from leerplatform.membership.decorators import MemberRequest
from leerplatform.showcase.forms.continuation import AnswerForm, ContinueEditionForm
from leerplatform.showcase.queries import continuation as queries
from leerplatform.showcase.services import continuation as services


@login_required
@require_http_methods(["GET", "POST"])
@permission_required("showcase.continue_edition", load=load_edition, hide=hides_edition)
def start(request: MemberRequest, edition: Edition, slug: str) -> HttpResponse:
    """The form for a new edition built from this closed one; for an edition that is not closed,
    the reason it cannot be continued yet. Also how the invited people answered so far."""
    refusal = services.refusal(edition=edition, actor=request.user)
    form = ContinueEditionForm(
        request.POST if request.method == "POST" and not refusal else None,
        groups=queries.continuable_groups(edition=edition),
    )
    if request.method == "POST" and not refusal and form.is_valid():
        try:
            new = services.continue_edition(
                edition=edition,
                actor=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "The new edition “%(name)s” has been started. The participants of “%(old)s” "
                    "are invited by email to continue."
                )
                % {"name": new.name, "old": edition.name},
            )
            return redirect("editions:dashboard", slug=new.slug)
    return render(
        request,
        "showcase/continue.html",
        {
            "edition": edition,
            "form": None if refusal else form,
            "refusal": refusal,
            "refused_post": request.method == "POST" and bool(refusal),
            "continuations": queries.continuations_of(edition=edition),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def answer(request: MemberRequest, slug: str) -> HttpResponse:
    """An invited participant's answer: continue (and in which carried-over groups) or not. The
    answer can change until the new edition leaves orientation."""
    invitation = queries.invitation_for(slug=slug, user=request.user)
    if invitation is None or not rules.has_perm(
        "showcase.answer_continuation", request.user, invitation
    ):
        raise Http404(_("There is no invitation to continue in this edition for you."))
    page = queries.answer_page(invitation=invitation)
    edition = invitation.edition
    is_open = services.is_open_for_answers(edition)
    initial: dict[str, object] = {"groups": sorted(page.chosen)}
    if invitation.status != "asked":
        initial["continues"] = "yes" if invitation.status == "continues" else "no"
    form = AnswerForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        groups=queries.choosable_groups(invitation=invitation),
        max_groups=edition.max_groups_per_person,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_continuation(
                invitation=invitation,
                actor=request.user,
                continues=form.cleaned_data["continues"],
                groups=form.cleaned_data["groups"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if form.cleaned_data["continues"]:
                messages.success(
                    request,
                    _("Welcome to “%(name)s”: you continue in the new edition.")
                    % {"name": edition.name},
                )
            else:
                messages.success(
                    request,
                    _("Your answer has been saved: you do not continue in “%(name)s”.")
                    % {"name": edition.name},
                )
            return redirect("showcase:continue_answer", slug=edition.slug)
    return render(
        request,
        "showcase/continuation_answer.html",
        {"edition": edition, "page": page, "form": form, "is_open": is_open},
    )
