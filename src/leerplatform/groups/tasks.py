"""The groups' emails, sent by django-tasks off the request path, and the receivers that queue them.

The services send the groups' events (`events.py`); the receivers here enqueue the task after the
service's transaction commits. A task receives ids and plain values, reads the rows again (so a
request dealt with, a post deleted, a group that reported or a member who left in the meantime is
not mailed), and writes each email in the recipient's language (`core.email`), with links on the
site's address (`core.links`).

- Joining: the coordinators hear of a request to join; the person who asked hears the decision. A
  request's message is shown only to the group's coordinators, who decide on it.
- Discussions: every OTHER active member of the group who has notifications on hears of a new
  thread or reply — only ever members of the group, also when the thread is open to the edition
  (the edition reads along on the platform). A confidential (vertrouwelijk) thread's email says
  only that there is a new post, with a link: no title, no text, no author
  (`groups/email/post_confidential*.txt`).
- Progress reports: each active member of a group that still has to report for a meeting gets one
  reminder, with a link to the report of each of their groups that has not reported.
"""

from __future__ import annotations

from collections import defaultdict

from django.core.mail import get_connection
from django.dispatch import receiver
from django_tasks import task

from leerplatform.core.email import Recipient, send_email
from leerplatform.core.links import absolute_reverse
from leerplatform.core.queue import enqueue_on_commit
from leerplatform.core.visibility import Visibility
from leerplatform.groups import events
from leerplatform.groups.models import GroupMembership, JoinRequest, JoinRequestStatus, Post
from leerplatform.groups.queries.reports import groups_without_report, report_deadline
from leerplatform.meetings.models import Meeting

DECISION_TEMPLATES: dict[str, str] = {
    JoinRequestStatus.ACCEPTED: "groups/email/join_request_accepted",
    JoinRequestStatus.DECLINED: "groups/email/join_request_declined",
}


# --- Joining -------------------------------------------------------------------------------------


def _request(request_id: int) -> JoinRequest | None:
    return (
        JoinRequest.objects.select_related("user", "group__edition").filter(pk=request_id).first()
    )


@task()
def send_join_request_received(request_id: int) -> int:
    """Tell the group's coordinators that someone asks to join; returns how many were emailed."""
    join_request = _request(request_id)
    if join_request is None or join_request.status != JoinRequestStatus.PENDING:
        return 0
    group = join_request.group
    coordinators = [
        Recipient(email, language or "")
        for email, language in GroupMembership.objects.active()
        .filter(group=group, is_coordinator=True, user__is_active=True)
        .values_list("user__email", "user__language")
    ]
    if not coordinators:
        return 0
    context = {
        "join_request": join_request,
        "group": group,
        "edition": group.edition,
        "members_url": absolute_reverse("groups:members", pk=group.pk),
    }
    # One email per coordinator: nobody sees the others' addresses.
    send_email("groups/email/join_request_received", context, coordinators)
    return len(coordinators)


@task()
def send_join_request_decision(request_id: int) -> bool:
    """Tell the person who asked to join whether they were accepted."""
    join_request = _request(request_id)
    if join_request is None or join_request.status not in DECISION_TEMPLATES:
        return False
    group = join_request.group
    context = {
        "join_request": join_request,
        "group": group,
        "edition": group.edition,
        "group_url": absolute_reverse("groups:detail", pk=group.pk),
        "list_url": absolute_reverse("groups:list", slug=group.edition.slug),
    }
    send_email(DECISION_TEMPLATES[join_request.status], context, join_request.user)
    return True


@receiver(events.join_requested)
def queue_join_request_received(sender, join_request: JoinRequest, **kwargs) -> None:
    enqueue_on_commit(send_join_request_received, join_request.pk)


@receiver(events.join_request_decided)
def queue_join_request_decision(sender, join_request: JoinRequest, **kwargs) -> None:
    enqueue_on_commit(send_join_request_decision, join_request.pk)


# --- Discussions ---------------------------------------------------------------------------------


def recipients_of(post: Post) -> list:
    """Who is told about `post`: the group's other active members who want emails."""
    memberships = (
        GroupMembership.objects.active()
        .filter(group_id=post.thread.group_id, email_notifications=True, user__is_active=True)
        .exclude(user_id=post.author_id)
        .exclude(user__email="")
        .select_related("user")
        .order_by("user__name", "user_id")
    )
    return [membership.user for membership in memberships]


@task()
def send_post_notifications(post_id: int) -> int:
    """Email the group about a new thread or a reply; returns how many emails went out."""
    post = (
        Post.objects.select_related("author", "thread__group__edition")
        .filter(pk=post_id, deleted_at__isnull=True)
        .first()
    )
    if post is None:
        return 0
    thread = post.thread
    first_pk = (
        Post.objects.filter(thread=thread).order_by("created_at", "id").values_list("pk", flat=True)
    ).first()
    is_first = first_pk == post.pk
    thread_url = absolute_reverse("groups:thread", thread_pk=thread.pk)
    context = {
        "post": post,
        "thread": thread,
        "group": thread.group,
        "edition": thread.group.edition,
        "author_name": post.author.name if post.author else "",
        "text": post.text,
        "is_first": is_first,
        "post_url": f"{thread_url}#post-{post.pk}",
        "settings_url": absolute_reverse("groups:threads", pk=thread.group_id),
    }
    template = "groups/email/post_new_thread" if is_first else "groups/email/post_reply"
    if thread.visibility == Visibility.CONFIDENTIAL:
        # Nothing of what was said leaves the platform: not the text, title or author.
        context = {
            "group": thread.group,
            "edition": thread.group.edition,
            "post_url": context["post_url"],
            "settings_url": context["settings_url"],
        }
        template = "groups/email/post_confidential"
    people = recipients_of(post)
    if not people:
        return 0
    sent = 0
    with get_connection() as connection:
        for person in people:
            sent += send_email(
                template, context | {"recipient": person}, person, connection=connection
            )
    return sent


@receiver(events.posted)
def queue_post_notifications(sender, post: Post, **kwargs) -> None:
    enqueue_on_commit(send_post_notifications, post.pk)


# --- Progress reports ----------------------------------------------------------------------------


@task()
def send_report_reminders(meeting_id: int, group_ids: list[int]) -> int:
    """Remind the active members of these groups that have still not reported; returns how many
    people were emailed."""
    meeting = Meeting.objects.select_related("edition").filter(pk=meeting_id).first()
    if meeting is None:
        return 0
    still_missing = groups_without_report(meeting).filter(pk__in=group_ids)
    memberships = (
        GroupMembership.objects.active()
        .filter(group__in=still_missing)
        .select_related("user", "group")
        .order_by("user_id", "group__name")
    )
    groups_of = defaultdict(list)
    for membership in memberships:
        if membership.user.is_active and membership.user.email:
            groups_of[membership.user].append(membership.group)
    for person, groups in groups_of.items():
        context = {
            "name": person.name,
            "meeting": meeting,
            "edition": meeting.edition,
            "deadline": report_deadline(meeting),
            "reports": [
                (
                    group.name,
                    absolute_reverse("groups:report", pk=group.pk, meeting_pk=meeting.pk),
                )
                for group in groups
            ],
        }
        send_email("groups/email/report_reminder", context, person)
    return len(groups_of)


@receiver(events.report_reminders_requested)
def queue_report_reminders(sender, meeting: Meeting, group_ids: list[int], **kwargs) -> None:
    enqueue_on_commit(send_report_reminders, meeting.pk, list(group_ids))
