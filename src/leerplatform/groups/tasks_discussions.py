"""Emails about new discussions and replies, sent by django-tasks off the request path.

The discussion services enqueue `send_post_notifications` after their transaction commits. The
task reads the post again, so a post deleted in the meantime is never mailed, and writes to every
OTHER active member of the group who has notifications on — only ever to members of the group,
also when the thread is open to the edition (the edition reads along on the platform).

A confidential (vertrouwelijk) thread's email says only that there is a new post, with a link:
no title, no text, no author (`groups/email/post_confidential*.txt`).
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from leerplatform.core.visibility import Visibility
from leerplatform.groups.models import GroupMembership, Post


def _render(template: str, context: dict) -> tuple[str, str]:
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}.txt", context)
    prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "")
    return prefix + " ".join(subject.split()), body


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
def send_post_notifications(post_id: int, base_url: str) -> int:
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
    base = base_url.rstrip("/")
    thread_url = base + reverse("groups:thread", kwargs={"thread_pk": thread.pk})
    context = {
        "post": post,
        "thread": thread,
        "group": thread.group,
        "edition": thread.group.edition,
        "author_name": post.author.name if post.author else "",
        "text": post.text,
        "is_first": is_first,
        "post_url": f"{thread_url}#post-{post.pk}",
        "settings_url": base + reverse("groups:threads", kwargs={"pk": thread.group_id}),
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
    messages = []
    for person in recipients_of(post):
        subject, body = _render(template, context | {"recipient": person})
        messages.append(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email]))
    if messages:
        with get_connection() as connection:
            connection.send_messages(messages)
    return len(messages)
