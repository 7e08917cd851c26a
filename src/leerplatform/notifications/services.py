"""Every change to notifications, follows and preferences.

`notify` is the one way a notification is made. It decides who is told, by the rules the issue
set: never the person who did it, never someone who is not active (or has left the edition),
never someone the one visibility rule (`groups.visibility.audience_q`) does not let see the thing;
a confidential thing's notification keeps no title and no text. It writes the rows in the caller's
transaction, queues the email of those who want it at once (after commit), and drops the cached
unread counts of the people it told.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from leerplatform.accounts.services import private_changed
from leerplatform.core.queue import enqueue_on_commit
from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Membership
from leerplatform.groups.visibility import audience_q
from leerplatform.notifications import kinds
from leerplatform.notifications.kinds import Channel
from leerplatform.notifications.models import (
    PERSONAL,
    Follow,
    Notification,
    Preference,
)
from leerplatform.notifications.tasks import deliver_notifications

EXCERPT_CHARS = 280
_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
_MARKS = re.compile(r"\*\*|\*|`|^\s{0,3}(?:#{1,6}|>|[-+] )\s*", re.MULTILINE)


def _without_markup(text: str) -> str:
    """Markdown's marks left out of an excerpt (a link keeps its text): it is shown as plain text."""
    return _MARKS.sub("", _LINK.sub(r"\1", text))


DEFAULT_KEEP_DAYS = 180


def forget_unread(user_ids: Iterable[int]) -> None:
    """These people's notifications changed (made, read, gone, another tier): what is kept about
    them, the bell's unread count with it (`queries.unread_count`), is old. Their version moves
    in this transaction (`accounts.services.private_changed`): a rolled-back notification leaves
    nothing behind, and a count read before the commit is kept under the old version."""
    private_changed(user_ids)


def channels_for(user_ids: Iterable[int], kind: str) -> dict[int, str]:
    """Each person's channel for `kind` (their preference, else the kind's default)."""
    ids = list(user_ids)
    default = kinds.KINDS[kind].default
    chosen = dict(
        Preference.objects.filter(user_id__in=ids, kind=kind).values_list("user_id", "channel")
    )
    return {pk: chosen.get(pk, default) for pk in ids}


def _ids(people: Iterable) -> set[int]:
    result = set()
    for person in people:
        pk = person if isinstance(person, int) else getattr(person, "pk", None)
        if pk is not None:
            result.add(pk)
    return result


def allowed_recipients(
    people: Iterable,
    *,
    actor=None,
    edition=None,
    group=None,
    visibility: str = PERSONAL,
) -> list[int]:
    """The ids among `people` who may be told: active accounts, not the actor; for a thing with a
    visibility tier, active members of its edition whom the visibility rule lets see it."""
    ids = _ids(people)
    if actor is not None and getattr(actor, "pk", None) is not None:
        ids.discard(actor.pk)
    if not ids:
        return []
    users = get_user_model().objects.filter(pk__in=ids, is_active=True)
    if visibility != PERSONAL:
        edition_id = getattr(edition, "pk", edition)
        group_id = getattr(group, "pk", group)
        if edition_id is not None:
            # Never someone who left: public things too are told only to the edition's members.
            users = users.filter(
                pk__in=Membership.objects.active().filter(edition_id=edition_id).values("user_id")
            )
        users = users.filter(
            audience_q(visibility=visibility, edition_id=edition_id, group_id=group_id)
        )
    return sorted(users.values_list("pk", flat=True))


