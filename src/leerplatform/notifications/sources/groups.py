"""Notifications from the learning groups' events.

- `join_requested`: the group's active coordinators hear that someone asks to join ("join_requested",
  with the request's message as the excerpt: the coordinators decide on it and read it anyway).
- `join_request_decided`: the person who asked hears the answer ("join_decided", personal).
- `member_assigned` / `member_removed`: the person a facilitator placed in a group or took out of
  one hears it ("group_assigned", "group_removed", personal; the email with the reason is the
  groups service's own).
- `posted`: a new thread or reply tells the followers of the thread and of its group ("post"). The
  thread's visibility decides who may be told (a group-only thread: the group's active members; a
  thread open to the edition: its members), and a confidential thread's notification keeps no
  title, no text and no author's words (`notify`). A member who turned off "email me about new
  posts" for the group (`GroupMembership.email_notifications`) still gets the notification, in
  the app only: that group's posts are not mailed to them, neither at once nor in a digest.
- `workplan_saved`: the group's other active coordinators hear that the work plan changed and
  waits to be agreed ("workplan_to_agree"); a coordinator who has not read the last such
  notification about the group gets no second one.

@mentions in posts are `sources/mentions.py`'s (a person a post mentions is told by the mention
alone, not also as a follower); the automatic follows are `sources/follows.py`'s.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_noop

from leerplatform.core.visibility import Visibility
from leerplatform.groups import events
from leerplatform.groups.models import (
    GroupMembership,
    JoinRequest,
    JoinRequestStatus,
    LearningGroup,
    Post,
    WorkPlanVersion,
)
from leerplatform.notifications.kinds import Channel
from leerplatform.notifications.mentions import mentioned_people, plain
from leerplatform.notifications.models import Notification
from leerplatform.notifications.services import followers, notify

DECISIONS: dict[str, str] = {
    JoinRequestStatus.ACCEPTED: gettext_noop("accepted"),
    JoinRequestStatus.DECLINED: gettext_noop("declined"),
}


def coordinator_ids(group: LearningGroup) -> list[int]:
    return list(
        GroupMembership.objects.active()
        .filter(group=group, is_coordinator=True)
        .values_list("user_id", flat=True)
    )


# --- Joining -------------------------------------------------------------------------------------


@receiver(events.join_requested, dispatch_uid="notifications_join_requested")
def join_requested(sender, join_request: JoinRequest, **kwargs) -> None:
    group = join_request.group
    notify(
        "join_requested",
        coordinator_ids(group),
        actor=join_request.user,
        target=group,
        edition=group.edition,
        group=group,
        # The request is the coordinators' business: only the group's active members may be told.
        visibility=Visibility.GROUP,
        url=reverse("groups:members", kwargs={"pk": group.pk}),
        excerpt=join_request.message,
    )


@receiver(events.join_request_decided, dispatch_uid="notifications_join_request_decided")
def join_request_decided(sender, join_request: JoinRequest, **kwargs) -> None:
    detail = DECISIONS.get(join_request.status)
    if detail is None:
        return
    group = join_request.group
    notify(
        "join_decided",
        [join_request.user_id],
        actor=join_request.decided_by,
        target=group,
        edition=group.edition,
        group=group,
        url=reverse("groups:detail", kwargs={"pk": group.pk}),
        detail=detail,
    )


@receiver(events.member_assigned, dispatch_uid="notifications_member_assigned")
def member_assigned(sender, membership: GroupMembership, actor=None, **kwargs) -> None:
    group = membership.group
    notify(
        "group_assigned",
        [membership.user_id],
        actor=actor,
        target=group,
        edition=group.edition,
        group=group,
        url=reverse("groups:detail", kwargs={"pk": group.pk}),
    )


@receiver(events.member_removed, dispatch_uid="notifications_member_removed")
def member_removed(sender, group: LearningGroup, user, actor=None, reason: str = "", **kwargs):
    notify(
        "group_removed",
        [user.pk],
        actor=actor,
        target=group,
        edition=group.edition,
        group=group,
        url=reverse("groups:list", kwargs={"slug": group.edition.slug}),
        excerpt=reason,
    )


# --- Discussions ---------------------------------------------------------------------------------


def _muted(group_id: int, user_ids) -> set[int]:
    """Who of `user_ids` turned off the emails about new posts in this group."""
    return set(
        GroupMembership.objects.filter(
            group_id=group_id, user_id__in=list(user_ids), email_notifications=False
        ).values_list("user_id", flat=True)
    )


@receiver(events.posted, dispatch_uid="notifications_posted")
def posted(sender, post: Post, **kwargs) -> None:
    thread = post.thread
    group = thread.group
    people = set(followers(thread)) | set(followers(group))
    # Whoever the post mentions hears of it once: by the mention (sources/mentions.py).
    people -= {person.pk for person in mentioned_people(post.text, edition_id=group.edition_id)}
    if not people:
        return
    made = notify(
        "post",
        people,
        actor=post.author,
        target=thread,
        edition=group.edition,
        group=group,
        visibility=thread.visibility,
        url=reverse("groups:thread", kwargs={"thread_pk": thread.pk}) + f"#post-{post.pk}",
        excerpt=plain(post.text),
    )
    muted = _muted(group.pk, [row.recipient_id for row in made])
    quiet = [row.pk for row in made if row.recipient_id in muted and row.channel != Channel.APP]
    if quiet:
        # In the app only: neither the instant email (which mails INSTANT rows) nor a digest.
        Notification.objects.filter(pk__in=quiet).update(channel=Channel.APP)


# --- The work plan -------------------------------------------------------------------------------


@receiver(events.workplan_saved, dispatch_uid="notifications_workplan_saved")
def workplan_saved(sender, version: WorkPlanVersion, actor=None, **kwargs) -> None:
    if version.agreed_at is not None:
        return
    group = version.group
    # One unread line per group is enough: a plan saved five times in an evening is one thing
    # to agree on.
    told = Notification.objects.filter(
        kind="workplan_to_agree",
        read_at__isnull=True,
        target_type=ContentType.objects.get_for_model(LearningGroup),
        target_id=str(group.pk),
    ).values_list("recipient_id", flat=True)
    people = set(coordinator_ids(group)) - set(told)
    notify(
        "workplan_to_agree",
        people,
        actor=actor,
        target=group,
        edition=group.edition,
        group=group,
        visibility=Visibility.GROUP,
        url=reverse("groups:workplan", kwargs={"pk": group.pk}),
    )
