"""Progress reports: a group's report for a meeting (read by the edition, written by the group),
and the facilitators' overview of a meeting with its deadline and reminders. Thin views that
declare their permission."""

from __future__ import annotations

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from leerplatform.accounts.models import User
from leerplatform.core.permissions import permission_required
from leerplatform.groups.forms.reports import DeadlineForm, ReportForm
from leerplatform.groups.models import LearningGroup
from leerplatform.groups.queries import reports as queries
from leerplatform.groups.queries.groups import load_group
from leerplatform.groups.services import reports as services
from leerplatform.meetings.models import Meeting, MeetingStatus
from leerplatform.membership.decorators import agreements_first


class MemberRequest(HttpRequest):
    """The request of a page that needs a login (`@login_required`): its user is a person."""

    user: User


# --- A group's report for a meeting --------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@permission_required("groups.view_reports", load=load_group)
def write(request: MemberRequest, group: LearningGroup, pk: int, meeting_pk: int) -> HttpResponse:
    """The group's report for a meeting: everyone in the edition reads it; the group's active
    members write or update it until the deadline. After the deadline the text is refused (and
    kept on the page), with the reason."""
    meeting = queries.meeting_of_group(group=group, meeting_pk=meeting_pk)
    if meeting is None:
        raise Http404(_("This meeting does not exist in this group's edition."))
    # One page for readers and writers: whether the viewer writes decides the form, and a POST
    # of someone who may only read is refused (403), so it is asked here.
    can_write = rules.has_perm("groups.write_report", request.user, group)
    if request.method == "POST" and not can_write:
        raise PermissionDenied
    if response := agreements_first(request, group.edition.slug):
        return response
    report = queries.report_of(group=group, meeting=meeting)
    refusal = services.closed_reason(group=group, meeting=meeting) if can_write else ""
    form = ReportForm(request.POST or None, report=report) if can_write else None
    if request.method == "POST" and not refusal and form is not None and form.is_valid():
        try:
            services.write_report(
                group=group, meeting=meeting, author=request.user, **form.sections()
            )
        except services.ReportClosed as error:
            refusal = " ".join(error.messages)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The progress report has been saved. The whole edition can read it now."),
            )
            return redirect("groups:report", pk=group.pk, meeting_pk=meeting.pk)
    return render(
        request,
        "groups/report.html",
        {
            "edition": group.edition,
            "group": group,
            "meeting": meeting,
            "report": report,
            "form": form,
            "can_write": can_write and not refusal,
            "refusal": refusal,
            "refused_post": request.method == "POST" and bool(refusal),
            "deadline": queries.report_deadline(meeting),
        },
    )


# --- The facilitators' overview of a meeting ----------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@permission_required("groups.manage_reports", load=queries.load_meeting)
def meeting_overview(request: MemberRequest, meeting: Meeting, pk: int) -> HttpResponse:
    """Which active groups have reported for the meeting and which not yet; the deadline (POST
    changes it); the reminder button."""
    form = DeadlineForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_report_deadline(
                meeting=meeting, deadline=form.cleaned_data["deadline"], actor=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The deadline for the progress reports has been saved."))
            return redirect("groups:meeting_reports", pk=meeting.pk)
    overview = queries.meeting_overview(meeting=meeting)
    return render(
        request,
        "groups/meeting_reports.html",
        {
            "edition": meeting.edition,
            "meeting": meeting,
            "overview": overview,
            "form": form,
            "deadline": queries.report_deadline(meeting),
            "is_open": queries.is_open_for_reports(meeting),
            "is_cancelled": meeting.status == MeetingStatus.CANCELLED,
        },
    )


@login_required
@require_POST
@permission_required("groups.manage_reports", load=queries.load_meeting)
def remind(request: MemberRequest, meeting: Meeting, pk: int) -> HttpResponse:
    """Email the members of the active groups that have not reported yet."""
    try:
        reminded = services.remind_missing_reports(meeting=meeting, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if reminded.groups == 0:
            messages.info(request, _("Every active group has reported: nobody needed a reminder."))
        else:
            messages.success(
                request,
                ngettext(
                    "%(groups)s group has not reported yet.",
                    "%(groups)s groups have not reported yet.",
                    reminded.groups,
                )
                % {"groups": reminded.groups}
                + " "
                + ngettext(
                    "A reminder is on its way to %(people)s member of those groups.",
                    "A reminder is on its way to %(people)s members of those groups.",
                    reminded.people,
                )
                % {"people": reminded.people},
            )
    return redirect("groups:meeting_reports", pk=meeting.pk)
