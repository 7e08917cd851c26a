"""Outputs to the field: the public "Opbrengsten" page and its feed, offering a document or a final
report, an author's consents, the facilitators' overview. Thin views.

Whoever may not see a thing gets 404, exactly as for one that does not exist: a document they
may not see, an output they are not an author of. Those who see it but may not act get 403.
"""

from __future__ import annotations

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from leerplatform.core.permissions import permission_required
from leerplatform.editions.models import Edition
from leerplatform.editions.queries import hides_edition, load_edition
from leerplatform.editions.views import edition_or_404
from leerplatform.groups.queries import groups as queries_groups
from leerplatform.library import rules as library_rules
from leerplatform.library.queries import documents as library_queries
from leerplatform.membership.decorators import MemberRequest, agreements_accepted
from leerplatform.showcase.feeds import OutputsFeed
from leerplatform.showcase.forms.outputs import ConsentForm, RemindForm
from leerplatform.showcase.models import Output
from leerplatform.showcase.queries import outputs as queries
from leerplatform.showcase.services import outputs as services

# --- Public --------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD"])
def public_page(request: HttpRequest, slug: str) -> HttpResponse:
    """ "Opbrengsten": per theme, each group's published products, its final report and its public
    documents; the published closing report. Readable without an account."""
    edition = edition_or_404(request, slug)
    return render(
        request,
        "showcase/outputs.html",
        {
            "edition": edition,
            "page": queries.public_page(edition=edition, page_number=request.GET.get("page")),
            "page_url": request.build_absolute_uri(),
            "feed_url": request.build_absolute_uri(
                reverse("showcase:feed", kwargs={"slug": edition.slug})
            ),
        },
    )


_feed = OutputsFeed()


@require_http_methods(["GET", "HEAD"])
def feed(request: HttpRequest, slug: str) -> HttpResponse:
    """The Atom feed of the edition's published outputs, newest first."""
    return _feed(request, slug=slug)


# --- Offering ------------------------------------------------------------------------------------


@login_required
@require_POST
def offer_document(request: MemberRequest, pk: int) -> HttpResponse:
    """An author or a facilitator offers a library document to the field."""
    document = library_queries.document_for_page(pk=pk)
    if document is None or document.is_deleted or not library_rules.sees(request.user, document):
        raise Http404(_("This document does not exist."))
    if not rules.has_perm("showcase.offer_document", request.user, document):
        raise PermissionDenied
    try:
        services.offer_document(document=document, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "The document has been offered to the field. Its authors are asked for their "
                "consent; it is published when all of them have given it."
            ),
        )
    return redirect(document)


@login_required
@require_POST
def offer_report(request: MemberRequest, pk: int) -> HttpResponse:
    """A coordinator or a facilitator offers the group's final report to the field."""
    group = queries_groups.group_for_page(pk=pk)
    if group is None:
        raise Http404(_("This learning group does not exist."))
    if not rules.has_perm("groups.view_group", request.user, group):
        raise PermissionDenied
    if not rules.has_perm("showcase.offer_report", request.user, group):
        raise PermissionDenied
    try:
        services.offer_report(group=group, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "The final report has been offered to the field. The members of the group are "
                "asked for their consent; it is published when all of them have given it."
            ),
        )
    return redirect("groups:detail", pk=group.pk)


# --- Consent -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
@agreements_accepted
def my_consents(request: MemberRequest, slug: str) -> HttpResponse:
    """What the person is asked to consent to in this edition, with exactly what would be
    public, and their decision."""
    # Asked by hand: an author asked for consent may no longer be a member, and an unpublished
    # edition stays a 404 to them (edition_or_404) although "showcase.view_consents" passes.
    edition = edition_or_404(request, slug)
    if not rules.has_perm("showcase.view_consents", request.user, edition):
        raise PermissionDenied
    deadline = services.withdrawal_deadline(edition)
    return render(
        request,
        "showcase/consents.html",
        {
            "edition": edition,
            "consents": queries.my_consents(edition=edition, user=request.user),
            "deadline": deadline,
            "may_withdraw": services.may_still_withdraw(deadline),
        },
    )


@login_required
@require_POST
@permission_required("showcase.decide_consent", load=queries.load_output, hide=True)
def consent(request: MemberRequest, output: Output, pk: int) -> HttpResponse:
    """An author gives or withdraws their consent (POST `decision` = give | withdraw); for
    everyone else the output does not exist (404)."""
    form = ConsentForm(request.POST)
    target = redirect("showcase:consents", slug=output.edition.slug)
    if not form.is_valid():
        messages.error(request, _("Choose whether you consent or not."))
        return target
    try:
        if form.cleaned_data["decision"] == ConsentForm.GIVE:
            output = services.give_consent(output=output, author=request.user)
            if output.published_at is not None:
                messages.success(
                    request,
                    _(
                        "Thank you. Every author has consented: it is now public on the outputs page."
                    ),
                )
            else:
                messages.success(
                    request,
                    _(
                        "Thank you for your consent. It is published once every author has consented."
                    ),
                )
        else:
            services.withdraw_consent(output=output, author=request.user)
            messages.success(
                request,
                _("You have not consented: it is not public, and nowhere shown to the field."),
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    target["Location"] += f"#output-{output.pk}"
    return target


# --- The facilitators' overview ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@agreements_accepted
@permission_required("showcase.manage_outputs", load=load_edition, hide=hides_edition)
def manage(request: MemberRequest, edition: Edition, slug: str) -> HttpResponse:
    """Every output the facilitator may see, with each author's consent; reminders (POST)."""
    outputs = queries.manage_page(edition=edition, user=request.user)
    if request.method == "POST":
        form = RemindForm(request.POST)
        if form.is_valid():
            chosen = form.cleaned_data["output"]
            targets = [o for o in outputs if chosen is None or o.pk == chosen]
            reminded = services.remind_authors(edition=edition, actor=request.user, outputs=targets)
            if reminded.people:
                messages.success(
                    request,
                    ngettext(
                        "A reminder is on its way to %(people)s author.",
                        "A reminder is on its way to %(people)s authors.",
                        reminded.people,
                    )
                    % {"people": reminded.people},
                )
            else:
                messages.info(request, _("Nobody needed a reminder: no consent is waiting."))
        return redirect("showcase:manage", slug=edition.slug)
    deadline = services.withdrawal_deadline(edition)
    return render(
        request,
        "showcase/manage.html",
        {
            "edition": edition,
            "outputs": outputs,
            "waiting": sum(1 for o in outputs for c in o.consents.all() if c.status == "asked"),
            "deadline": deadline,
        },
    )
