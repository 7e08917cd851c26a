"""Documents: adding one, its page, changing it, deleting it to the bin, the bin, restoring.

Thin views: parse, check the permission, call a service or a query, render. A document the
viewer may not see answers 404, exactly as one that does not exist (a visitor is asked to log
in first, for any document); one they see but may not act on answers 403.
"""

from __future__ import annotations

import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from leerplatform.core.permissions import permission_required
from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Edition
from leerplatform.editions.queries import hides_edition, load_edition
from leerplatform.library import rules as library_rules
from leerplatform.library.forms.documents import DocumentForm
from leerplatform.library.models import Document
from leerplatform.library.queries import documents as queries
from leerplatform.library.queries.files import files_of
from leerplatform.library.services import documents as services
from leerplatform.library.services import files as file_services
from leerplatform.membership.decorators import MemberRequest, agreements_accepted, agreements_first


def _document(request: HttpRequest, pk: int, perm: str, *, alive: bool = True) -> Document:
    """The document if the viewer may see it and `perm` on it; 404 when they may not see it
    (or it is in the bin and `alive`), 403 when they see it but `perm` is refused. Asked here,
    not declared with `permission_required`: two answers (404, then 403) from two rules."""
    document = queries.document_for_page(pk=pk)
    if (
        document is None
        or not library_rules.sees(request.user, document)
        or document.is_deleted == alive
    ):
        raise Http404(_("This document does not exist."))
    # rules.has_perm, not user.has_perm: a superuser passes every has_perm, but group-only
    # documents are for the group's members only.
    if not rules.has_perm(perm, request.user, document):
        raise PermissionDenied
    return document


def _saved(request: HttpRequest, document: Document, done: str) -> None:
    """The success message; for a document waiting for its authors' consent, what happens next."""
    if document.visibility != Visibility.PUBLIC and queries.is_offer_open(document):
        done = _(
            "%(done)s It becomes public once every author has agreed: each author is asked for "
            "consent. Until then it is not public."
        ) % {"done": done}
    messages.success(request, done)


@login_required
@agreements_accepted
@require_http_methods(["GET", "POST"])
@permission_required("library.add_document", load=load_edition, hide=hides_edition)
def create(request: MemberRequest, edition: Edition, slug: str) -> HttpResponse:
    """A member adds a document with one or more files; `?group=<pk>` starts it for that group."""
    form = DocumentForm(
        request.POST or None,
        request.FILES or None,
        edition=edition,
        actor=request.user,
        preselect_group=request.GET.get("group"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            document = services.create_document(
                edition=edition,
                actor=request.user,
                uploads=form.cleaned_data["files"],
                **form.service_arguments(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            _saved(request, document, _("The document has been added to the library."))
            return redirect(document)
    return render(
        request, "library/document_form.html", {"edition": edition, "form": form, "document": None}
    )


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A document: its text, facts, licence and files."""
    document = queries.document_for_page(pk=pk)
    if document is None or not rules.has_perm("library.view_document", request.user, document):
        if not request.user.is_authenticated:
            # Members follow links while logged out; asking everyone the same keeps it secret
            # whether a document exists.
            return redirect_to_login(request.get_full_path())
        raise Http404(_("This document does not exist."))
    if request.method == "GET":
        # Reading is taking: once per person per document, never one's own (the service decides).
        file_services.record_read(document=document, user=request.user)
    return render(
        request,
        "library/document.html",
        {
            "edition": document.edition,
            "document": document,
            "attachments": files_of(document),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: MemberRequest, pk: int) -> HttpResponse:
    """Its authors, its group and the facilitators change a document's facts and text."""
    document = _document(request, pk, "library.change_document")
    if response := agreements_first(request, document.edition.slug):
        return response
    form = DocumentForm(
        request.POST or None, edition=document.edition, actor=request.user, document=document
    )
    if request.method == "POST" and form.is_valid():
        try:
            document = services.change_document(
                document=document,
                actor=request.user,
                **form.service_arguments(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            _saved(request, document, _("The document has been saved."))
            return redirect(document)
    return render(
        request,
        "library/document_form.html",
        {"edition": document.edition, "form": form, "document": document},
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: MemberRequest, pk: int) -> HttpResponse:
    """Asks, then moves the document to the bin."""
    document = _document(request, pk, "library.delete_document")
    if response := agreements_first(request, document.edition.slug):
        return response
    if request.method == "POST":
        services.delete_document(document=document, actor=request.user)
        messages.success(
            request,
            ngettext(
                "“%(title)s” is in the bin. You can restore it there for %(days)s day.",
                "“%(title)s” is in the bin. You can restore it there for %(days)s days.",
                _bin_days(),
            )
            % {"title": document.title, "days": _bin_days()},
        )
        return redirect("library:library", slug=document.edition.slug)
    return render(
        request,
        "library/document_delete.html",
        {"edition": document.edition, "document": document, "bin_days": _bin_days()},
    )


def _bin_days() -> int:
    return settings.LIBRARY_BIN_DAYS


@login_required
@agreements_accepted
@require_http_methods(["GET"])
@permission_required("library.view_bin", load=load_edition, hide=hides_edition)
def bin(request: MemberRequest, edition: Edition, slug: str) -> HttpResponse:
    """The edition's deleted documents the viewer may restore, with when each goes for good."""
    return render(
        request,
        "library/bin.html",
        {
            "edition": edition,
            "page": queries.bin_page(
                edition=edition, user=request.user, page_number=request.GET.get("page")
            ),
            "bin_days": _bin_days(),
        },
    )


@login_required
@require_POST
def restore(request: MemberRequest, pk: int) -> HttpResponse:
    """Takes a document out of the bin."""
    document = _document(request, pk, "library.restore_document", alive=False)
    if response := agreements_first(request, document.edition.slug):
        return response
    try:
        services.restore_document(document=document, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("library:bin", slug=document.edition.slug)
    messages.success(request, _("“%(title)s” has been restored.") % {"title": document.title})
    return redirect(document)
