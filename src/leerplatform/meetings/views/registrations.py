"""Registration pages: members register and unregister, guests of the closing meeting register by
email link, facilitators check people in and export the lists."""

from __future__ import annotations

from functools import wraps

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.middleware import HtmxDetails

from leerplatform.accounts import ratelimits
from leerplatform.core.exports import csv_response
from leerplatform.core.permissions import permission_required
from leerplatform.meetings.forms.registrations import (
    AttendanceSearchForm,
    GuestRegistrationForm,
    RegistrationForm,
)
from leerplatform.meetings.models import (
    Meeting,
    Registration,
    RegistrationStatus,
    can_still_cancel,
    is_registration_open,
    registration_deadline,
)
from leerplatform.meetings.queries import registrations as queries
from leerplatform.meetings.queries.meetings import load_meeting
from leerplatform.meetings.services import registrations as services


class HtmxHttpRequest(HttpRequest):
    """A request through django-htmx's middleware, which tells whether htmx sent it."""

    htmx: HtmxDetails


# Every page here is about a meeting the person may see: a meeting they may not see (a draft, to
# all but its facilitators) is a 404, as if it did not exist.
visible_meeting = permission_required("meetings.view_meeting", load=load_meeting, hide=True)


def then_required(perm: str):
    """The page's own permission, asked of the meeting `visible_meeting` loaded (a 403: the
    meeting is no secret to them). Asked of the rule itself, not of `user.has_perm`: a superuser
    has every permission there, but registering needs a place in the edition."""

    def decorator(view):
        @wraps(view)
        def wrapper(request: HttpRequest, meeting: Meeting, *args, **kwargs):
            if not rules.has_perm(perm, request.user, meeting):
                raise PermissionDenied
            return view(request, meeting, *args, **kwargs)

        wrapper.permission_required = perm  # type: ignore[attr-defined]
        return wrapper

    return decorator


def _detail_url(meeting: Meeting) -> str:
    return reverse("meetings:detail", kwargs={"pk": meeting.pk})


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _registered_message(registration: Registration) -> str:
    if registration.status == RegistrationStatus.WAITLISTED:
        position = queries.waitlist_position(registration)
        return _(
            "The meeting is full. You are on the waiting list, number %(position)s; when a place "
            "becomes free you get it automatically and we email you."
        ) % {"position": position}
    return _("You are registered. A confirmation with a calendar file is on its way.")


