"""Reads for the discussion pages. Each costs a fixed number of queries, whatever the number of
threads and posts, also the discussions box on a group's page. Every list of threads goes through the visibility rule (`visible_threads`)."""

from __future__ import annotations

from dataclasses import dataclass, field

import rules
from django.core.paginator import Page, Paginator
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from leerplatform.groups.models import GroupMembership, LearningGroup, Post, Thread
from leerplatform.groups.visibility import filter_visible

PAGE_SIZE = 20


def visible_threads(*, user, group: LearningGroup | None = None) -> QuerySet[Thread]:
    """The threads `user` may read (of one group, when given): the visibility rule, with the
    thread's edition reached through its group."""
    queryset = Thread.objects.all()
    if group is not None:
        queryset = queryset.filter(group=group)
    return filter_visible(queryset, user, edition_field="group__edition", group_field="group")


def _with_post_counts(queryset: QuerySet[Thread]) -> QuerySet[Thread]:
    # A subquery, not a join: the visibility filter already joins memberships.
    posts = (
        Post.objects.filter(thread=OuterRef("pk"))
        .order_by()
        .values("thread")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(
        post_count=Coalesce(Subquery(posts, output_field=IntegerField()), Value(0))
    )


def thread_page(*, group: LearningGroup, user, page_number) -> Page:
    """One page of the group's threads that `user` may read, newest activity first, with their
    authors and numbers of posts (two queries: the count and the page)."""
    queryset = _with_post_counts(
        visible_threads(user=user, group=group).select_related("author")
    ).order_by("-last_post_at", "-id")
    page = Paginator(queryset, PAGE_SIZE).get_page(page_number)
    for thread in page.object_list:
        thread.group = group  # the template and the rules read thread.group: no query per row
    return page


def membership_of(*, group: LearningGroup, user) -> GroupMembership | None:
    """The user's active membership of the group, if any (one query)."""
    if not user.is_authenticated:
        return None
    return GroupMembership.objects.active().filter(group=group, user=user).first()


def load_thread(*, thread_pk: int, **url_kwargs) -> Thread:
    """The loader of `permission_required` on a thread's page: the thread with its group, edition
    and author (one query), or a 404."""
    thread = Thread.objects.select_related("group__edition", "author").filter(pk=thread_pk).first()
    if thread is None:
        raise Http404(_("This discussion does not exist."))
    return thread


def posts_of(*, thread: Thread) -> list[Post]:
    """The thread's posts, oldest first, with their authors (one query)."""
    posts = list(
        Post.objects.filter(thread=thread).select_related("author").order_by("created_at", "id")
    )
    for post in posts:
        post.thread = thread
    return posts


def load_post(*, post_pk: int, **url_kwargs) -> Post:
    """The loader of `permission_required` on a post's pages: the post with its thread, group,
    edition and author (one query), or a 404 that reads like a missing discussion."""
    post = (
        Post.objects.select_related("thread__group__edition", "author").filter(pk=post_pk).first()
    )
    if post is None:
        raise Http404(_("This discussion does not exist."))
    return post


def latest_threads(*, group: LearningGroup, user, limit: int = 3) -> list[Thread]:
    """The group's most recently active threads that `user` may read (one query)."""
    queryset = _with_post_counts(visible_threads(user=user, group=group).select_related("author"))
    return list(queryset.order_by("-last_post_at", "-id")[:limit])


# --- The discussions box on a group page ------------------------------------------------------------


@dataclass
class DiscussionsBox:
    group_pk: int
    threads: list = field(default_factory=list)
    can_view: bool = False
    can_start: bool = False

    @property
    def is_shown(self) -> bool:
        # Members always see the box (with a way to start); others only when there is something
        # opened to them. Nothing at all for people who may not read the discussions.
        return self.can_view and (self.can_start or bool(self.threads))


def discussions_box_context(*, group, user) -> dict:
    """`{"discussions_box": DiscussionsBox}` for `groups/_discussions_box.html`: the latest three
    threads the user may read (group-only ones for members only). At most one query."""
    box = DiscussionsBox(
        group_pk=group.pk,
        can_view=rules.has_perm("groups.view_discussions", user, group),
        can_start=not group.is_closed and rules.has_perm("groups.start_thread", user, group),
    )
    if box.can_view:
        box.threads = latest_threads(group=group, user=user, limit=3)
    return {"discussions_box": box}
