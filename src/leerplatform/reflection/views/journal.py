"""Reflection: one's learning journal (with free notes), the edition's questions, reflecting on a
meeting, one entry, the facilitators' overview of a meeting, and a group's joint reflection.

Thin views: parse, check the permission, call a service or a query, render. An entry one may not
read answers 404, exactly as one that does not exist; a page one sees but may not act on, 403.
Reflecting on a meeting one cannot reflect on (not attended, not ended, another edition) answers
403 with the reason, and saves nothing.
"""

from __future__ import annotations

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from leerplatform.core.permissions import permission_required
from leerplatform.editions.models import Edition
from leerplatform.editions.queries import hides_edition, load_edition
from leerplatform.meetings.models import MeetingStatus
from leerplatform.membership.decorators import MemberRequest, agreements_first
from leerplatform.reflection.forms.journal import (
    EntryForm,
    GroupReflectionForm,
    NoteForm,
    QuestionsForm,
)
from leerplatform.reflection.queries import journal as queries
from leerplatform.reflection.services import journal as services

# Reflecting asks its permission by hand: it answers 403 with the reason (a page of its own),
# which a declaration cannot say.


def _add_errors(form, error: ValidationError) -> None:
    """A service's ValidationError next to the fields it names (the form's own when it has no
    such field)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- My learning journal ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@permission_required("reflection.keep_journal", load=load_edition, hide=hides_edition)
def journal(request: MemberRequest, edition: Edition, slug: str) -> HttpResponse:
    """All my entries in this edition, newest first, the meetings still waiting for my
    reflection, and a small form for a free note (POST)."""
    if response := agreements_first(request, edition.slug):
        return response
    page = queries.journal(user=request.user, edition=edition)
    form = NoteForm(request.POST or None, groups=page.groups)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.write_note(
                user=request.user,
                edition=edition,
                note=form.cleaned_data["note"],
                share_with=form.share_with(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if entry.is_shared:
                messages.success(request, _("Your note has been saved and shared."))
            else:
                messages.success(request, _("Your note has been saved. Only you can read it."))
            return redirect(
                f"{reverse('reflection:journal', kwargs={'slug': slug})}#entry-{entry.pk}"
            )
    return render(
        request,
        "reflection/journal.html",
        {
            "edition": edition,
            "page": page,
            "form": form,
            "can_set_questions": rules.has_perm("reflection.set_questions", request.user, edition),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@permission_required("reflection.set_questions", load=load_edition, hide=hides_edition)
def questions(request: MemberRequest, edition: Edition, slug: str) -> HttpResponse:
    """The facilitators set the edition's reflection questions (one per line, in order)."""
    current = [question.text for question in services.edition_questions(edition)]
    form = QuestionsForm(request.POST or None, questions=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_questions(edition=edition, texts=form.texts(), actor=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "The reflection questions have been saved. Participants see them after the next meeting."
                ),
            )
            return redirect("reflection:questions", slug=edition.slug)
    return render(
        request,
        "reflection/questions.html",
        {"edition": edition, "form": form, "questions": current},
    )


