"""The work plan: the current version, editing (with conflict detection), the history, one old
version, two versions side by side, agreeing. Thin views: they declare their permission, parse,
call a service or a query.

Who sees the plan is `groups.view_workplan`: a group-only plan is for the group's active members
only — facilitators and staff who are not in the group get 403 like anyone else (the group itself
is no secret, its plan is); a plan shared with the edition is read by all its members. Rules are
asked through `rules.has_perm`, not `user.has_perm`, so that a superuser does not slip past the
visibility rule. The permission is checked before any version number is looked at, so a refused
person cannot learn how many versions a plan has.
"""

from __future__ import annotations

from collections.abc import Mapping

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from leerplatform.accounts.models import User
from leerplatform.core.permissions import permission_required
from leerplatform.groups.diff import diff_versions, part_label
from leerplatform.groups.forms.workplan import CompareForm, WorkPlanForm
from leerplatform.groups.models import CLOSED_GROUP, LearningGroup, WorkPlanVersion
from leerplatform.groups.queries import workplan as queries
from leerplatform.groups.queries.groups import load_group
from leerplatform.groups.services import workplan as services
from leerplatform.membership.decorators import agreements_accepted


class MemberRequest(HttpRequest):
    """The request of a page that needs a login (`@login_required`): its user is a person."""

    user: User


# Member pages: a participant first accepts the edition's current agreements.
agreements_of_group = agreements_accepted(slug_of=lambda group: group.edition.slug)


def _context(request: HttpRequest, group: LearningGroup, **extra) -> dict:
    # The buttons are asked with rules.has_perm, not the template's {% has_perm %}: that asks
    # user.has_perm, which a superuser passes, and only the group's members edit and agree.
    return {
        "edition": group.edition,
        "group": group,
        # A closed group is read-only (the service refuses; the page offers nothing).
        "can_edit": not group.is_closed
        and rules.has_perm("groups.edit_workplan", request.user, group),
        "can_agree": not group.is_closed
        and rules.has_perm("groups.agree_workplan", request.user, group),
        **extra,
    }


def _parts(version: WorkPlanVersion) -> list[tuple[str, str, str]]:
    """(name, label, text) of every part, in the plan's order."""
    return [(name, part_label(name), getattr(version, name)) for name in WorkPlanVersion.PARTS]


def _not_found(request: HttpRequest, group: LearningGroup, message: str) -> HttpResponse:
    context = _context(request, group, message=message)
    return render(request, "groups/workplan_not_found.html", context, status=404)


# --- Reading -------------------------------------------------------------------------------------


@login_required
@require_safe
@permission_required("groups.view_workplan", load=load_group)
@agreements_of_group
def current(request: MemberRequest, group: LearningGroup, pk: int) -> HttpResponse:
    """The current (newest) version, whether it is agreed, and which version was agreed last."""
    plan = queries.current_plan(group=group)
    return render(
        request,
        "groups/workplan.html",
        _context(
            request,
            group,
            plan=plan,
            version=plan.newest,
            parts=_parts(plan.newest) if plan.newest else [],
        ),
    )


@login_required
@require_safe
@permission_required("groups.view_workplan", load=load_group)
@agreements_of_group
def versions(request: MemberRequest, group: LearningGroup, pk: int) -> HttpResponse:
    """Every version with its author, date and agreed marker; a form to compare two of them."""
    version_list = queries.version_list(group=group)
    numbers = [version.number for version in version_list]
    initial = {"a": numbers[1], "b": numbers[0]} if len(numbers) > 1 else {}
    return render(
        request,
        "groups/workplan_versions.html",
        _context(
            request,
            group,
            versions=version_list,
            compare_form=CompareForm(initial=initial, numbers=numbers),
        ),
    )


@login_required
@require_safe
@permission_required("groups.view_workplan", load=load_group)
@agreements_of_group
def version(request: MemberRequest, group: LearningGroup, pk: int, number: int) -> HttpResponse:
    """One version, old or current, in full."""
    shown = queries.version_of(group=group, number=number)
    if shown is None:
        return _not_found(
            request,
            group,
            _("Version %(number)s of this work plan does not exist.") % {"number": number},
        )
    newest = queries.newest_number(group=group)
    return render(
        request,
        "groups/workplan_version.html",
        _context(request, group, version=shown, parts=_parts(shown), newest_number=newest),
    )


