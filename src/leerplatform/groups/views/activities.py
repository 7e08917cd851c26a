"""A learning group's activities: the timeline, logging one, editing one. Thin views: they declare
their permission, parse, call a service or a query, render.

Reading follows the visibility rule (`groups.view_activities`), asked through `rules.has_perm`, not
`user.has_perm`: a superuser passes every has_perm, but group-only activities are for the group's
members only."""

from __future__ import annotations

import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from leerplatform.accounts.models import User
from leerplatform.core.permissions import permission_required
from leerplatform.groups.forms.activities import ActivityForm
from leerplatform.groups.models import CLOSED_GROUP, GroupActivity, GroupStatus, LearningGroup
from leerplatform.groups.queries import activities as queries
from leerplatform.groups.queries.groups import load_group
from leerplatform.groups.rules import is_group_member
from leerplatform.groups.services import activities as services
from leerplatform.membership.decorators import agreements_accepted, agreements_first


class MemberRequest(HttpRequest):
    """The request of a page that needs a login (`@login_required`): its user is a person."""

    user: User


# Member pages: a participant first accepts the edition's current agreements.
agreements_of_group = agreements_accepted(slug_of=lambda group: group.edition.slug)
agreements_of_group_of_activity = agreements_accepted(slug_of=lambda item: item.group.edition.slug)


def _timeline_url(group: LearningGroup, activity_pk: int | None = None) -> str:
    url = reverse("groups:activities", kwargs={"pk": group.pk})
    return f"{url}#activity-{activity_pk}" if activity_pk else url


def _closed(request: HttpRequest, group: LearningGroup) -> HttpResponse | None:
    if group.status != GroupStatus.CLOSED:
        return None
    messages.error(request, CLOSED_GROUP)
    return redirect(_timeline_url(group))


@login_required
@require_GET
@permission_required("groups.view_activities", load=load_group)
@agreements_of_group
def timeline(request: MemberRequest, group: LearningGroup, pk: int) -> HttpResponse:
    """The group's planned and done activities on a timeline, in date order."""
    return render(
        request,
        "groups/activities.html",
        {
            "edition": group.edition,
            "group": group,
            "timeline": queries.timeline(group=group, user=request.user),
            # Not the template's {% has_perm %}: it asks user.has_perm, which a superuser passes,
            # and only the group's members log activities (and not in a closed group).
            "can_log": group.status != GroupStatus.CLOSED
            and rules.has_perm("groups.log_activity", request.user, group),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@permission_required("groups.log_activity", load=load_group)
@agreements_of_group
def create(request: MemberRequest, group: LearningGroup, pk: int) -> HttpResponse:
    """A member logs an activity of the group: planned, or done with its outcome."""
    if response := _closed(request, group):
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
@permission_required("groups.log_activity", load=load_group)
def edit(request: MemberRequest, group: LearningGroup, pk: int, activity_pk: int) -> HttpResponse:
    """A member changes an activity of the group, e.g. marks it done and adds the outcome."""
    item = queries.activity_for_edit(group=group, activity_pk=activity_pk)
    if item is None:
        raise Http404(_("This activity does not exist."))
    # The agreements after the 404 of an unknown activity, as before the guard was shared.
    if response := agreements_first(request, group.edition.slug) or _closed(request, group):
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


def _hidden_activity(user, item: GroupActivity) -> bool:
    # Whoever may not see the activity (the group's activities; a confidential one: the group's
    # members only) does not learn that it exists.
    if item.confidential and not is_group_member(user, item.group):
        return True
    return not rules.has_perm("groups.view_activities", user, item.group)


@login_required
@require_http_methods(["GET", "POST"])
@permission_required("groups.delete_activity", load=queries.load_activity, hide=_hidden_activity)
@agreements_of_group_of_activity
def delete(request: MemberRequest, item: GroupActivity, pk: int, activity_pk: int) -> HttpResponse:
    """Move an activity to the bin: a confirmation page, then a POST."""
    group = item.group
    if item.deleted_at is not None:
        raise Http404(_("This activity is in the bin already."))
    if response := _closed(request, group):
        return response
    if request.method == "POST":
        try:
            services.delete_activity(item=item, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("“%(title)s” is in the bin. You can restore it there for %(days)s days.")
                % {"title": item.title, "days": settings.LIBRARY_BIN_DAYS},
            )
        return redirect(_timeline_url(group))
    return render(
        request,
        "groups/activity_delete.html",
        {
            "edition": group.edition,
            "group": group,
            "activity": item,
            "bin_days": settings.LIBRARY_BIN_DAYS,
        },
    )


@login_required
@require_POST
@permission_required("groups.delete_activity", load=queries.load_activity, hide=_hidden_activity)
@agreements_of_group_of_activity
def restore(request: MemberRequest, item: GroupActivity, pk: int, activity_pk: int) -> HttpResponse:
    """Take an activity out of the bin."""
    group = item.group
    if response := _closed(request, group):
        return response
    try:
        services.restore_activity(item=item, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_timeline_url(group))
    messages.success(request, _("“%(title)s” is back on the timeline.") % {"title": item.title})
    return redirect(_timeline_url(group, item.pk))
