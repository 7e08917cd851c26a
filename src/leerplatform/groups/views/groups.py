"""Learning groups: the learning agenda with its groups, the list, starting and changing a group,
a group's page, joining, asking to join, leaving, and the members page. Thin views: they declare
their permission, parse, call a service or a query, render."""

from __future__ import annotations

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from leerplatform.accounts.models import User
from leerplatform.core import fragments
from leerplatform.core.permissions import permission_required
from leerplatform.editions.models import Edition, Role
from leerplatform.editions.rules import roles_of
from leerplatform.editions.views import edition_or_404
from leerplatform.groups.forms.groups import (
    AssignForm,
    CoordinatorForm,
    DecisionForm,
    GroupForm,
    JoinRequestForm,
    RemoveMemberForm,
)
from leerplatform.groups.models import GroupStatus, JoinPolicy, LearningGroup
from leerplatform.groups.queries import groups as queries
from leerplatform.groups.queries.activities import activities_box_context
from leerplatform.groups.queries.discussions import discussions_box_context
from leerplatform.groups.queries.reports import reports_box_context
from leerplatform.groups.queries.workplan import workplan_box_context
from leerplatform.groups.services import groups as services
from leerplatform.membership.decorators import agreements_accepted


class MemberRequest(HttpRequest):
    """The request of a page that needs a login (`@login_required`): its user is a person."""

    user: User


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
    """The edition of the slug pages: it is read with the viewer (an unpublished edition is a
    404 for outsiders), which a loader of `permission_required` (URL arguments only) cannot, so
    the permission is asked here. rules.has_perm, not user.has_perm: a superuser passes every
    has_perm, but only members start and join groups; the rules name staff where staff may act."""
    edition = edition_or_404(request, slug)
    if not rules.has_perm(perm, request.user, edition):
        raise PermissionDenied
    return edition


def _can_start(request: HttpRequest, edition: Edition) -> bool:
    # Not the template's {% has_perm %}: it asks user.has_perm, which a superuser passes, and
    # only the edition's members start groups.
    return rules.has_perm("groups.start_group", request.user, edition)


# Member pages: a participant first accepts the edition's current agreements.
agreements_of_group = agreements_accepted(slug_of=lambda group: group.edition.slug)


def _refuse(request: HttpRequest, error: ValidationError, to: str, pk: int) -> HttpResponse:
    messages.error(request, " ".join(error.messages))
    return redirect(to, pk=pk)


# --- The agenda and the list ---------------------------------------------------------------------


@agreements_accepted
def agenda(request: HttpRequest, slug: str) -> HttpResponse:
    """The learning agenda: every theme, public, linked to its theme page; the groups working on
    it for those who may see the edition's groups (the others see how many)."""
    edition = _edition(request, slug, "groups.view_agenda")
    return render(
        request,
        "groups/agenda.html",
        {
            "edition": edition,
            "agenda": queries.agenda(edition=edition, viewer=request.user),
            "can_start": _can_start(request, edition),
            "sees_groups": rules.has_perm("groups.view_groups", request.user, edition),
        },
    )


def _lazy_box(box, *, group: LearningGroup, user) -> dict:
    """A box's context (`{"<name>_box": ...}`) read only when a template uses it."""
    name = f"{box.__name__.removesuffix('_box_context')}_box"
    return fragments.lazy_context(lambda: box(group=group, user=user), (name,))


@login_required
@agreements_accepted
def group_list(request: MemberRequest, slug: str) -> HttpResponse:
    """The groups of the edition as cards, a page at a time, the viewer's own marked."""
    edition = _edition(request, slug, "groups.view_groups")
    # Read only when the page's shared fragment (core.fragments) is not in the cache.
    listing = fragments.lazy(
        lambda: queries.group_list(
            edition=edition, viewer=request.user, page_number=request.GET.get("page")
        )
    )
    is_participant = roles_of(request.user).get(edition.pk) == Role.PARTICIPANT
    return render(
        request,
        "groups/list.html",
        {
            "edition": edition,
            "listing": listing,
            "can_start": _can_start(request, edition),
            "at_cap": fragments.lazy(
                lambda: is_participant and len(listing.my_groups) >= listing.cap
            ),
            "viewer_key": fragments.lazy(
                lambda: queries.list_viewer_key(edition=edition, viewer=request.user)
            ),
        },
    )


# --- Starting and changing a group ---------------------------------------------------------------


def _group_arguments(form: GroupForm) -> dict:
    return {name: form.cleaned_data[name] for name in GROUP_FIELDS}


