"""A person's learning groups end with their edition membership, by any path.

- When a participation ends through membership's services (leaving, a facilitator ending it),
  they send `membership.events.participation_ended` before the edition membership is saved: the
  person's group memberships in that edition are closed and their requests to join withdrawn,
  recording who ended them (`services.groups.end_memberships_in_edition`).
- When an edition membership ends some other way (the admin), the model signal does the same
  (without an actor); after the services' event it finds nothing left to close.
- When an ended edition membership is taken up again (re-admission), group rows that were still
  open from before (rows written before this rule, or changed by hand) are closed as of the day
  the person left, so that re-admission never silently restores a group.
"""

from __future__ import annotations

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from leerplatform.editions.models import Membership
from leerplatform.groups.models import GroupMembership
from leerplatform.groups.services.groups import end_memberships_in_edition
from leerplatform.membership import events as membership_events


@receiver(membership_events.participation_ended)
def _participation_ended(sender, membership: Membership, actor=None, **kwargs) -> None:
    end_memberships_in_edition(edition=membership.edition, user=membership.user, actor=actor)


@receiver(post_save, sender=Membership)
def _edition_membership_saved(sender, instance, raw=False, **kwargs):
    if raw or instance.left_at is None:
        return
    end_memberships_in_edition(edition=instance.edition, user=instance.user, actor=None)


@receiver(pre_save, sender=Membership)
def _edition_membership_taken_up_again(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None or instance.left_at is not None:
        return
    left_at = Membership.objects.filter(pk=instance.pk).values_list("left_at", flat=True).first()
    if left_at is None:
        return
    GroupMembership.objects.filter(
        user_id=instance.user_id, group__edition_id=instance.edition_id, left_at__isnull=True
    ).update(left_at=left_at)
