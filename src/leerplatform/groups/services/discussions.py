"""Every change to a group's discussions: starting a thread, replying, editing and deleting a post,
and whether a member gets emails about new posts.

Starting a thread and replying record POSTED (bringing) with the thread's own visibility, so a
group-only discussion never shows in any stream outside the group. The ledger row points at the
thread (its title), never at the text of a post: a deleted post leaves nothing readable behind.
`events.posted` tells notifications, which tells the followers of the thread and of the group.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from leerplatform.accounts.models import User
from leerplatform.core import activity
from leerplatform.core.models import Verb
from leerplatform.core.visibility import Visibility
from leerplatform.groups import events
from leerplatform.groups.models import GroupMembership, LearningGroup, Post, Thread

# The rows' own fields are checked by the models (`full_clean`); the foreign keys are set here.
ROW_LINKS = ["group", "thread", "author"]


def _active_membership(*, group: LearningGroup, user: User) -> GroupMembership | None:
    if user is None or not user.is_authenticated:
        return None
    return GroupMembership.objects.active().filter(group=group, user=user).first()


def _require_member(*, group: LearningGroup, user: User) -> GroupMembership:
    membership = _active_membership(group=group, user=user)
    if membership is None:
        raise ValidationError(_("Only members of this learning group can do this."))
    return membership


def _checked_post(post: Post) -> Post:
    post.text = (post.text or "").strip()
    post.full_clean(exclude=ROW_LINKS)
    return post


def _record_post(*, post: Post, thread: Thread, first: bool) -> None:
    group = thread.group
    activity.record(
        actor=post.author,
        verb=Verb.POSTED,
        edition=group.edition,
        target=thread,
        # A group-only thread's posts stay in the group (the ledger rule: GROUP visibility); a
        # confidential one's are CONFIDENTIAL, recorded without the thread's title.
        visibility=thread.visibility,
        data={"group": group.pk, "thread": thread.pk, "post": post.pk, "new_thread": first},
    )


def _notify(post: Post) -> None:
    # Notifications tell the followers of the thread and of its group.
    events.posted.send(sender=Post, post=post)


@transaction.atomic
def start_thread(
    *,
    group: LearningGroup,
    author: User,
    title: str,
    text: str,
    visibility: str = Visibility.GROUP,
) -> Thread:
    """An active member starts a discussion with its first post; group-only unless opened to
    the edition (brings; the group's followers are notified)."""
    group = LearningGroup.objects.select_related("edition").get(pk=group.pk)
    _require_member(group=group, user=author)
    group.check_open()
    now = timezone.now()
    thread = Thread(
        group=group,
        title=(title or "").strip(),
        visibility=visibility,
        author=author,
        created_at=now,
        last_post_at=now,
    )
    post = Post(author=author, text=text, created_at=now)
    errors: dict = {}
    for row in (thread, post):
        try:
            if row is post:
                _checked_post(post)
            else:
                row.full_clean(exclude=ROW_LINKS)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    thread.save()
    post.thread = thread
    post.save()
    _record_post(post=post, thread=thread, first=True)
    _notify(post)
    return thread


@transaction.atomic
def reply(*, thread: Thread, author: User, text: str) -> Post:
    """An active member of the thread's group replies (brings; the followers are notified)."""
    # The row lock keeps last_post_at right when two replies arrive at once.
    thread = (
        Thread.objects.select_for_update(of=("self",))
        .select_related("group__edition")
        .get(pk=thread.pk)
    )
    _require_member(group=thread.group, user=author)
    thread.group.check_open()
    now = timezone.now()
    post = _checked_post(Post(thread=thread, author=author, text=text, created_at=now))
    post.save()
    if now > thread.last_post_at:
        thread.last_post_at = now
        thread.save(update_fields=["last_post_at"])
    post.thread = thread
    _record_post(post=post, thread=thread, first=False)
    _notify(post)
    return post


def _locked_post(post: Post) -> Post:
    return Post.objects.select_for_update().get(pk=post.pk)


@transaction.atomic
def edit_post(*, post: Post, actor: User, text: str) -> Post:
    """The author changes their own post (while a member of the group); it is marked as edited.
    The earlier text is not kept."""
    post = _locked_post(post)
    thread = Thread.objects.select_related("group").get(pk=post.thread_id)
    if post.author_id is None or post.author_id != actor.pk:
        raise ValidationError(_("Only the author can change a message."))
    _require_member(group=thread.group, user=actor)
    thread.group.check_open()
    if post.deleted_at is not None:
        raise ValidationError(_("This message was deleted."))
    before = post.text
    post.text = text
    if _checked_post(post).text != before:
        post.edited_at = timezone.now()
        post.save(update_fields=["text", "edited_at"])
    return post


@transaction.atomic
def delete_post(*, post: Post, actor: User) -> Post:
    """The author or a coordinator of the group deletes a post. The post stays in the thread as a
    placeholder; its text is erased, so it can never be shown or mailed again. Deleting the
    first post keeps the thread. Also in a closed group: taking something down is not writing."""
    post = _locked_post(post)
    thread = Thread.objects.select_related("group").get(pk=post.thread_id)
    membership = _active_membership(group=thread.group, user=actor)
    is_author = post.author_id is not None and post.author_id == actor.pk
    if membership is None or not (is_author or membership.is_coordinator):
        raise ValidationError(
            _("Only the author or a coordinator of the group can delete a message.")
        )
    if post.deleted_at is None:
        post.deleted_at = timezone.now()
        post.text = ""
        post.save(update_fields=["deleted_at", "text"])
    return post


@transaction.atomic
def set_email_notifications(*, group: LearningGroup, user: User, enabled: bool) -> GroupMembership:
    """A member turns the emails about new discussions and replies in their group on or off (off:
    those notifications stay in the app, `notifications.sources.groups`)."""
    membership = (
        GroupMembership.objects.active().select_for_update().filter(group=group, user=user).first()
    )
    if membership is None:
        raise ValidationError(_("Only members of this learning group can do this."))
    if membership.email_notifications != enabled:
        membership.email_notifications = enabled
        membership.save(update_fields=["email_notifications"])
    return membership
