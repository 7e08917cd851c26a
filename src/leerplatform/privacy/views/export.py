"""Download my data: ask for an export, follow its progress, download it. Thin views.

An export is its owner's alone: for everyone else, staff included, its addresses do not exist
(404). The download also needs the signed link from the owner's page (bound to the export and
the owner, valid EXPORT_VALID_DAYS), and is sent as an attachment that no cache keeps.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from leerplatform.core.permissions import permission_required
from leerplatform.privacy.export import EXPIRED, INVALID, check_token, download_name
from leerplatform.privacy.models import EXPORT_VALID_DAYS, DataExport, ExportStatus
from leerplatform.privacy.queries import exports as queries
from leerplatform.privacy.services import export as services


def _my_data() -> str:
    return reverse("privacy:my_data") + "#export"


@login_required
@require_POST
@permission_required("privacy.request_export")
def request_export(request: HttpRequest) -> HttpResponse:
    """Ask for an export of one's own data; back to "Mijn gegevens", which shows its progress."""
    try:
        export = services.request_export(user=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        export.refresh_from_db()
        if export.status == ExportStatus.READY:
            messages.success(request, _("Your data is ready to download."))
        elif export.status == ExportStatus.FAILED:
            messages.error(request, _("Your export could not be made. Try again later."))
        else:
            messages.info(
                request,
                _(
                    "Your export is being made. This page shows how far it is; we email you when it is ready."
                ),
            )
    return redirect(_my_data())


@login_required
@require_GET
@permission_required("privacy.view_export", load=queries.load_export, hide=True)
def export_status(request: HttpRequest, export: DataExport, pk: int) -> HttpResponse:
    """One export's row with its progress: the partial htmx polls while it is being made (with
    the request button again once it is done); without JavaScript, a page with the same row."""
    row = queries.row_for(export)
    if getattr(request, "htmx", False):
        context = {"row": row, "oob": not row.in_progress}
        if not row.in_progress:
            context["busy"] = queries.for_person(request.user).busy
        return render(request, "privacy/export/status_partial.html", context)
    return render(request, "privacy/export/status.html", {"row": row})


def _expired(request: HttpRequest) -> HttpResponse:
    return render(
        request, "privacy/export/expired.html", {"valid_days": EXPORT_VALID_DAYS}, status=410
    )


@login_required
@require_GET
@permission_required("privacy.view_export", load=queries.load_export, hide=True)
def download(request: HttpRequest, export: DataExport, pk: int) -> HttpResponseBase:
    """The ZIP, streamed from storage, for its owner with a valid signed link."""
    state = check_token(export, request.GET.get("t", ""))
    if state == INVALID or export.status != ExportStatus.READY or not export.file:
        raise Http404(_("This export does not exist (any more)."))
    if state == EXPIRED or export.expires_at is None or export.expires_at <= timezone.now():
        return _expired(request)
    try:
        handle = export.file.open("rb")
    except FileNotFoundError:
        return _expired(request)
    response = FileResponse(
        handle, as_attachment=True, filename=download_name(export), content_type="application/zip"
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
