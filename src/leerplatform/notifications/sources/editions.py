"""Notifications from the editions' events.

- `phase_changed`: everyone in the edition (its active participants and facilitators) hears that
  it moved to another phase ("phase_changed", edition-wide), with a link to the edition's
  dashboard; the facilitator who moved it is not told.
"""

from __future__ import annotations

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_noop

from leerplatform.core.visibility import Visibility
from leerplatform.editions import events
from leerplatform.editions.models import Edition, Membership, Phase
from leerplatform.notifications.services import notify

# The phases' names as message ids (the same as `Phase`'s labels), so that each reader reads the
# name in their own language.
PHASE_NAMES: dict[str, str] = {
    Phase.ORIENTATION: gettext_noop("Orientation"),
    Phase.STARTUP: gettext_noop("Start-up"),
    Phase.CONNECTING: gettext_noop("Making connections"),
    Phase.BUILDING: gettext_noop("Building climate and results"),
    Phase.CONSOLIDATION: gettext_noop("Consolidation"),
    Phase.CLOSED: gettext_noop("Closed"),
}


@receiver(events.phase_changed, dispatch_uid="notifications_phase_changed")
def phase_changed(sender, edition: Edition, actor=None, **kwargs) -> None:
    members = Membership.objects.active().filter(edition=edition).values_list("user_id", flat=True)
    notify(
        "phase_changed",
        members,
        actor=actor,
        target=edition,
        edition=edition,
        visibility=Visibility.PLATFORM,
        url=reverse("editions:dashboard", kwargs={"slug": edition.slug}),
        detail=PHASE_NAMES.get(edition.phase, ""),
    )
