"""Plenary proposals: the call, the list, proposing, a proposal's page, support, comments,
the facilitators' decision. Thin views: parse, check the permission, call a service or a query."""

from __future__ import annotations

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from leerplatform.accounts.models import User
from leerplatform.core.permissions import permission_required
from leerplatform.meetings.models import Meeting, MeetingStatus
from leerplatform.membership.decorators import agreements_accepted, agreements_first
from leerplatform.proposals import queries, services
from leerplatform.proposals.forms import CallForm, CommentForm, DecisionForm, ProposalForm
from leerplatform.proposals.models import Proposal, ProposalStatus


class MemberRequest(HttpRequest):
    """The request of a page that needs a login (`@login_required`): its user is a person."""

    user: User


# Member pages: a participant first accepts the edition's current agreements.
agreements_of_meeting = agreements_accepted(slug_of=lambda meeting: meeting.edition.slug)


def _proposal(request: HttpRequest, pk: int, perm: str) -> Proposal:
    """The proposal with its counts and whether the viewer supports it, in one query: it is read
    with the viewer, which a loader of `permission_required` (URL arguments only) cannot, so the
    permission is asked here. rules.has_perm, not user.has_perm: a superuser passes every
    has_perm, but only members propose, support and comment; the rules name staff where staff
    may act."""
    proposal = queries.proposal_for_page(pk=pk, user=request.user)
    if proposal is None:
        raise Http404(_("This proposal does not exist."))
    if not rules.has_perm(perm, request.user, proposal):
        raise PermissionDenied
    return proposal


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


# --- The list and the call -----------------------------------------------------------------------


