"""Learning groups: the learning agenda with its groups, the list, starting and changing a group,
a group's page, joining, asking to join, leaving, and the members page. Thin views: parse, check
the permission, call a service or a query, render."""

from __future__ import annotations

from urllib.parse import urlencode

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from leerplatform.editions.models import Edition, Role
from leerplatform.editions.rules import roles_of
from leerplatform.editions.views import edition_or_404
from leerplatform.groups.forms.groups import (
    AssignForm,
    CoordinatorForm,
    DecisionForm,
    GroupForm,
    JoinRequestForm,
)
from leerplatform.groups.models import GroupStatus, JoinPolicy, LearningGroup
from leerplatform.groups.queries import groups as queries
from leerplatform.groups.queries.activities import activities_box_context
from leerplatform.groups.queries.discussions import discussions_box_context
from leerplatform.groups.queries.reports import reports_box_context
from leerplatform.groups.queries.workplan import workplan_box_context
from leerplatform.groups.services import groups as services
from leerplatform.membership.decorators import agreements_accepted, needs_to_accept_agreements

GROUP_FIELDS = (
    "name",
    "description",
    "themes",
    "join_policy",
    "max_size",
    "workplan_visibility",
    "activities_visibility",
)


def _edition(request: HttpRequest, slug: str, perm: str) -> Edition:
    edition = edition_or_404(request, slug)
    # rules.has_perm, not user.has_perm: a superuser passes every has_perm, but only members
    # start and join groups; the rules name staff where staff may act.
    if not rules.has_perm(perm, request.user, edition):
        raise PermissionDenied
    return edition


def _group(request: HttpRequest, pk: int, perm: str) -> LearningGroup:
    group = queries.group_for_page(pk=pk)
    if group is None:
        raise Http404(_("This learning group does not exist."))
    if not rules.has_perm(perm, request.user, group):
        raise PermissionDenied
    return group


def _agreements_first(request: HttpRequest, edition: Edition) -> HttpResponse | None:
    """Member pages: a participant first accepts the edition's current agreements."""
    if not needs_to_accept_agreements(user=request.user, slug=edition.slug):
        return None
    messages.info(
        request, _("Please read and accept the collaboration agreements of this edition first.")
    )
    url = reverse("membership:agreements", kwargs={"slug": edition.slug})
    next_url = request.get_full_path() if request.method == "GET" else request.path
    return redirect(f"{url}?{urlencode({'next': next_url})}")


def _refuse(request: HttpRequest, error: ValidationError, to: str, pk: int) -> HttpResponse:
    messages.error(request, " ".join(error.messages))
    return redirect(to, pk=pk)


# --- The agenda and the list ---------------------------------------------------------------------


@login_required
@agreements_accepted
def agenda(request: HttpRequest, slug: str) -> HttpResponse:
    """The learning agenda: every theme with the groups working on it."""
    edition = _edition(request, slug, "groups.view_groups")
    return render(
        request,
        "groups/agenda.html",
        {
            "edition": edition,
            "agenda": queries.agenda(edition=edition, viewer=request.user),
            "can_start": rules.has_perm("groups.start_group", request.user, edition),
        },
    )


@login_required
@agreements_accepted
def group_list(request: HttpRequest, slug: str) -> HttpResponse:
    """All groups of the edition as cards, the viewer's own marked."""
    edition = _edition(request, slug, "groups.view_groups")
    listing = queries.group_list(edition=edition, viewer=request.user)
    is_participant = roles_of(request.user).get(edition.pk) == Role.PARTICIPANT
    return render(
        request,
        "groups/list.html",
        {
            "edition": edition,
            "listing": listing,
            "can_start": rules.has_perm("groups.start_group", request.user, edition),
            "at_cap": is_participant and len(listing.my_groups) >= listing.cap,
        },
    )


# --- Starting and changing a group ---------------------------------------------------------------


def _group_arguments(form: GroupForm) -> dict:
    return {name: form.cleaned_data[name] for name in GROUP_FIELDS}