@login_required
@require_safe
@permission_required("groups.view_workplan", load=load_group)
@agreements_of_group
def compare(request: MemberRequest, group: LearningGroup, pk: int) -> HttpResponse:
    """Two versions side by side, part by part, the older one on the left, changes marked.
    Without numbers: the newest against the one before it."""
    numbers = queries.version_numbers(group=group)
    if "a" not in request.GET and "b" not in request.GET:
        if len(numbers) < 2:
            form = CompareForm(numbers=numbers)
            context = _context(request, group, compare_form=form, too_few=True)
            return render(request, "groups/workplan_compare.html", context)
        data: Mapping[str, object] = {"a": numbers[1], "b": numbers[0]}
    else:
        data = request.GET
    form = CompareForm(data, numbers=numbers)
    if not form.is_valid():
        context = _context(request, group, compare_form=form)
        return render(request, "groups/workplan_compare.html", context, status=400)
    a, b = sorted((form.cleaned_data["a"], form.cleaned_data["b"]))
    found = queries.versions_of(group=group, numbers=[a, b])
    missing = [n for n in (a, b) if n not in found]
    if missing:
        return _not_found(
            request,
            group,
            _("Version %(number)s of this work plan does not exist.") % {"number": missing[0]},
        )
    old, new = found[a], found[b]
    return render(
        request,
        "groups/workplan_compare.html",
        _context(
            request,
            group,
            compare_form=CompareForm(initial={"a": a, "b": b}, numbers=numbers),
            old=old,
            new=new,
            diff=diff_versions(old, new),
        ),
    )


# --- Writing -------------------------------------------------------------------------------------


def _conflict_message(conflict: services.WorkPlanConflict) -> str:
    newest = conflict.newest
    return _(
        "%(name)s saved a new version of the work plan (version %(number)s, %(time)s) after you "
        "opened this form. Nothing has been saved: your text is still below. Check what changed "
        "in their version, adapt your text where needed, and save again."
    ) % {
        "name": newest.author.name if newest.author else _("Someone"),
        "number": newest.number,
        "time": date_format(timezone.localtime(newest.created_at), "DATETIME_FORMAT"),
    }


@login_required
@require_http_methods(["GET", "POST"])
@permission_required("groups.edit_workplan", load=load_group)
@agreements_of_group
def edit(request: MemberRequest, group: LearningGroup, pk: int) -> HttpResponse:
    """Members edit the plan; every save that changes something becomes a new version. A save
    based on an older version than the newest is refused with the other person's changes shown."""
    if group.is_closed:
        messages.error(request, CLOSED_GROUP)
        return redirect("groups:workplan", pk=group.pk)
    newest = services.newest_version(group)
    conflict: services.WorkPlanConflict | None = None
    shown_conflict: dict | None = None
    if request.method == "POST":
        form = WorkPlanForm(request.POST)
        if form.is_valid():
            base = form.cleaned_data["base"]
            try:
                saved = services.save_workplan(
                    group=group, author=request.user, base_number=base, parts=form.parts()
                )
            except services.WorkPlanConflict as error:
                conflict = error
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if saved is None:
                    messages.info(request, _("Nothing was changed, so no new version was saved."))
                else:
                    messages.success(
                        request,
                        _("Version %(number)s of the work plan has been saved.")
                        % {"number": saved.number},
                    )
                return redirect("groups:workplan", pk=group.pk)
        if conflict is not None:
            base_version = queries.version_of(group=group, number=conflict.base_number)
            newest = conflict.newest
            # Saving again now is a deliberate choice, made after seeing the other version.
            data = request.POST.copy()
            data["base"] = str(newest.number)
            form = WorkPlanForm(data)
            form.is_valid()
            shown_conflict = {
                "message": _conflict_message(conflict),
                "newest": newest,
                "base": base_version,
                "diff": diff_versions(base_version or WorkPlanVersion(), newest),
            }
    else:
        initial = {"base": newest.number if newest else 0}
        if newest is not None:
            initial |= {name: getattr(newest, name) for name in WorkPlanVersion.PARTS}
        form = WorkPlanForm(initial=initial)
    return render(
        request,
        "groups/workplan_form.html",
        _context(request, group, form=form, newest=newest, conflict=shown_conflict),
        status=409 if shown_conflict else 200,
    )


@login_required
@require_POST
@permission_required("groups.agree_workplan", load=load_group)
@agreements_of_group
def agree(request: MemberRequest, group: LearningGroup, pk: int, number: int) -> HttpResponse:
    """A coordinator marks the newest version as agreed by the group."""
    shown = queries.version_of(group=group, number=number)
    if shown is None:
        return _not_found(
            request,
            group,
            _("Version %(number)s of this work plan does not exist.") % {"number": number},
        )
    try:
        services.agree_workplan(version=shown, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Version %(number)s is marked as the agreed work plan.") % {"number": number},
        )
    return redirect("groups:workplan", pk=group.pk)