# --- Members -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@visible_meeting
@then_required("meetings.register")
def register(request: HttpRequest, meeting: Meeting, pk: int) -> HttpResponse:
    """Register (or change one's dietary wishes and remark). The box on the meeting page posts
    here; the page itself shows the form with its errors, or to people without JavaScript."""
    mine = queries.my_registration(meeting=meeting, user=request.user)
    initial = {"dietary_wishes": mine.dietary_wishes, "remark": mine.remark} if mine else {}
    # An empty POST (no wishes, no remark) is a valid registration: bind the form to it.
    form = RegistrationForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        was_active = mine is not None and mine.status != RegistrationStatus.CANCELLED
        try:
            registration = services.register_for_meeting(
                meeting=meeting,
                user=request.user,
                dietary_wishes=form.cleaned_data["dietary_wishes"],
                remark=form.cleaned_data["remark"],
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            if was_active:
                messages.success(request, _("Your dietary wishes and remark have been saved."))
            else:
                messages.success(request, _registered_message(registration))
            return redirect(_detail_url(meeting))
    context = {"edition": meeting.edition, "meeting": meeting, "form": form, "mine": mine}
    context |= queries.registration_context(meeting=meeting, user=request.user)
    return render(request, "meetings/register.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@visible_meeting
@then_required("meetings.register")
def unregister(request: HttpRequest, meeting: Meeting, pk: int) -> HttpResponse:
    """GET asks "are you sure?", POST cancels the registration or the place on the waiting list."""
    mine = queries.my_registration(meeting=meeting, user=request.user)
    if mine is None or mine.status == RegistrationStatus.CANCELLED:
        messages.info(request, _("You are not registered for this meeting."))
        return redirect(_detail_url(meeting))
    if request.method == "POST":
        try:
            services.unregister_from_meeting(meeting=meeting, user=request.user)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(
                request,
                _("You have left the waiting list.")
                if mine.status == RegistrationStatus.WAITLISTED
                else _("You have cancelled your registration. Thank you for letting us know."),
            )
        return redirect(_detail_url(meeting))
    return render(
        request,
        "meetings/register_cancel.html",
        {
            "edition": meeting.edition,
            "meeting": meeting,
            "mine": mine,
            "can_cancel": can_still_cancel(meeting),
        },
    )


# --- Guests (closing meeting) -----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@permission_required("meetings.register_as_guest", load=load_meeting, hide=True)
def guest_register(request: HttpRequest, meeting: Meeting, pk: int) -> HttpResponse:
    """Visitors from the field register for the closing meeting; other meetings: 404."""
    form = GuestRegistrationForm(request.POST if request.method == "POST" else None)
    context = {
        "edition": meeting.edition,
        "meeting": meeting,
        "form": form,
        "is_open": is_registration_open(meeting),
        "deadline": registration_deadline(meeting),
        # Not {% has_perm %} in the template: that asks user.has_perm, which a superuser passes,
        # but only members of the edition register as members.
        "is_member": rules.has_perm("meetings.register", request.user, meeting),
    }
    if request.method == "POST":
        email = form.cleaned_data["email"] if form.is_valid() else None
        if not ratelimits.allow_post(request, "guest_register", email=email):
            # Too many posts from this address or for this email: the form again, nothing saved.
            context |= {"limited": True, "limit_message": ratelimits.limit_message()}
            return render(request, "meetings/guest_register.html", context, status=429)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            outcome = services.register_guest(
                meeting=meeting,
                name=data["name"],
                email=data["email"],
                organisation=data["organisation"],
                dietary_wishes=data["dietary_wishes"],
                remark=data["remark"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # No redirect: the address is not put in a URL. The page says the same whether the
            # address was new or known (nobody learns who registered).
            return render(
                request,
                "meetings/guest_sent.html",
                context | {"outcome": outcome, "email": outcome.registration.guest_email},
            )
    return render(request, "meetings/guest_register.html", context)


def _guest_or_404(token: str) -> Registration:
    registration = (
        Registration.objects.select_related("meeting__edition")
        .filter(token=token, user__isnull=True)
        .first()
    )
    if registration is None:
        raise Http404(_("This link is not valid."))
    return registration


@require_http_methods(["GET", "POST"])
def guest_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the guest's email. GET changes nothing (mail scanners open links); the guest
    confirms with the button."""
    if request.method == "POST" and not ratelimits.allow_post(request, "link_post"):
        return ratelimits.respond_429(request)
    registration = _guest_or_404(token)
    error = ""
    if request.method == "POST" and registration.guest_confirmed_at is None:
        try:
            registration = services.confirm_guest(token=token)
        except ValidationError as problem:
            error = _error_text(problem)
            registration.refresh_from_db()
    meeting = registration.meeting
    return render(
        request,
        "meetings/guest_confirm.html",
        {
            "edition": meeting.edition,
            "meeting": meeting,
            "registration": registration,
            "position": queries.waitlist_position(registration),
            "is_open": is_registration_open(meeting),
            "error": error,
        },
    )


@require_http_methods(["GET", "POST"])
def guest_cancel(request: HttpRequest, token: str) -> HttpResponse:
    """The cancel link: GET asks "are you sure?", POST cancels and frees the place."""
    if request.method == "POST" and not ratelimits.allow_post(request, "link_post"):
        return ratelimits.respond_429(request)
    registration = _guest_or_404(token)
    error = ""
    if request.method == "POST" and registration.status != RegistrationStatus.CANCELLED:
        try:
            registration = services.cancel_guest(token=token)
        except ValidationError as problem:
            error = _error_text(problem)
    meeting = registration.meeting
    return render(
        request,
        "meetings/guest_cancel.html",
        {
            "edition": meeting.edition,
            "meeting": meeting,
            "registration": registration,
            "can_cancel": can_still_cancel(meeting),
            "error": error,
        },
    )


# --- Attendance -------------------------------------------------------------------------------


@login_required
@require_GET
@visible_meeting
@then_required("meetings.take_attendance")
def attendance(request: HtmxHttpRequest, meeting: Meeting, pk: int) -> HttpResponse:
    """The phone-friendly check-in list; the search box swaps only the list (htmx) or reloads."""
    search_form = AttendanceSearchForm(request.GET or None)
    listing = queries.attendance_list(meeting=meeting, search=search_form.search)
    template = "meetings/attendance.html"
    if request.htmx and request.htmx.target == "attendance-list":
        template += "#attendance_list"
    return render(
        request,
        template,
        {
            "edition": meeting.edition,
            "meeting": meeting,
            "search_form": search_form,
            "listing": listing,
            "is_meeting_day": meeting.is_on_meeting_day(),
        },
    )


def _reason_page(
    request: HttpRequest, meeting: Meeting, registration: Registration, *, search: str, error=""
) -> HttpResponse:
    """Checking someone in on another day than the meeting's: the reason first."""
    return render(
        request,
        "meetings/check_in_reason.html",
        {
            "edition": meeting.edition,
            "meeting": meeting,
            "registration": registration,
            "search": search,
            "error": error,
            "reason": request.POST.get("reason", "")[:300],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@visible_meeting
@then_required("meetings.take_attendance")
def check_in(
    request: HtmxHttpRequest, meeting: Meeting, pk: int, registration_pk: int
) -> HttpResponse:
    """Check one person in (present=1) or undo it (present=0). With htmx the answer is the
    person's new row plus the counts; without, back to the list where it was.

    On another day than the meeting's a check-in needs a reason: GET (or a POST without one)
    shows the page that asks for it; with htmx the browser is sent to that page."""
    registration = get_object_or_404(Registration, pk=registration_pk, meeting=meeting)
    if request.method == "GET":
        return _reason_page(request, meeting, registration, search=request.GET.get("q", "")[:100])
    present = request.POST.get("present") == "1"
    search = request.POST.get("q", "")[:100]
    try:
        services.set_attendance(
            registration=registration,
            present=present,
            actor=request.user,
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as error:
        if getattr(error, "code", None) == "not_meeting_day" or (
            hasattr(error, "error_dict") and "reason" in error.error_dict
        ):
            if request.htmx:
                url = reverse(
                    "meetings:check_in",
                    kwargs={"pk": meeting.pk, "registration_pk": registration_pk},
                )
                response = HttpResponse()
                response["HX-Redirect"] = f"{url}?{urlencode({'q': search})}" if search else url
                return response
            return _reason_page(
                request, meeting, registration, search=search, error=_error_text(error)
            )
        if request.htmx:
            return HttpResponse(_error_text(error), status=409)
        messages.error(request, _error_text(error))
    if request.htmx:
        present_count, registered = queries.attendance_counts(meeting=meeting)
        return render(
            request,
            "meetings/attendance_row.html",
            {
                "meeting": meeting,
                "attendee": queries.attendee(meeting=meeting, registration_pk=registration_pk),
                "search": search,
                "present": present_count,
                "registered": registered,
                "oob_counts": True,
                "is_meeting_day": meeting.is_on_meeting_day(),
            },
        )
    url = reverse("meetings:attendance", kwargs={"pk": meeting.pk})
    if search:
        url += "?" + urlencode({"q": search})
    return redirect(f"{url}#attendee-{registration_pk}")


# --- Exports -----------------------------------------------------------------------------------

# A file format, not page text: the same Dutch column names whatever the reader's language, so
# that spreadsheets and mail merges built on them keep working.
CSV_COLUMNS = [
    "naam",
    "e-mail",
    "organisatie/instelling",
    "status",
    "dieetwensen",
    "opmerking",
    "aangemeld op",
    "aanwezig",
]
CSV_STATUS: dict[str, str] = {
    RegistrationStatus.REGISTERED: "aangemeld",
    RegistrationStatus.WAITLISTED: "wachtlijst",
    RegistrationStatus.CANCELLED: "afgemeld",
}


def _csv_row(attendee: queries.Attendee) -> list[str]:
    registration = attendee.registration
    status = CSV_STATUS.get(registration.status, registration.status)
    if registration.is_guest and registration.guest_confirmed_at is None:
        status = "onbevestigd"
    email = registration.guest_email if registration.user is None else registration.user.email
    registered_at = timezone.localtime(registration.registered_at).strftime("%Y-%m-%d %H:%M")
    attended = ""
    if registration.attended_at is not None:
        attended = "ja " + timezone.localtime(registration.attended_at).strftime("%H:%M")
    elif registration.status == RegistrationStatus.REGISTERED:
        attended = "nee"
    values = [
        attendee.name,
        email,
        attendee.organisation,
        status,
        registration.dietary_wishes,
        registration.remark,
        registered_at,
        attended,
    ]
    return values


def _csv_response(meeting: Meeting, attendees: list, kind: str) -> HttpResponse:
    filename = f"{kind}-{timezone.localtime(meeting.starts_at):%Y-%m-%d}-{meeting.pk}.csv"
    return csv_response(filename, CSV_COLUMNS, (_csv_row(a) for a in attendees))


@login_required
@require_GET
@visible_meeting
@then_required("meetings.export_registrations")
def registrations_csv(request: HttpRequest, meeting: Meeting, pk: int) -> HttpResponse:
    rows = queries.registrations_for_export(meeting=meeting)
    return _csv_response(meeting, rows, "aanmeldingen")


@login_required
@require_GET
@visible_meeting
@then_required("meetings.export_registrations")
def attendance_csv(request: HttpRequest, meeting: Meeting, pk: int) -> HttpResponse:
    rows = queries.registrations_for_export(meeting=meeting, attendance_only=True)
    return _csv_response(meeting, rows, "aanwezigheid")
