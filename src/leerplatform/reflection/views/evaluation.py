"""The meeting evaluation: a member who attended evaluates an ended meeting once (anonymous by
default); the facilitators read the results as a chart and a table, and export them as CSV.
Thin views."""

from __future__ import annotations

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from leerplatform.core.exports import csv_response
from leerplatform.meetings.models import Meeting
from leerplatform.meetings.views.meetings import meeting_or_404
from leerplatform.membership.decorators import MemberRequest, agreements_first
from leerplatform.reflection.forms.evaluation import EvaluationForm
from leerplatform.reflection.queries import evaluation as queries
from leerplatform.reflection.services import evaluation as services

# These pages ask two permissions by hand, after meeting_or_404: a meeting one may not view
# (meetings.view_meeting: a draft, an unpublished edition) is a 404, and only then is the page's own
# permission a 403. permission_required asks one permission.


def _meeting(request: HttpRequest, pk: int, perm: str) -> Meeting:
    """The meeting if this person may see it (else 404) and has `perm` on it (else 403)."""
    meeting = meeting_or_404(request, pk)
    if not rules.has_perm("meetings.view_meeting", request.user, meeting):
        raise Http404(_("This meeting does not exist."))
    if not rules.has_perm(perm, request.user, meeting):
        raise PermissionDenied
    return meeting


@login_required
@require_http_methods(["GET", "POST"])
def evaluate(request: MemberRequest, pk: int) -> HttpResponse:
    """The evaluation form for a member who attended the ended meeting; for other members of
    the edition the page says why they cannot evaluate it (and a POST changes nothing)."""
    meeting = _meeting(request, pk, "reflection.evaluate_meeting")
    if response := agreements_first(request, meeting.edition.slug):
        return response
    state = queries.evaluation_state(meeting=meeting, user=request.user)
    reason = services.refusal(meeting=meeting, is_member=True, state=state)
    form = None
    if not reason:
        form = EvaluationForm(request.POST or None, items=queries.rateable_items(meeting=meeting))
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.submit_evaluation(
                meeting=meeting,
                user=request.user,
                ratings=form.ratings(),
                remarks=form.cleaned_data["remarks"],
                signed=form.cleaned_data["signed"],
            )
        except services.EvaluationRefused as error:
            reason, form = " ".join(error.messages), None
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Thank you for evaluating this meeting."))
            return redirect("meetings:detail", pk=meeting.pk)
    return render(
        request,
        "reflection/evaluate.html",
        {
            "edition": meeting.edition,
            "meeting": meeting,
            "form": form,
            "refusal": reason,
            "already_evaluated": state.evaluated or reason == services.already_evaluated_message(),
            "refused_post": request.method == "POST" and bool(reason),
        },
    )


@login_required
@require_GET
def results(request: MemberRequest, pk: int) -> HttpResponse:
    """The results per programme item (chart and table), the response rate and the remarks."""
    meeting = _meeting(request, pk, "reflection.view_evaluations")
    return render(
        request,
        "reflection/evaluation_results.html",
        {
            "edition": meeting.edition,
            "meeting": meeting,
            "results": queries.evaluation_results(meeting=meeting),
        },
    )


# A file format, not page text: the same Dutch column names whatever the reader's language, as
# the meetings' exports do.
CSV_DATE, CSV_NAME, CSV_REMARKS = "datum", "naam (ondertekend)", "opmerkingen"


@login_required
@require_GET
def export(request: MemberRequest, pk: int) -> HttpResponse:
    """One row per evaluation: date, the signer's name (empty: anonymous), a rating per item,
    the remarks. UTF-8 with a BOM and semicolons, as Excel with Dutch settings expects."""
    meeting = _meeting(request, pk, "reflection.view_evaluations")
    data = queries.evaluation_export(meeting=meeting)
    header = [
        CSV_DATE,
        CSV_NAME,
        *(f"{item.starts_at:%H:%M} {item.title}" for item in data.items),
        CSV_REMARKS,
    ]
    rows = (
        [row.submitted_on.isoformat(), row.signed_by]
        + ["" if rating is None else str(rating) for rating in row.ratings]
        + [row.remarks]
        for row in data.rows
    )
    filename = f"evaluaties-{timezone.localtime(meeting.starts_at):%Y-%m-%d}-{meeting.pk}.csv"
    return csv_response(filename, header, rows)
