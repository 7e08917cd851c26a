"""The closing report: the facilitators' page (choose a language, make it, follow its progress,
publish it), the progress partial htmx polls, and the download. Thin views."""

from __future__ import annotations

import rules
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from leerplatform.core.permissions import permission_required
from leerplatform.editions.models import Edition
from leerplatform.membership.decorators import MemberRequest
from leerplatform.showcase.models import ClosingReport, ReportStatus
from leerplatform.showcase.queries import reports as queries
from leerplatform.showcase.services import reports as services


class ReportForm(forms.Form):
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the report"),
        choices=settings.LANGUAGES,
        initial="nl",
        widget=forms.RadioSelect,
    )


def _report(request: HttpRequest, pk: int) -> ClosingReport:
    """A report the person manages; a report they may not even see does not exist for them.
    Asked here, not declared: two permissions, a 404 for the first and a 403 for the second."""
    report = queries.report_for(pk=pk)
    if report is None or not rules.has_perm("showcase.view_report", request.user, report):
        raise Http404(_("This report does not exist."))
    if not rules.has_perm("showcase.manage_report", request.user, report):
        raise PermissionDenied
    return report


def _file_size(report: ClosingReport) -> int | None:
    if not report.file:
        return None
    try:
        return report.file.size
    except OSError:
        return None


def _row(report: ClosingReport) -> dict:
    return {
        "report": report,
        "step": services.step_label(report),
        "in_progress": services.is_in_progress(report),
        "size": _file_size(report) if report.status == ReportStatus.DONE else None,
    }


@login_required
@require_http_methods(["GET", "POST"])
@permission_required("showcase.manage_reports", load=queries.load_edition)
def reports(request: MemberRequest, edition: Edition, slug: str) -> HttpResponse:
    """The edition's closing reports: make a new one in Dutch or English, and the ones made."""
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.request_report(
                edition=edition, language=form.cleaned_data["language"], actor=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            report.refresh_from_db()
            if report.status == ReportStatus.DONE:
                messages.success(request, _("The closing report is ready."))
            elif report.status == ReportStatus.FAILED:
                messages.error(request, _("The closing report could not be made."))
            else:
                messages.info(
                    request, _("The closing report is being made. This page shows its progress.")
                )
            return redirect("showcase:reports", slug=edition.slug)
    return render(
        request,
        "showcase/reports.html",
        {
            "edition": edition,
            "form": form,
            "rows": [_row(report) for report in queries.reports_of(edition=edition)],
        },
    )


@login_required
@require_GET
def progress(request: MemberRequest, pk: int) -> HttpResponse:
    """One report's progress: for htmx, which polls every second while the report is being made,
    only the row's meter, and once it is done or failed the row's changed parts out of band with
    one sentence for its status line (the row itself stays, and the focus in it); without
    JavaScript, a page with the same row and a link to look again."""
    report = _report(request, pk)
    context = {"edition": report.edition, "row": _row(report)}
    if request.htmx:
        return render(request, "showcase/report_row.html#update", context)
    return render(request, "showcase/report_progress.html", context)


@login_required
@require_POST
def publish(request: MemberRequest, pk: int) -> HttpResponse:
    """Publish a finished report (action=publish) or take it back (action=unpublish)."""
    report = _report(request, pk)
    try:
        if request.POST.get("action") == "unpublish":
            services.unpublish_report(report=report, actor=request.user)
            messages.success(
                request, _("The report is no longer public. Only facilitators can download it.")
            )
        else:
            services.publish_report(report=report, actor=request.user)
            messages.success(
                request,
                _("The report is published: everyone can download it from the outputs page."),
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("showcase:reports", slug=report.edition.slug)


@require_GET
def download(request: HttpRequest, pk: int) -> FileResponse:
    """The PDF: for the facilitators always, for everyone once it is published. Shown in the
    browser (inline): it is a report to read; the browser's viewer offers saving it."""
    report = queries.report_for(pk=pk)
    if (
        report is None
        or report.status != ReportStatus.DONE
        or not report.file
        or not rules.has_perm("showcase.view_report", request.user, report)
    ):
        raise Http404(_("This report does not exist."))
    try:
        handle = report.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("This report does not exist.")) from None
    with translation.override(report.language):
        filename = f"{_('closing-report')}-{report.edition.slug}-{report.language}.pdf"
    response = FileResponse(handle, filename=filename, content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private"
    return response
