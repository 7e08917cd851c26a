"""Automatic follows: what the platform follows for a person, without a click.

- A member follows their own group when they start or join it (also when a coordinator accepts
  them or a facilitator assigns them); when they leave the group, the automatic follows of the
  group and of its threads end (a follow they chose themselves stays, and the visibility rule
  keeps telling them only what they may still see).
- A member follows a thread when they start it or write in it.
- The authors of a new document follow it.
- When a participation in an edition ends, every follow of the person in that edition ends
  (`services.forget_edition`).

An automatic follow never turns a deliberate one into an automatic one (`services.follow`), and a
person who unfollowed a thread is followed again only when they write in it again.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models.functions import Cast
from django.dispatch import receiver

from leerplatform.editions.models import Membership
from leerplatform.groups import events as group_events
from leerplatform.groups.models import GroupMembership, LearningGroup, Post, Thread
from leerplatform.library import events as library_events
from leerplatform.library.models import Document
from leerplatform.membership import events as membership_events
from leerplatform.notifications.models import Follow
from leerplatform.notifications.services import follow, forget_edition


@receiver(group_events.member_joined, dispatch_uid="notifications_follow_joined_group")
def follow_joined_group(sender, membership: GroupMembership, **kwargs) -> None:
    group = membership.group
    follow(user=membership.user, target=group, edition=group.edition, automatic=True)


@receiver(group_events.member_left, dispatch_uid="notifications_unfollow_left_group")
def unfollow_left_group(sender, group: LearningGroup, user, **kwargs) -> None:
    threads = (
        Thread.objects.filter(group=group)
        .annotate(key=Cast("pk", output_field=Follow._meta.get_field("target_id")))
        .values("key")
    )
    mine = Follow.objects.filter(user=user, automatic=True)
    mine.filter(
        target_type=ContentType.objects.get_for_model(Thread), target_id__in=threads
    ).delete()
    mine.filter(
        target_type=ContentType.objects.get_for_model(LearningGroup), target_id=str(group.pk)
    ).delete()


@receiver(group_events.posted, dispatch_uid="notifications_follow_thread")
def follow_thread(sender, post: Post, **kwargs) -> None:
    if post.author is None:
        return
    thread = post.thread
    follow(user=post.author, target=thread, edition=thread.group.edition, automatic=True)


@receiver(library_events.document_added, dispatch_uid="notifications_follow_document")
def follow_document(sender, document: Document, **kwargs) -> None:
    for author in document.authors.all():
        follow(user=author, target=document, edition=document.edition, automatic=True)


@receiver(membership_events.participation_ended, dispatch_uid="notifications_forget_edition")
def participation_ended(sender, membership: Membership, **kwargs) -> None:
    forget_edition(user=membership.user, edition=membership.edition)