# --- Reflecting on a meeting -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def reflect(request: MemberRequest, pk: int) -> HttpResponse:
    """The reflection questions after a meeting one attended; a second time edits the entry."""
    meeting = queries.meeting_for_reflection(pk=pk)
    if meeting is None or meeting.status == MeetingStatus.DRAFT:
        raise Http404(_("This meeting does not exist."))
    edition = meeting.edition
    refusal = services.reflection_refusal(user=request.user, meeting=meeting)
    if refusal or not rules.has_perm("reflection.reflect", request.user, meeting):
        return render(
            request,
            "reflection/reflect_refused.html",
            {"meeting": meeting, "edition": edition, "refusal": refusal},
            status=403,
        )
    if response := agreements_first(request, edition.slug):
        return response
    entry = queries.entry_of(user=request.user, meeting=meeting)
    if entry is not None:
        asked = [pair["question"] for pair in entry.answers]
    else:
        asked = [question.text for question in services.edition_questions(edition)]
    groups = queries.groups_to_share_with(user=request.user, edition=edition)
    form = EntryForm(request.POST or None, questions=asked, groups=groups, entry=entry)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.reflect(
                user=request.user,
                meeting=meeting,
                answers=form.answers(),
                note=form.cleaned_data["note"],
                share_with=form.share_with(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if entry.is_shared:
                messages.success(
                    request,
                    _(
                        "Your reflection has been saved in your journal and shared with %(group)s and the facilitators."
                    )
                    % {"group": entry.shared_with.name if entry.shared_with else ""},
                )
            else:
                messages.success(
                    request,
                    _("Your reflection has been saved in your journal. Only you can read it."),
                )
            return redirect(
                f"{reverse('reflection:journal', kwargs={'slug': edition.slug})}#entry-{entry.pk}"
            )
    return render(
        request,
        "reflection/reflect.html",
        {"meeting": meeting, "edition": edition, "entry": entry, "form": form, "groups": groups},
    )


# --- One entry -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@permission_required("reflection.view_entry", load=queries.load_entry, hide=True)
def entry(request: MemberRequest, item, entry_pk: int) -> HttpResponse:
    """One journal entry: its writer reads and changes it (and with whom it is shared); the
    members of the group it is shared with and the edition's facilitators read it."""
    # Who may read may not all write: a POST needs the writer (the form is theirs only).
    can_change = rules.has_perm("reflection.change_entry", request.user, item)
    if request.method == "POST" and not can_change:
        raise PermissionDenied
    if response := agreements_first(request, item.edition.slug):
        return response
    form = None
    if can_change:
        groups = queries.groups_to_share_with(user=request.user, edition=item.edition)
        form = EntryForm(
            request.POST or None,
            questions=[pair["question"] for pair in item.answers],
            groups=groups,
            entry=item,
        )
        if item.meeting_id is None:
            form.fields["note"].required = True
        if request.method == "POST" and form.is_valid():
            try:
                item = services.update_entry(
                    entry=item,
                    user=request.user,
                    answers=form.answers(),
                    note=form.cleaned_data["note"],
                    share_with=form.share_with(),
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Your journal entry has been saved."))
                return redirect("reflection:entry", entry_pk=item.pk)
    return render(
        request,
        "reflection/journal_entry.html",
        {"entry": item, "edition": item.edition, "form": form, "can_change": can_change},
    )


# --- The facilitators' overview of a meeting -------------------------------------------------------


@login_required
@permission_required("reflection.view_meeting_reflections", load=queries.load_meeting)
def overview(request: MemberRequest, meeting, pk: int) -> HttpResponse:
    """How many attendees reflected on a meeting, and what they shared, per group."""
    return render(
        request,
        "reflection/overview.html",
        {
            "meeting": meeting,
            "edition": meeting.edition,
            "overview": queries.meeting_reflections(meeting=meeting),
        },
    )


# --- A group's joint reflection --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@permission_required("reflection.view_group_reflections", load=queries.load_group)
def group_reflection(request: MemberRequest, group, pk: int, meeting_pk: int) -> HttpResponse:
    """The group's joint reflection on a meeting: the edition reads it, its active members write
    or update it."""
    meeting = queries.meeting_of_group(group=group, meeting_pk=meeting_pk)
    if meeting is None:
        raise Http404(_("This meeting does not exist in this group's edition."))
    # Who may read may not all write: a POST needs an active member of the group.
    can_write = rules.has_perm("reflection.write_group_reflection", request.user, group)
    if request.method == "POST" and not can_write:
        raise PermissionDenied
    if response := agreements_first(request, group.edition.slug):
        return response
    page = queries.group_reflection_page(group=group, meeting=meeting)
    refusal = services.group_reflection_refusal(group=group, meeting=meeting) if can_write else ""
    form = None
    if can_write and not refusal:
        form = GroupReflectionForm(request.POST or None, reflection=page.reflection)
        if request.method == "POST" and form.is_valid():
            try:
                services.write_group_reflection(
                    group=group,
                    meeting=meeting,
                    author=request.user,
                    text=form.cleaned_data["text"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The group's reflection has been saved. The whole edition can read it now."),
                )
                return redirect("reflection:group_reflection", pk=group.pk, meeting_pk=meeting.pk)
    elif request.method == "POST":
        messages.error(request, refusal)
    return render(
        request,
        "reflection/group_reflection.html",
        {
            "edition": group.edition,
            "group": group,
            "meeting": meeting,
            "page": page,
            "form": form,
            "refusal": refusal,
        },
    )
