"""The facilitator's phase control and contact persons, and the edition every edition page
starts from. The public page and the dashboards show more than the edition: they are
pages.views."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from leerplatform.core.permissions import permission_required
from leerplatform.editions import queries, services
from leerplatform.editions.forms import ContactForm, PhaseForm
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


# --- Contact persons ("Meer weten?") ---------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@permission_required(
    "editions.manage_contacts", load=queries.load_edition, hide=queries.hides_edition
)
def contacts(request: HttpRequest, edition: Edition, slug: str) -> HttpResponse:
    """The facilitators' list of the edition's contact persons, with a form to add one."""
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.save_contact(
                edition=edition, actor=request.user, data=form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("%(name)s is now a contact person.") % {"name": contact.name}
            )
            return redirect("editions:contacts", slug=edition.slug)
    return render(
        request,
        "editions/contacts.html",
        {"edition": edition, "form": form, "contacts": queries.contacts_of(edition=edition)},
    )


@login_required
@require_http_methods(["GET", "POST"])
@permission_required(
    "editions.manage_contacts", load=queries.load_edition, hide=queries.hides_edition
)
def edit_contact(request: HttpRequest, edition: Edition, slug: str, pk: int) -> HttpResponse:
    """Change one contact person."""
    contact = queries.contact_of(edition=edition, pk=pk)
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_contact(
                edition=edition, actor=request.user, data=form.cleaned_data, contact=contact
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The contact person has been saved."))
            return redirect("editions:contacts", slug=edition.slug)
    return render(
        request,
        "editions/contact_form.html",
        {"edition": edition, "form": form, "contact": contact},
    )


@login_required
@require_POST
@permission_required(
    "editions.manage_contacts", load=queries.load_edition, hide=queries.hides_edition
)
def remove_contact(request: HttpRequest, edition: Edition, slug: str, pk: int) -> HttpResponse:
    """Take one contact person off the public pages."""
    contact = queries.contact_of(edition=edition, pk=pk)
    services.remove_contact(contact=contact, actor=request.user)
    messages.success(request, _("%(name)s is no longer a contact person.") % {"name": contact.name})
    return redirect("editions:contacts", slug=edition.slug)
