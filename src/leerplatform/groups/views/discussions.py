"""The group's space: its discussion threads, a thread with its posts and the reply form, editing
and deleting a post, and the email setting. Thin views: they declare their permission, parse, call
a service or a query.

Reading follows the visibility rule: group-only threads are for the group's active members, threads
the group opened to the edition also for the edition's members. A thread someone may not read
answers 404, exactly like one that does not exist, so that not even its title leaks. Writing
(starting, replying) is for the group's active members only.
"""

from __future__ import annotations

from typing import Any

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from leerplatform.accounts.models import User
from leerplatform.core.permissions import permission_required
from leerplatform.groups.forms.discussions import EditPostForm, ReplyForm, ThreadForm
from leerplatform.groups.models import CLOSED_GROUP, LearningGroup, Post, Thread
from leerplatform.groups.queries import discussions as queries
from leerplatform.groups.queries.groups import load_group
from leerplatform.groups.services import discussions as services
from leerplatform.membership.decorators import agreements_accepted, agreements_first


class MemberRequest(HttpRequest):
    """The request of a page that needs a login (`@login_required`): its user is a person."""

    user: User


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


# Member pages: a participant first accepts the edition's current agreements.
agreements_of_group = agreements_accepted(slug_of=lambda group: group.edition.slug)
agreements_of_thread = agreements_accepted(slug_of=lambda thread: thread.group.edition.slug)


def _may(request: HttpRequest, perm: str, post: Post) -> None:
    """A post's pages answer 404 to those who may not read its thread (declared); those who read
    it but may not change or delete the post get a 403: the second question, asked here because
    one declaration gives one answer. rules.has_perm, not user.has_perm: a superuser would pass
    every check."""
    if not rules.has_perm(perm, request.user, post):
        raise PermissionDenied


def _thread_url(thread_pk: int, post_pk: int | None = None) -> str:
    url = reverse("groups:thread", kwargs={"thread_pk": thread_pk})
    return f"{url}#post-{post_pk}" if post_pk else url


def _with_actions(posts: list[Any], user) -> list[Any]:
    """What the user may do with each post (no queries: the roles are cached on the user). Asked
    here with rules.has_perm: the template tag asks user.has_perm, which a superuser passes, and
    only a post's author and the group's coordinators change or delete it."""
    for post in posts:
        is_deleted = post.deleted_at is not None
        post.can_edit = (
            not is_deleted
            and not post.thread.group.is_closed
            and rules.has_perm("groups.change_post", user, post)
        )
        post.can_delete = not is_deleted and rules.has_perm("groups.delete_post", user, post)
    return posts


# --- The list of threads -------------------------------------------------------------------------


