"""A learning group's activities: the timeline, logging one, editing one. Thin views: parse, check
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
from django.views.decorators.http import require_GET, require_http_methods

from leerplatform.groups.forms.activities import ActivityForm
from leerplatform.groups.models import GroupStatus, LearningGroup
from leerplatform.groups.queries import activities as queries
from leerplatform.groups.services import activities as services
from leerplatform.membership.decorators import needs_to_accept_agreements


def _group(request: HttpRequest, pk: int, perm: str) -> LearningGroup:
    group = queries.group_for_activities(pk=pk)
    if group is None:
        raise Http404(_("This learning group does not exist."))
    # rules.has_perm, not user.has_perm: a superuser passes every has_perm, but group-only
    # activities are for the group's members only.
    if not rules.has_perm(perm, request.user, group):
        raise PermissionDenied
    return group


def _agreements_first(request: HttpRequest, group: LearningGroup) -> HttpResponse | None:
    """Member pages: a participant first accepts the edition's current agreements."""
    slug = group.edition.slug
    if not needs_to_accept_agreements(user=request.user, slug=slug):
        return None
    messages.info(
        request, _("Please read and accept the collaboration agreements of this edition first.")
    )
    url = reverse("membership:agreements", kwargs={"slug": slug})
    next_url = request.get_full_path() if request.method == "GET" else request.path
    return redirect(f"{url}?{urlencode({'next': next_url})}")


def _timeline_url(group: LearningGroup, activity_pk: int | None = None) -> str:
    url = reverse("groups:activities", kwargs={"pk": group.pk})
    return f"{url}#activity-{activity_pk}" if activity_pk else url


def _closed(request: HttpRequest, group: LearningGroup) -> HttpResponse | None:
    if group.status != GroupStatus.CLOSED:
        return None
    messages.error(
        request, _("This learning group has been closed: its activities can no longer change.")
    )
    return redirect(_timeline_url(group))


@login_required
@require_GET
def timeline(request: HttpRequest, pk: int) -> HttpResponse:
    """The group's planned and done activities on a timeline, in date order."""
    group = _group(request, pk, "groups.view_activities")
    if response := _agreements_first(request, group):
        return response
    return render(
        request,
        "groups/activities.html",
        {
            "edition": group.edition,
            "group": group,
            "timeline": queries.timeline(group=group, user=request.user),
            "can_log": group.status != GroupStatus.CLOSED
            and rules.has_perm("groups.log_activity", request.user, group),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest, pk: int) -> HttpResponse:
    """A member logs an activity of the group: planned, or done with its outcome."""
    group = _group(request, pk, "groups.log_activity")
    if response := _agreements_first(request, group) or _closed(request, group):
        return response
    form = ActivityForm(request.POST or None, members=queries.possible_participants(group=group))
    if request.method == "POST" and form.is_valid():
        try:
            item = services.log_activity(
                group=group, actor=request.user, **form.service_arguments()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The activity has been added to the timeline."))
            return redirect(_timeline_url(group, item.pk))
    return render(
        request,
        "groups/activity_form.html",
        {"edition": group.edition, "group": group, "form": form, "activity": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int, activity_pk: int) -> HttpResponse:
    """A member changes an activity of the group, e.g. marks it done and adds the outcome."""
    group = _group(request, pk, "groups.log_activity")
    item = queries.activity_for_edit(group=group, activity_pk=activity_pk)
    if item is None:
        raise Http404(_("This activity does not exist."))
    if response := _agreements_first(request, group) or _closed(request, group):
        return response
    form = ActivityForm(
        request.POST or None,
        members=queries.possible_participants(group=group, activity=item),
        activity=item,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_activity(item=item, actor=request.user, **form.service_arguments())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The activity has been saved."))
            return redirect(_timeline_url(group, item.pk))
    return render(
        request,
        "groups/activity_form.html",
        {"edition": group.edition, "group": group, "form": form, "activity": item},
    )
