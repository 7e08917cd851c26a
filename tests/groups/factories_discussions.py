"""Rows the discussion tests share: a learning group with members, threads and posts.

Groups and memberships are made as plain rows (the discussions do not depend on how people join);
threads and replies go through the discussion services, as the pages do."""

from __future__ import annotations

from django.utils import timezone

from leerplatform.core.visibility import Visibility
from leerplatform.groups.models import GroupMembership, GroupStatus, LearningGroup, Thread
from leerplatform.groups.services import discussions


def make_group(edition, *, name: str = "Leren van elkaar", members=(), coordinators=()):
    group, _ = LearningGroup.objects.get_or_create(
        edition=edition, name=name, defaults={"status": GroupStatus.ACTIVE}
    )
    for user in coordinators:
        add_member(group, user, is_coordinator=True)
    for user in members:
        add_member(group, user)
    return group


def add_member(group, user, *, is_coordinator: bool = False, **fields) -> GroupMembership:
    membership, _ = GroupMembership.objects.update_or_create(
        group=group,
        user=user,
        defaults={"is_coordinator": is_coordinator, "left_at": None, **fields},
    )
    _forget_roles(user)
    return membership


def leave(group, user) -> None:
    GroupMembership.objects.filter(group=group, user=user).update(left_at=timezone.now())
    _forget_roles(user)


def _forget_roles(user) -> None:
    # The rules cache a person's group roles on the user object.
    if hasattr(user, "_group_roles"):
        del user._group_roles


def start(
    group,
    author,
    *,
    title: str = "Hoe meten we leerrendement?",
    text: str = "Wie heeft ervaring met **evalueren** van leeractiviteiten?",
    visibility: str = Visibility.GROUP,
) -> Thread:
    return discussions.start_thread(
        group=group,
        author=author,
        title=title,
        text=text,
        visibility=visibility,
    )


def reply(thread, author, text: str = "Goede vraag, ik denk mee."):
    return discussions.reply(thread=thread, author=author, text=text)
