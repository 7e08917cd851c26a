"""A post that mentions a follower of its thread tells them once: by the mention."""

from __future__ import annotations

import pytest

from leerplatform.groups.services import discussions
from leerplatform.notifications import services
from leerplatform.notifications.models import Notification
from tests.factories import make_edition, make_member
from tests.groups.factories_discussions import make_group

pytestmark = pytest.mark.django_db


def test_a_mentioned_follower_gets_the_mention_only_and_others_the_post():
    edition = make_edition(themes=1)
    sanne = make_member(edition, name="Sanne de Vries")
    joop = make_member(edition, name="Joop Jansen")
    anouk = make_member(edition, name="Anouk Bakker")
    group = make_group(edition, members=[sanne, joop, anouk])
    for member in (sanne, joop, anouk):  # rows made by hand: follow as joining would
        services.follow(user=member, target=group, edition=edition, automatic=True)
    thread = discussions.start_thread(group=group, author=sanne, title="Casus", text="Wie?")
    Notification.objects.all().delete()

    discussions.reply(thread=thread, author=joop, text="@**Sanne de Vries** wat vind jij?")

    told = sorted(Notification.objects.values_list("recipient__name", "kind", "excerpt"))
    assert told == [
        ("Anouk Bakker", "post", "@Sanne de Vries wat vind jij?"),
        ("Sanne de Vries", "mention", "@Sanne de Vries wat vind jij?"),
    ]
