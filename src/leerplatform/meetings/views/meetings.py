"""Meeting pages: the edition's meetings, creating and editing one, and the programme."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from leerplatform.core.permissions import permission_required
from leerplatform.editions.models import Edition
from leerplatform.editions.queries import (
    hides_edition,
    hides_meeting_edition,
    load_edition,
    sees_edition,
)
from leerplatform.meetings.forms.meetings import MeetingForm, ProgrammeItemForm
from leerplatform.meetings.models import Meeting
from leerplatform.meetings.queries import meetings as queries
from leerplatform.meetings.queries.meetings import load_meeting
from leerplatform.meetings.services import meetings as meeting_services
from leerplatform.meetings.services import programme as programme_services
from leerplatform.membership.decorators import agreements_accepted


def meeting_or_404(request: HttpRequest, pk: int) -> Meeting:
    """The meeting, if its edition is one this person may see (unpublished: members, staff)."""
    meeting = queries.meeting_for_page(pk=pk)
    if meeting is None or not sees_edition(edition=meeting.edition, user=request.user):
        raise Http404(_("This meeting does not exist."))
    return meeting


# A meeting or an edition of an unpublished edition is a 404 to whoever may not see that edition
# (hides_edition, hides_meeting_edition), a 403 to its members without the right.


def denied(request: HttpRequest) -> HttpResponse:
    """Visitors log in first; logged-in people without the permission get 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


# --- The edition's meetings ----------------------------------------------------------------------


@login_required
@agreements_accepted
@permission_required("meetings.view_edition_meetings", load=load_edition, hide=hides_edition)
def meeting_list(request: HttpRequest, edition: Edition, slug: str) -> HttpResponse:
    """The edition's meetings on a timeline; facilitators also see drafts."""
    # Facilitators also see the drafts (the template asks the same permission for its links).
    with_drafts = request.user.has_perm("meetings.manage_meetings", edition)
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "edition": edition,
            "timeline": queries.meeting_timeline(edition=edition, with_drafts=with_drafts),
        },
    )


@login_required
@agreements_accepted
@require_http_methods(["GET", "POST"])
@permission_required("meetings.manage_meetings", load=load_edition, hide=hides_edition)
def create(request: HttpRequest, edition: Edition, slug: str) -> HttpResponse:
    form = MeetingForm(request.POST or None, edition=edition)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meeting_services.create_meeting(
                edition=edition, actor=request.user, **form.service_arguments()
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The meeting has been saved."))
            return redirect("meetings:detail", pk=meeting.pk)
    return render(
        request, "meetings/meeting_form.html", {"edition": edition, "form": form, "meeting": None}
    )


# --- One meeting (its page, which other apps add boxes to, is pages.views.meeting) ---------------


@login_required
@require_http_methods(["GET", "POST"])
@permission_required("meetings.change_meeting", load=load_meeting, hide=hides_meeting_edition)
def edit(request: HttpRequest, meeting: Meeting, pk: int) -> HttpResponse:
    form = MeetingForm(request.POST or None, edition=meeting.edition, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meeting_services.update_meeting(
                meeting=meeting, actor=request.user, **form.service_arguments()
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The meeting has been saved."))
            return redirect("meetings:detail", pk=meeting.pk)
    return render(
        request,
        "meetings/meeting_form.html",
        {"edition": meeting.edition, "form": form, "meeting": meeting},
    )


# --- The programme -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@permission_required("meetings.change_meeting", load=load_meeting, hide=hides_meeting_edition)
def programme(request: HttpRequest, meeting: Meeting, pk: int) -> HttpResponse:
    """The facilitators' programme page: the day schedule, an item form, the standard day."""
    form = ProgrammeItemForm(
        request.POST if request.method == "POST" and "standard_day" not in request.POST else None,
        meeting=meeting,
    )
    if request.method == "POST":
        if "standard_day" in request.POST:
            try:
                programme_services.add_standard_day(meeting=meeting, actor=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("The standard day has been added to the programme."))
            return redirect("meetings:programme", pk=meeting.pk)
        if form.is_valid():
            try:
                programme_services.add_programme_item(
                    meeting=meeting, actor=request.user, **form.service_arguments()
                )
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(request, _("The item has been added to the programme."))
                return redirect("meetings:programme", pk=meeting.pk)
    return render(
        request,
        "meetings/programme.html",
        {
            "edition": meeting.edition,
            "meeting": meeting,
            "form": form,
            "schedule": queries.programme_schedule(meeting=meeting),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@permission_required("meetings.change_meeting", load=load_meeting, hide=hides_meeting_edition)
def programme_item(request: HttpRequest, meeting: Meeting, pk: int, item_pk: int) -> HttpResponse:
    item = queries.programme_item_for_page(meeting=meeting, item_pk=item_pk)
    if item is None:
        raise Http404(_("This programme item does not exist."))
    form = ProgrammeItemForm(request.POST or None, instance=item, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            programme_services.update_programme_item(
                item=item, actor=request.user, **form.service_arguments()
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The programme item has been saved."))
            return redirect("meetings:programme", pk=meeting.pk)
    return render(
        request,
        "meetings/programme_item.html",
        {"edition": meeting.edition, "meeting": meeting, "item": item, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
@permission_required("meetings.change_meeting", load=load_meeting, hide=hides_meeting_edition)
def delete_programme_item(
    request: HttpRequest, meeting: Meeting, pk: int, item_pk: int
) -> HttpResponse:
    """GET asks first (what is removed); POST removes the item."""
    item = queries.programme_item_for_page(meeting=meeting, item_pk=item_pk)
    if item is None:
        raise Http404(_("This programme item does not exist."))
    if request.method == "GET":
        return render(
            request,
            "meetings/programme_item_delete.html",
            {"edition": meeting.edition, "meeting": meeting, "item": item},
        )
    programme_services.delete_programme_item(item=item, actor=request.user)
    messages.success(
        request, _("“%(title)s” has been removed from the programme.") % {"title": item.title}
    )
    return redirect("meetings:programme", pk=meeting.pk)