@login_required
@require_http_methods(["GET", "POST"])
@agreements_accepted
def create(request: MemberRequest, slug: str) -> HttpResponse:
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
@permission_required("groups.change_group", load=queries.load_group)
@agreements_of_group
def edit(request: MemberRequest, group: LearningGroup, pk: int) -> HttpResponse:
    """Coordinators and facilitators change the group, its status included; a closed group only
    a facilitator (who reopens it)."""
    if group.is_closed and not rules.has_perm("groups.assign_members", request.user, group):
        messages.error(
            request, _("This learning group is closed: only a facilitator can change or reopen it.")
        )
        return redirect("groups:detail", pk=group.pk)
    form = GroupForm(request.POST or None, edition=group.edition, group=group, with_status=True)
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
@permission_required("groups.view_group", load=queries.load_group)
@agreements_of_group
def detail(request: MemberRequest, group: LearningGroup, pk: int) -> HttpResponse:
    """A group's page: what it is about, its members, and the boxes of its work."""
    return _group_page(request, group)


def _group_page(
    request: MemberRequest,
    group: LearningGroup,
    request_form: JoinRequestForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The group's page; with `request_form`, its join request came back with errors (the page
    again with the error summary and what was typed, not a redirect that loses it)."""
    user = request.user
    # Who may manage the members also sees the number of requests waiting (the page asks the
    # same permission for its button).
    with_pending = rules.has_perm("groups.manage_members", user, group)
    page = queries.group_page(
        group=group, viewer=user, with_pending=with_pending, lazy_members=True
    )
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
        "can_join": may_join and group.join_policy == JoinPolicy.OPEN and not page.is_full,
        "can_request": may_join
        and group.join_policy == JoinPolicy.REQUEST
        and page.my_request is None
        and not page.is_full,
        # Made only when the page shows it (most viewers are members, who cannot ask).
        "request_form": request_form or fragments.lazy(JoinRequestForm),
    }
    # The clock decides per request which meeting a report is due for; its box is a shared
    # fragment keyed on that decision (its reports are read on a miss only).
    context |= reports_box_context(group=group, user=user)
    # Read only when the page's shared fragments (core.fragments) are not in the cache.
    for box in (workplan_box_context, activities_box_context, discussions_box_context):
        context |= _lazy_box(box, group=group, user=user)
    return render(request, "groups/group_detail.html", context, status=status)


# --- Joining and leaving -------------------------------------------------------------------------


@login_required
@require_POST
@permission_required("groups.join_group", load=queries.load_group)
@agreements_of_group
def join(request: MemberRequest, group: LearningGroup, pk: int) -> HttpResponse:
    """Join an open group at once; ask to join (with a message) one whose coordinators decide;
    `action=withdraw` takes one's request back."""
    try:
        if request.POST.get("action") == "withdraw":
            services.withdraw_request(group=group, user=request.user)
            messages.success(request, _("Your request to join has been withdrawn."))
        elif group.join_policy == JoinPolicy.REQUEST:
            form = JoinRequestForm(request.POST)
            if not form.is_valid():
                return _group_page(request, group, request_form=form, status=400)
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
@permission_required("groups.view_group", load=queries.load_group)
@agreements_of_group
def leave(request: MemberRequest, group: LearningGroup, pk: int) -> HttpResponse:
    """Leave a group: a confirmation page, then a POST."""
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
        },
    )


# --- Members, coordinators, requests -------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@permission_required("groups.manage_members", load=queries.load_group)
@agreements_of_group
def members(request: MemberRequest, group: LearningGroup, pk: int) -> HttpResponse:
    """The members page: coordinators (un)make coordinators and decide on requests; facilitators
    also assign participants directly."""
    # Assigning is one of the page's POSTed actions, so it is asked here: the candidates are read
    # only for those who may assign, and an `action=assign` of anyone else is refused (403).
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
            "assign_form": assign_form,
            "former_members": listing.former,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
@permission_required("groups.remove_members", load=queries.load_group)
@agreements_of_group
def remove_member(
    request: MemberRequest, group: LearningGroup, pk: int, person_pk: int
) -> HttpResponse:
    """Take a member out of the group: a page asking for the reason, then a POST. The person is
    told by email and notification (the service)."""
    page = queries.group_page(group=group, viewer=request.user)
    row = next((r for r in page.members if r.person.pk == person_pk), None)
    if row is None:
        raise Http404(_("This person is not a member of this learning group."))
    form = RemoveMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.remove_member(
                group=group,
                person=row.person,
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s is no longer a member of the group and has been told why.")
                % {"name": row.person.name},
            )
            return redirect("groups:members", pk=group.pk)
    return render(
        request,
        "groups/remove_member.html",
        {"edition": group.edition, "group": group, "person": row.person, "form": form},
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
@permission_required("groups.manage_members", load=queries.load_group)
@agreements_of_group
def decide_request(
    request: MemberRequest, group: LearningGroup, pk: int, request_pk: int
) -> HttpResponse:
    """Accept or decline a request to join; the person is told by email."""
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
