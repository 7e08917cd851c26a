"""A document's files: adding one, a file's history, a new version, restoring one, downloads.

Thin views: parse, check the permission, call a service or a query, render. A document one may not
see answers 404 on every page here, its files and versions included (a deleted document's too, a
guessed version id, a version in another edition); one who sees it but may not change it gets 403.
Files go out only through `_serve`: through the storage API, as an attachment, with the type found
by content at upload, `nosniff`, and a ledger row for the person who took it (only when they
came from our own pages, once a day per file: see `services.record_download`).
"""

from __future__ import annotations

import logging
from typing import cast

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from leerplatform.core.permissions import permission_required
from leerplatform.library.forms.files import FileForm
from leerplatform.library.models import Document, FileVersion
from leerplatform.library.queries import files as queries
from leerplatform.library.services import files as services
from leerplatform.membership.decorators import MemberRequest

logger = logging.getLogger(__name__)


def _check(request: HttpRequest, document: Document | None, perm: str) -> Document:
    """404 unless the person sees the document; 403 when they see it but may not do `perm`.
    Asked here, not declared with `permission_required`: two answers from two rules."""
    # rules.has_perm, not user.has_perm: a superuser passes every has_perm, but a group-only
    # document is for the group's members only.
    if document is None or not rules.has_perm("library.view_document", request.user, document):
        raise Http404(_("This document does not exist."))
    if not rules.has_perm(perm, request.user, document):
        raise PermissionDenied
    return document


def _history_url(attachment_pk: int) -> str:
    return reverse("library:history", kwargs={"attachment_pk": attachment_pk})


def _done(request: MemberRequest, url: str) -> HttpResponse:
    # An htmx upload (with its progress bar) goes to the next page as a whole page.
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _upload_page(request: MemberRequest, template: str, context: dict) -> HttpResponse:
    if request.htmx:
        template += "#upload_area"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
@permission_required(
    "library.change_document",
    load=queries.load_document_for_files,
    hide=lambda user, document: not rules.has_perm("library.view_document", user, document),
)
def add_file(request: MemberRequest, document: Document, pk: int) -> HttpResponse:
    """Someone who looks after a document adds a file to it."""
    form = FileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            attachment = services.add_file(
                document=document,
                upload=form.cleaned_data["file"],
                actor=request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("“%(name)s” has been added.")
                % {"name": cast(FileVersion, attachment.current).original_name},  # version 1
            )
            return _done(request, document.get_absolute_url())
    return _upload_page(
        request,
        "library/files/add_file.html",
        {"edition": document.edition, "document": document, "form": form},
    )


@require_GET
def history(request: HttpRequest, attachment_pk: int) -> HttpResponse:
    """Every version of a file: who uploaded it when, its note, download and restore."""
    attachment = queries.attachment_for(pk=attachment_pk)
    if attachment is None:
        raise Http404(_("This document does not exist."))
    document = _check(request, attachment.document, "library.view_document")
    return render(
        request,
        "library/files/history.html",
        {
            "edition": document.edition,
            "document": document,
            "attachment": attachment,
            "versions": queries.history(attachment=attachment),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def upload_version(request: MemberRequest, attachment_pk: int) -> HttpResponse:
    """Someone who looks after a document uploads a new version of one of its files."""
    attachment = queries.attachment_for(pk=attachment_pk)
    if attachment is None:
        raise Http404(_("This document does not exist."))
    document = _check(request, attachment.document, "library.change_document")
    form = FileForm(request.POST or None, request.FILES or None, version=True)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.upload_version(
                attachment=attachment,
                upload=form.cleaned_data["file"],
                actor=request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Version %(number)s of “%(name)s” has been uploaded.")
                % {"number": version.number, "name": version.original_name},
            )
            return _done(request, _history_url(attachment.pk))
    return _upload_page(
        request,
        "library/files/upload_version.html",
        {
            "edition": document.edition,
            "document": document,
            "attachment": attachment,
            "form": form,
        },
    )


@login_required
@require_POST
def restore_version(request: MemberRequest, version_pk: int) -> HttpResponse:
    """An earlier version becomes the current one again (as a new version)."""
    version = queries.version_for(pk=version_pk)
    if version is None:
        raise Http404(_("This document does not exist."))
    _check(request, version.attachment.document, "library.change_document")
    try:
        restored = services.restore_version(version=version, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Version %(old)s is the current version again, as version %(new)s.")
            % {"old": version.number, "new": restored.number},
        )
    return redirect(_history_url(version.attachment_id))


# Fetch Metadata: "none" is an address typed or a bookmark; a browser too old to send the header
# is let through (the once-a-day limit bounds what it can add).
_OWN_SITE = {"same-origin", "same-site", "none"}


def _from_this_site(request: HttpRequest) -> bool:
    """Whether the request came from our own pages (not a link, image or form on another site)."""
    return request.headers.get("Sec-Fetch-Site", "none").lower() in _OWN_SITE


def _serve(request: HttpRequest, version: FileVersion | None) -> FileResponse:
    if version is None or not rules.has_perm(
        "library.download", request.user, version.attachment.document
    ):
        raise Http404(_("This file does not exist."))
    try:
        handle = version.file.open("rb")
    except FileNotFoundError:
        logger.error("File version %s: its stored file %s is missing", version.pk, version.file)
        raise Http404(_("This file does not exist.")) from None
    services.record_download(
        version=version, user=request.user, from_this_site=_from_this_site(request)
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=version.original_name,
        content_type=version.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private"
    return response


@require_GET
def download(request: HttpRequest, attachment_pk: int) -> FileResponse:
    """The current version of a file."""
    attachment = queries.attachment_for(pk=attachment_pk)
    version = attachment.current if attachment else None
    if attachment is not None and version is not None:
        version.attachment = attachment  # the document, edition and group are loaded on it
    return _serve(request, version)


@require_GET
def download_version(request: HttpRequest, version_pk: int) -> FileResponse:
    """One given version of a file."""
    return _serve(request, queries.version_for(pk=version_pk))