@login_required
@require_GET
@permission_required("groups.view_discussions", load=load_group)
@agreements_of_group
def threads(request: MemberRequest, group: LearningGroup, pk: int) -> HttpResponse:
    """The group's threads the viewer may read, newest activity first, paginated."""
    page = queries.thread_page(group=group, user=request.user, page_number=request.GET.get("page"))
    membership = queries.membership_of(group=group, user=request.user)
    return render(
        request,
        "groups/threads.html",
        {
            "edition": group.edition,
            "group": group,
            "page": page,
            "membership": membership,
            "can_start": membership is not None and not group.is_closed,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@permission_required("groups.start_thread", load=load_group)
@agreements_of_group
def create_thread(request: MemberRequest, group: LearningGroup, pk: int) -> HttpResponse:
    """An active member starts a discussion: a title, the first post, and who can read it."""
    if group.is_closed:
        messages.error(request, CLOSED_GROUP)
        return redirect("groups:threads", pk=group.pk)
    form = ThreadForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.start_thread(
                group=group,
                author=request.user,
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                visibility=form.cleaned_data["visibility"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your discussion has been started."))
            return redirect(_thread_url(thread.pk))
    return render(
        request,
        "groups/thread_form.html",
        {"edition": group.edition, "group": group, "form": form},
    )


# --- A thread and its replies --------------------------------------------------------------------


def _thread_context(request: HttpRequest, thread: Thread, **extra) -> dict:
    return {
        "edition": thread.group.edition,
        "group": thread.group,
        "thread": thread,
        "posts": _with_actions(queries.posts_of(thread=thread), request.user),
        "can_reply": not thread.group.is_closed
        and rules.has_perm("groups.reply_to_thread", request.user, thread),
        "reply_form": ReplyForm(),
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
@permission_required("groups.view_thread", load=queries.load_thread, hide=True)
@agreements_of_thread
def thread(request: MemberRequest, thread: Thread, thread_pk: int) -> HttpResponse:
    """A thread with its posts, oldest first; members reply at the bottom. With htmx the new post
    is appended and the form emptied; without JavaScript the page reloads at the new post.

    A thread someone may not read is a 404 (not even its title leaks). Reading and replying share
    the address: a reply (POST) of a reader who may not reply is a 403, asked here."""
    if request.method == "GET":
        return render(request, "groups/thread.html", _thread_context(request, thread))
    if not rules.has_perm("groups.reply_to_thread", request.user, thread):
        raise PermissionDenied
    form = ReplyForm(request.POST)
    post = None
    if form.is_valid():
        try:
            post = services.reply(
                thread=thread,
                author=request.user,
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            form.add_error(None, error)
    if post is not None:
        if _is_htmx(request):
            post.thread = thread
            return render(
                request,
                "groups/post_reply_added.html",
                {
                    "post": _with_actions([post], request.user)[0],
                    "thread": thread,
                    "reply_form": ReplyForm(),
                    "posted": True,
                },
            )
        messages.success(request, _("Your reply has been posted."))
        return redirect(_thread_url(thread.pk, post.pk))
    if _is_htmx(request):
        response = render(
            request, "groups/post_reply_form.html", {"thread": thread, "reply_form": form}
        )
        return reswap(retarget(response, "#reply-form"), "outerHTML")
    return render(request, "groups/thread.html", _thread_context(request, thread, reply_form=form))


# --- Editing and deleting a post -----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@permission_required("groups.view_post", load=queries.load_post, hide=True)
def edit_post(request: MemberRequest, post: Post, post_pk: int) -> HttpResponse:
    """The author changes their post; it shows as edited, with the time."""
    _may(request, "groups.change_post", post)
    thread = post.thread
    if response := agreements_first(request, thread.group.edition.slug):
        return response
    if post.deleted_at is not None:
        messages.error(request, _("This message was deleted and can no longer be changed."))
        return redirect(_thread_url(thread.pk))
    if thread.group.is_closed:
        messages.error(request, CLOSED_GROUP)
        return redirect(_thread_url(thread.pk, post.pk))
    form = EditPostForm(request.POST or None, initial={"text": post.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_post(post=post, actor=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your message has been saved."))
            return redirect(_thread_url(thread.pk, post.pk))
    return render(
        request,
        "groups/post_edit.html",
        {
            "edition": thread.group.edition,
            "group": thread.group,
            "thread": thread,
            "post": post,
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@permission_required("groups.view_post", load=queries.load_post, hide=True)
def delete_post(request: MemberRequest, post: Post, post_pk: int) -> HttpResponse:
    """The author or a coordinator deletes a post: a placeholder stays in the thread. GET asks
    first (the page a link reaches without JavaScript); htmx asks in a dialog, posts, and gets the
    post back as that placeholder."""
    _may(request, "groups.delete_post", post)
    thread = post.thread
    if response := agreements_first(request, thread.group.edition.slug):
        return response
    if request.method == "GET":
        if post.deleted_at is not None:
            return redirect(_thread_url(thread.pk, post.pk))
        return render(
            request,
            "groups/post_delete.html",
            {
                "edition": thread.group.edition,
                "group": thread.group,
                "thread": thread,
                "post": post,
            },
        )
    try:
        post = services.delete_post(post=post, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_thread_url(thread.pk, post.pk))
    if _is_htmx(request):
        post.thread = thread
        return render(
            request,
            "groups/post_item.html",
            # The placeholder takes focus: the link that was focused went with the old post.
            {"post": _with_actions([post], request.user)[0], "thread": thread, "focus_me": True},
        )
    messages.success(request, _("The message has been deleted."))
    return redirect(_thread_url(thread.pk, post.pk))


# --- Email notifications -------------------------------------------------------------------------


@login_required
@require_POST
@permission_required("groups.change_notifications", load=load_group)
@agreements_of_group
def notifications(request: MemberRequest, group: LearningGroup, pk: int) -> HttpResponse:
    """A member turns the emails about new discussions and replies on or off. `enabled` says
    which ("1" or "0"), so that a double click cannot undo itself; without it the setting flips."""
    membership = queries.membership_of(group=group, user=request.user)
    assert membership is not None  # the permission: an active member of the group
    value = request.POST.get("enabled")
    enabled = (value == "1") if value in ("0", "1") else not membership.email_notifications
    services.set_email_notifications(group=group, user=request.user, enabled=enabled)
    if enabled:
        messages.success(request, _("You will get an email about new discussions and replies."))
    else:
        messages.success(
            request, _("You will no longer get emails about this group's discussions.")
        )
    return redirect("groups:threads", pk=group.pk)