@login_required
@permission_required("proposals.view_proposals", load=queries.load_meeting)
@agreements_of_meeting
def proposal_list(request: HttpRequest, meeting: Meeting, meeting_pk: int) -> HttpResponse:
    """The call, its deadline and every proposal with its support, sorted; status filters for
    the facilitators."""
    can_manage = rules.has_perm("proposals.manage_call", request.user, meeting)
    listing = queries.proposal_list(
        meeting=meeting,
        user=request.user,
        sort=request.GET.get("sort", ""),
        status=request.GET.get("status", ""),
        with_status_counts=can_manage,
    )
    # Flags, not {% has_perm %}: the template tag asks user.has_perm, which a superuser passes,
    # but only members propose and support.
    return render(
        request,
        "proposals/list.html",
        {
            "edition": meeting.edition,
            "meeting": meeting,
            "listing": listing,
            "call": listing.call,
            "can_manage": can_manage,
            "can_change_call": can_manage and meeting.starts_at > timezone.now(),
            "can_propose": listing.call is not None
            and listing.call.is_open
            and meeting.status == MeetingStatus.PUBLISHED
            and rules.has_perm("proposals.propose", request.user, meeting),
            "can_support": rules.has_perm("proposals.propose", request.user, meeting),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@permission_required("proposals.manage_call", load=queries.load_meeting)
def call(request: HttpRequest, meeting: Meeting, meeting_pk: int) -> HttpResponse:
    """Facilitators open the meeting's call for proposals, or change its deadline."""
    existing = queries.call_of(meeting)
    if meeting.starts_at <= timezone.now():
        messages.error(
            request, _("This meeting has started: its call for proposals can no longer change.")
        )
        return redirect("proposals:list", meeting_pk=meeting.pk)
    form = CallForm(request.POST or None, call=existing)
    if request.method == "POST" and form.is_valid():
        arguments = {
            "deadline": form.cleaned_data["deadline"],
            "description": form.cleaned_data["description"],
            "actor": request.user,
        }
        try:
            if existing is None:
                services.open_call(meeting=meeting, **arguments)
                messages.success(request, _("The call for proposals is open."))
            else:
                services.change_call(call=existing, **arguments)
                messages.success(request, _("The call for proposals has been changed."))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("proposals:list", meeting_pk=meeting.pk)
    return render(
        request,
        "proposals/call.html",
        {"edition": meeting.edition, "meeting": meeting, "call": existing, "form": form},
    )


# --- Proposing -----------------------------------------------------------------------------------


def _closed(request: HttpRequest, error: ValidationError, meeting: Meeting) -> HttpResponse:
    messages.error(request, " ".join(error.messages))
    return redirect("proposals:list", meeting_pk=meeting.pk)


def _call_closed_error(meeting: Meeting) -> ValidationError | None:
    call = queries.call_of(meeting)
    if call is None:
        return ValidationError(_("There is no call for proposals for this meeting."))
    if meeting.status == MeetingStatus.CANCELLED:
        return ValidationError(_("This meeting has been cancelled."))
    if not call.is_open:
        return services._deadline_passed(call)
    return None


def _service_fields(form: ProposalForm) -> dict:
    data = form.cleaned_data
    return {
        name: data[name]
        for name in ("kind", "theme", "title", "description", "gains", "duration_minutes")
    }


@login_required
@require_http_methods(["GET", "POST"])
@permission_required("proposals.propose", load=queries.load_meeting)
@agreements_of_meeting
def create(request: MemberRequest, meeting: Meeting, meeting_pk: int) -> HttpResponse:
    """A member proposes a speaker, a work format, a topic or something else, while the call is
    open."""
    call = queries.call_of(meeting)
    if error := _call_closed_error(meeting):
        return _closed(request, error, meeting)
    assert call is not None  # a meeting without a call is refused above
    form = ProposalForm(request.POST or None, edition=meeting.edition)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.submit_proposal(
                call=call, proposer=request.user, **_service_fields(form)
            )
        except services.DeadlinePassed as error:
            return _closed(request, error, meeting)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you: your proposal has been added."))
            return redirect("proposals:detail", pk=proposal.pk)
    return render(
        request,
        "proposals/form.html",
        {
            "edition": meeting.edition,
            "meeting": meeting,
            "call": call,
            "form": form,
            "proposal": None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: MemberRequest, pk: int) -> HttpResponse:
    """The proposer changes or withdraws their proposal, until the deadline."""
    proposal = _proposal(request, pk, "proposals.change_proposal")
    meeting = proposal.call.meeting
    if response := agreements_first(request, proposal.call.meeting.edition.slug):
        return response
    refusal = None
    if not proposal.call.is_open:
        refusal = (
            services._deadline_passed(proposal.call).messages[0]
            + " "
            + _("Your proposal can no longer be changed or withdrawn.")
        )
    elif proposal.status not in services.OPEN_STATUSES:
        refusal = _("This proposal can no longer be changed: it is %(status)s.") % {
            "status": proposal.get_status_display().lower()
        }
    if refusal:
        messages.error(request, refusal)
        return redirect("proposals:detail", pk=proposal.pk)
    if request.method == "POST" and "withdraw" in request.POST:
        # Withdrawing cannot be undone: the box beside the button says so, and must be ticked.
        if request.POST.get("confirm_withdraw") != "1":
            messages.error(request, _("Tick the box to confirm that you withdraw your proposal."))
            return redirect("proposals:edit", pk=proposal.pk)
        try:
            services.withdraw_proposal(proposal=proposal, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("proposals:detail", pk=proposal.pk)
        messages.success(request, _("Your proposal has been withdrawn."))
        return redirect("proposals:list", meeting_pk=meeting.pk)
    form = ProposalForm(request.POST or None, edition=meeting.edition, proposal=proposal)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_proposal(proposal=proposal, actor=request.user, **_service_fields(form))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your proposal has been saved."))
            return redirect("proposals:detail", pk=proposal.pk)
    return render(
        request,
        "proposals/form.html",
        {
            "edition": meeting.edition,
            "meeting": meeting,
            "call": proposal.call,
            "form": form,
            "proposal": proposal,
        },
    )


# --- A proposal's page, support and comments -----------------------------------------------------


def _detail_context(request: HttpRequest, proposal: Proposal, **extra) -> dict:
    meeting = proposal.call.meeting
    user = request.user
    can_decide = rules.has_perm("proposals.decide_on_proposal", user, proposal)
    is_own = proposal.proposer_id == user.pk
    return {
        "edition": meeting.edition,
        "meeting": meeting,
        "call": proposal.call,
        "proposal": proposal,
        "comments": queries.comments_of(proposal=proposal),
        "comment_form": CommentForm(),
        "can_comment": rules.has_perm("proposals.comment_on_proposal", user, proposal)
        and proposal.status != ProposalStatus.WITHDRAWN,
        "can_support": rules.has_perm("proposals.support_proposal", user, proposal),
        "can_edit": is_own and proposal.call.is_open and proposal.status in services.OPEN_STATUSES,
        "can_decide": can_decide,
        "show_note": bool(proposal.facilitator_note) and (is_own or can_decide),
        "decision_form": DecisionForm(
            initial={
                "decision": proposal.status if proposal.status in services.DECISIONS else None,
                "note": proposal.facilitator_note,
            }
        ),
        **extra,
    }


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One proposal in full, with its support and its comments (oldest first)."""
    proposal = _proposal(request, pk, "proposals.view_proposal")
    if response := agreements_first(request, proposal.call.meeting.edition.slug):
        return response
    return render(request, "proposals/detail.html", _detail_context(request, proposal))


@login_required
@require_POST
def support(request: MemberRequest, pk: int) -> HttpResponse:
    """Support a proposal, or take the support back. `action` says which (so that a double
    click cannot undo itself); without it the button toggles. htmx gets the button back."""
    proposal = _proposal(request, pk, "proposals.support_proposal")
    if response := agreements_first(request, proposal.call.meeting.edition.slug):
        return response
    action = request.POST.get("action") or (
        "withdraw" if proposal.is_supported_by_me else "support"  # type: ignore[attr-defined]
    )
    try:
        if action == "withdraw":
            services.withdraw_support(proposal=proposal, user=request.user)
        else:
            services.support_proposal(proposal=proposal, user=request.user)
    except ValidationError as error:
        if _is_htmx(request):
            proposal = queries.support_state(proposal=proposal, user=request.user)
            return render(
                request,
                "proposals/_support.html",
                {
                    "proposal": proposal,
                    "can_support": True,
                    "next": request.POST.get("next", ""),
                    "error": " ".join(error.messages),
                },
            )
        messages.error(request, " ".join(error.messages))
        return redirect(_back(request, proposal))
    if _is_htmx(request):
        proposal = queries.support_state(proposal=proposal, user=request.user)
        return render(
            request,
            "proposals/_support.html",
            {"proposal": proposal, "can_support": True, "next": request.POST.get("next", "")},
        )
    if action == "withdraw":
        messages.success(request, _("You no longer support this proposal."))
    else:
        messages.success(request, _("You support this proposal."))
    return redirect(_back(request, proposal))


def _back(request: HttpRequest, proposal: Proposal) -> str:
    """Back to the list when the button was pressed there, else to the proposal."""
    if request.POST.get("next") == "list":
        return reverse("proposals:list", kwargs={"meeting_pk": proposal.call.meeting_id})
    return reverse("proposals:detail", kwargs={"pk": proposal.pk})


@login_required
@require_POST
def comment(request: MemberRequest, pk: int) -> HttpResponse:
    """Add a comment. htmx gets the comment list back, without JavaScript the page reloads."""
    proposal = _proposal(request, pk, "proposals.comment_on_proposal")
    if response := agreements_first(request, proposal.call.meeting.edition.slug):
        return response
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.add_comment(
                proposal=proposal, author=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            form.add_error(None, error)
    if form.is_valid():
        if _is_htmx(request):
            context = _detail_context(request, proposal)
            return render(request, "proposals/detail.html#comments", context)
        messages.success(request, _("Your comment has been added."))
        return redirect(reverse("proposals:detail", kwargs={"pk": proposal.pk}) + "#comments")
    context = _detail_context(request, proposal, comment_form=form)
    template = "proposals/detail.html#comments" if _is_htmx(request) else "proposals/detail.html"
    return render(request, template, context)


# --- The facilitators' decision ------------------------------------------------------------------


@login_required
@require_POST
def decide(request: MemberRequest, pk: int) -> HttpResponse:
    """Shortlist, select or decline, with a note (required to decline)."""
    proposal = _proposal(request, pk, "proposals.decide_on_proposal")
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            proposal = services.decide_proposal(
                proposal=proposal,
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
    if not form.is_valid():
        context = _detail_context(request, proposal, decision_form=form)
        return render(request, "proposals/detail.html", context)
    texts: dict[str, str] = {
        ProposalStatus.SHORTLISTED: _("The proposal is on the shortlist."),
        ProposalStatus.SELECTED: _(
            "The proposal is selected: it is now the plenary workshop on the programme."
        ),
        ProposalStatus.DECLINED: _("The proposal has been declined."),
    }
    messages.success(request, texts[proposal.status])
    return redirect("proposals:detail", pk=proposal.pk)