@login_required
@require_http_methods(["GET", "POST"])
@agreements_accepted
def create(request: HttpRequest, slug: str) -> HttpResponse:
    """Start a learning group; the starter becomes its coordinator."""
    edition = _edition(request, slug, "groups.start_group")
    form = GroupForm(request.POST or None, edition=edition)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.start_group(
                edition=edition, actor=request.user, **_group_arguments(form)
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The learning group has been started. You are its coordinator (trekker)."),
            )
            return redirect("groups:detail", pk=group.pk)
    return render(
        request,
        "groups/group_form.html",
        {
            "edition": edition,
            "form": form,
            "group": None,
            "at_cap": queries.is_at_cap(edition=edition, user=request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Coordinators and facilitators change the group, its status included."""
    group = _group(request, pk, "groups.change_group")
    if response := _agreements_first(request, group.edition):
        return response
    initial = {
        "name": group.name,
        "description": group.description,
        "themes": list(group.themes.values_list("pk", flat=True)),
        "join_policy": group.join_policy,
        "max_size": group.max_size,
        "workplan_visibility": group.workplan_visibility,
        "activities_visibility": group.activities_visibility,
        "status": group.status,
    }
    form = GroupForm(request.POST or None, edition=group.edition, with_status=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_group(
                group=group,
                actor=request.user,
                status=form.cleaned_data["status"],
                **_group_arguments(form),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The learning group has been saved."))
            return redirect("groups:detail", pk=group.pk)
    return render(
        request,
        "groups/group_form.html",
        {"edition": group.edition, "form": form, "group": group},
    )


# --- A group's page ------------------------------------------------------------------------------


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A group's page: what it is about, its members, and the boxes of its work."""
    group = _group(request, pk, "groups.view_group")
    if response := _agreements_first(request, group.edition):
        return response
    user = request.user
    can_manage = rules.has_perm("groups.manage_members", user, group)
    page = queries.group_page(group=group, viewer=user, with_pending=can_manage)
    may_join = (
        not page.is_member
        and not page.at_cap
        and group.status != GroupStatus.CLOSED
        and rules.has_perm("groups.join_group", user, group)
    )
    context = {
        "edition": group.edition,
        "group": group,
        "page": page,
        "can_edit": rules.has_perm("groups.change_group", user, group),
        "can_manage": can_manage,
        "can_join": may_join and group.join_policy == JoinPolicy.OPEN and not page.is_full,
        "can_request": may_join
        and group.join_policy == JoinPolicy.REQUEST
        and page.my_request is None
        and not page.is_full,
        "request_form": JoinRequestForm(),
    }
    for box in (
        workplan_box_context,
        activities_box_context,
        reports_box_context,
        discussions_box_context,
    ):
        context |= box(group=group, user=user)
    return render(request, "groups/group_detail.html", context)


# --- Joining and leaving -------------------------------------------------------------------------


@login_required
@require_POST
def join(request: HttpRequest, pk: int) -> HttpResponse:
    """Join an open group at once; ask to join (with a message) one whose coordinators decide;
    `action=withdraw` takes one's request back."""
    group = _group(request, pk, "groups.join_group")
    if response := _agreements_first(request, group.edition):
        return response
    try:
        if request.POST.get("action") == "withdraw":
            services.withdraw_request(group=group, user=request.user)
            messages.success(request, _("Your request to join has been withdrawn."))
        elif group.join_policy == JoinPolicy.REQUEST:
            form = JoinRequestForm(request.POST)
            if not form.is_valid():
                raise ValidationError(form.errors["message"])
            services.request_to_join(
                group=group,
                user=request.user,
                message=form.cleaned_data["message"],
            )
            messages.success(
                request,
                _("Your request has been sent. The coordinators will let you know by email."),
            )
        else:
            services.join_group(group=group, user=request.user)
            messages.success(
                request, _("Welcome: you are now a member of “%(name)s”.") % {"name": group.name}
            )
    except ValidationError as error:
        return _refuse(request, error, "groups:detail", group.pk)
    return redirect("groups:detail", pk=group.pk)


@login_required
@require_http_methods(["GET", "POST"])
def leave(request: HttpRequest, pk: int) -> HttpResponse:
    """Leave a group: a confirmation page, then a POST."""
    group = _group(request, pk, "groups.view_group")
    if response := _agreements_first(request, group.edition):
        return response
    page = queries.group_page(group=group, viewer=request.user)
    if not page.is_member:
        messages.info(request, _("You are not a member of this learning group."))
        return redirect("groups:detail", pk=group.pk)
    if request.method == "POST":
        try:
            services.leave_group(group=group, user=request.user)
        except ValidationError as error:
            return _refuse(request, error, "groups:leave", group.pk)
        messages.success(request, _("You have left “%(name)s”.") % {"name": group.name})
        return redirect("groups:list", slug=group.edition.slug)
    others = [row for row in page.members if not row.is_me]
    return render(
        request,
        "groups/leave.html",
        {
            "edition": group.edition,
            "group": group,
            "page": page,
            "is_last_coordinator": page.is_coordinator
            and bool(others)
            and not any(row.is_coordinator for row in others),
            "is_last_member": not others,
            "can_manage": rules.has_perm("groups.manage_members", request.user, group),
        },
    )


# --- Members, coordinators, requests -------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def members(request: HttpRequest, pk: int) -> HttpResponse:
    """The members page: coordinators (un)make coordinators and decide on requests; facilitators
    also assign participants directly."""
    group = _group(request, pk, "groups.manage_members")
    if response := _agreements_first(request, group.edition):
        return response
    can_assign = rules.has_perm("groups.assign_members", request.user, group)
    listing = queries.members_page(group=group, viewer=request.user, with_candidates=can_assign)
    assign_form = AssignForm(candidates=listing.candidates or [])
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "assign":
            if not can_assign:
                raise PermissionDenied
            assign_form = AssignForm(request.POST, candidates=listing.candidates or [])
            if assign_form.is_valid():
                person = assign_form.cleaned_data["person"].user
                try:
                    services.assign_member(group=group, person=person, actor=request.user)
                except ValidationError as error:
                    assign_form.add_error(None, error)
                else:
                    _assigned_message(request, person=person, edition=group.edition)
                    return redirect("groups:members", pk=group.pk)
        elif action == "coordinator":
            form = CoordinatorForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Choose a member and what to change."))
                return redirect("groups:members", pk=group.pk)
            row = next(
                (r for r in listing.page.members if r.person.pk == form.cleaned_data["person"]),
                None,
            )
            if row is None:
                messages.error(request, _("This person is not a member of this learning group."))
                return redirect("groups:members", pk=group.pk)
            try:
                services.set_coordinator(
                    group=group,
                    person=row.person,
                    is_coordinator=form.cleaned_data["coordinator"],
                    actor=request.user,
                )
            except ValidationError as error:
                return _refuse(request, error, "groups:members", group.pk)
            if form.cleaned_data["coordinator"]:
                text = _("%(name)s is now a coordinator.")
            else:
                text = _("%(name)s is no longer a coordinator.")
            messages.success(request, text % {"name": row.person.name})
            return redirect("groups:members", pk=group.pk)
        else:
            messages.error(request, _("Choose what to do."))
            return redirect("groups:members", pk=group.pk)
    return render(
        request,
        "groups/members.html",
        {
            "edition": group.edition,
            "group": group,
            "listing": listing,
            "page": listing.page,
            "can_assign": can_assign,
            "assign_form": assign_form,
            "former_members": listing.former,
        },
        status=400 if request.method == "POST" else 200,
    )


def _assigned_message(request: HttpRequest, *, person, edition: Edition) -> None:
    beyond = services.groups_beyond_cap(person=person, edition=edition)
    text = _("%(name)s is now a member of the group.") % {"name": person.name}
    if beyond:
        text += " " + _(
            "Note: %(name)s is now in more learning groups than the edition's limit of "
            "%(cap)s (a facilitator may make this exception)."
        ) % {"name": person.name, "cap": edition.max_groups_per_person}
    messages.success(request, text)


@login_required
@require_POST
def decide_request(request: HttpRequest, pk: int, request_pk: int) -> HttpResponse:
    """Accept or decline a request to join; the person is told by email."""
    group = _group(request, pk, "groups.manage_members")
    if response := _agreements_first(request, group.edition):
        return response
    join_request = queries.join_request_of(group=group, pk=request_pk)
    if join_request is None:
        raise Http404(_("This request does not exist."))
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to accept or decline."))
        return redirect("groups:members", pk=group.pk)
    accept = form.cleaned_data["decision"] == "accept"
    try:
        services.decide_join_request(
            join_request=join_request,
            accept=accept,
            actor=request.user,
        )
    except ValidationError as error:
        return _refuse(request, error, "groups:members", group.pk)
    name = join_request.user.name
    if accept:
        messages.success(request, _("%(name)s is now a member of the group.") % {"name": name})
    else:
        messages.success(request, _("The request of %(name)s has been declined.") % {"name": name})
    return redirect("groups:members", pk=group.pk)
