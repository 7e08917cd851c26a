"""Notifications for the demo: what the demo participant and facilitator find under the bell.

The demo's services make notifications as they would for real people (a proposal supported, a
post in a followed discussion, a new application for the facilitators …). Two more things are
added here, through the same services: a mention of the demo participant in a discussion of his
group (and a reply to it in the thread he follows), and a theme he chose to follow. Then the
notifications get times over the past week, newest first for the mention, and the older half is
marked read, so the centre shows both. They stay undigested: `manage.py send_digests --period
weekly --dry-run` prints the weekly digest the demo people would get.

The lead calls `load_notification_examples(edition)` last, when the demo edition is new.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from leerplatform.accounts.models import User
from leerplatform.editions.models import Edition
from leerplatform.groups.models import Post, Thread
from leerplatform.groups.services import discussions
from leerplatform.notifications import services
from leerplatform.notifications.models import Notification

THREAD = "Teamafspraken over bereikbaarheid: wie heeft een voorbeeld?"
MENTION_BY = "anouk.devries@example.org"
MENTION_TEXT = (
    "@**Daan Deelnemer (fictief)** de afsprakenkaart van ons team mag gedeeld worden. Zet jij "
    "hem in de bibliotheek bij de goede voorbeelden? Dan nemen we hem mee naar de volgende "
    "bijeenkomst."
)
FOLLOWED_THEME_POSITION = 2  # the participant follows this theme of the learning agenda


@transaction.atomic
def load_notification_examples(edition: Edition) -> None:
    participant = User.objects.get(email="deelnemer@example.org")
    loaded_at = timezone.now() - dt.timedelta(hours=1)
    thread = Thread.objects.filter(group__edition=edition, title=THREAD).first()
    author = User.objects.filter(email=MENTION_BY).first()
    new = not Post.objects.filter(thread=thread, text=MENTION_TEXT).exists()
    if thread is not None and author is not None and new:
        discussions.reply(thread=thread, author=author, text=MENTION_TEXT)
    theme = edition.themes.filter(position=FOLLOWED_THEME_POSITION).first()
    if theme is not None:
        services.follow(user=participant, target=theme, edition=edition)
    _spread_over_the_week(edition, since=loaded_at)


def _spread_over_the_week(edition: Edition, *, since) -> None:
    """Give the notifications made while loading times over the past week (the newest last made),
    and mark the older half of each person's read."""
    now = timezone.now()
    rows = list(
        Notification.objects.filter(created_at__gte=since)
        .order_by("recipient_id", "-id")
        .values_list("id", "recipient_id")
    )
    position: dict[int, int] = {}
    for pk, recipient in rows:
        index = position.get(recipient, 0)
        position[recipient] = index + 1
        when = now - dt.timedelta(minutes=20) - dt.timedelta(hours=7 * index)
        if when < now - dt.timedelta(days=6):
            when = now - dt.timedelta(days=6, hours=index % 12)
        changes = {"created_at": when}
        if index >= 6:
            changes["read_at"] = when + dt.timedelta(hours=1)
        Notification.objects.filter(pk=pk).update(**changes)
    services.forget_unread(position)