def notify(
    kind: str,
    people: Iterable,
    *,
    actor=None,
    target: models.Model | None = None,
    edition=None,
    group=None,
    visibility: str = PERSONAL,
    url: str = "",
    target_label: str | None = None,
    where_label: str | None = None,
    detail: str = "",
    excerpt: str = "",
) -> list[Notification]:
    """Tell `people` (users or ids) about one event of `kind`; returns the notifications made.

    `visibility` is the thing's tier (`core.visibility.Visibility`), or PERSONAL ("") for a
    notification about the recipient's own affairs. Call it inside the service's (or the
    receiver's) transaction."""
    if kind not in kinds.KINDS:
        raise ValueError(f"Unknown notification kind: {kind}")
    recipients = allowed_recipients(
        people, actor=actor, edition=edition, group=group, visibility=visibility
    )
    if not recipients:
        return []
    channels = channels_for(recipients, kind)
    recipients = [pk for pk in recipients if channels[pk] != Channel.OFF]
    if not recipients:
        return []
    confidential = visibility == Visibility.CONFIDENTIAL
    if target_label is None:
        target_label = str(target) if target is not None else ""
    if where_label is None:
        where_label = str(group) if group is not None else (str(edition) if edition else "")
    excerpt = " ".join(_without_markup(excerpt or "").split())
    if len(excerpt) > EXCERPT_CHARS:
        excerpt = excerpt[: EXCERPT_CHARS - 1].rstrip() + "…"
    target_type = ContentType.objects.get_for_model(target) if target is not None else None
    rows = [
        Notification(
            recipient_id=pk,
            kind=kind,
            actor=actor if actor is not None and getattr(actor, "pk", None) else None,
            edition=edition,
            group=group,
            target_type=target_type,
            target_id=str(target.pk) if target is not None else "",
            target_label="" if confidential else target_label[:300],
            where_label=where_label[:300],
            detail=detail[:300],
            excerpt="" if confidential else excerpt,
            url=url[:500],
            visibility=visibility,
            confidential=confidential,
            channel=channels[pk],
        )
        for pk in recipients
    ]
    created = Notification.objects.bulk_create(rows)
    forget_unread(recipients)
    instant = [row.pk for row in created if row.channel == Channel.INSTANT and row.pk]
    if instant and not kinds.KINDS[kind].mailed_by_process:
        enqueue_on_commit(deliver_notifications, instant)
    return created


def thing_changed_visibility(target: models.Model, *, visibility: str) -> int:
    """A thing's tier changed: its notifications follow, so the visibility rule reads the new
    tier, and a thing that became confidential loses its title and text. Returns rows changed."""
    rows = Notification.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
    ).exclude(visibility=PERSONAL)
    changes: dict = {"visibility": visibility}
    if visibility == Visibility.CONFIDENTIAL:
        changes |= {"confidential": True, "target_label": "", "excerpt": ""}
    forget_unread(rows.values_list("recipient_id", flat=True))
    return rows.update(**changes)


# --- Reading ---------------------------------------------------------------------------------


def mark_read(*, user, notification_ids: Iterable[int]) -> int:
    changed = Notification.objects.filter(
        recipient=user, pk__in=list(notification_ids), read_at__isnull=True
    ).update(read_at=timezone.now())
    forget_unread([user.pk])
    return changed


def mark_all_read(*, user, edition=None) -> int:
    rows = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if edition is not None:
        rows = rows.filter(edition=edition)
    changed = rows.update(read_at=timezone.now())
    forget_unread([user.pk])
    return changed


def purge(*, older_than_days: int = DEFAULT_KEEP_DAYS, now=None) -> int:
    """Delete notifications older than the keeping time; returns how many went."""
    cutoff = (now or timezone.now()) - timedelta(days=older_than_days)
    old = Notification.objects.filter(created_at__lt=cutoff)
    forget_unread(old.values_list("recipient_id", flat=True).distinct())
    deleted, _ = old.delete()
    return deleted


# --- Preferences -----------------------------------------------------------------------------


def set_preference(*, user, kind: str, channel: str) -> None:
    if kind not in kinds.KINDS or channel not in Channel.values:
        raise ValueError(f"Unknown kind or channel: {kind}, {channel}")
    Preference.objects.update_or_create(user=user, kind=kind, defaults={"channel": channel})


# --- Following -------------------------------------------------------------------------------


def _target_key(target: models.Model) -> dict:
    return {"target_type": ContentType.objects.get_for_model(target), "target_id": str(target.pk)}


def follow(*, user, target: models.Model, edition=None, automatic: bool = False) -> Follow:
    """Follow `target` (a thread, document, group or theme); following again changes nothing,
    and an automatic follow never turns a deliberate one into an automatic one."""
    row, _created = Follow.objects.get_or_create(
        user=user, **_target_key(target), defaults={"edition": edition, "automatic": automatic}
    )
    return row


def unfollow(*, user, target: models.Model) -> bool:
    deleted, _ = Follow.objects.filter(user=user, **_target_key(target)).delete()
    return bool(deleted)


def followers(target: models.Model) -> list[int]:
    return list(Follow.objects.filter(**_target_key(target)).values_list("user_id", flat=True))


def is_following(user, target: models.Model) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Follow.objects.filter(user=user, **_target_key(target)).exists()


def forget_edition(*, user, edition) -> int:
    """Someone left an edition: their follows in it end (nothing more is told them about it)."""
    deleted, _ = Follow.objects.filter(user=user, edition=edition).delete()
    return deleted
