"""A person's learning groups end with their edition membership, by any path.

- When an edition membership ends (the services, the admin), the person's group memberships in
  that edition are closed and their requests to join withdrawn: see
  `services.groups.end_memberships_in_edition`. The participation services call it themselves
  first (to record who ended it); this then finds nothing left to close.
- When an ended edition membership is taken up again (re-admission), group rows that were still
  open from before (rows written before this rule, or changed by hand) are closed as of the day
  the person left, so that re-admission never silently restores a group.
"""

from __future__ import annotations

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from leerplatform.editions.models import Membership


@receiver(post_save, sender=Membership)
def _edition_membership_saved(sender, instance, raw=False, **kwargs):
    if raw or instance.left_at is None:
        return
    from leerplatform.groups.services.groups import end_memberships_in_edition

    end_memberships_in_edition(edition=instance.edition, user=instance.user, actor=None)


@receiver(pre_save, sender=Membership)
def _edition_membership_taken_up_again(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None or instance.left_at is not None:
        return
    left_at = Membership.objects.filter(pk=instance.pk).values_list("left_at", flat=True).first()
    if left_at is None:
        return
    from leerplatform.groups.models import GroupMembership

    GroupMembership.objects.filter(
        user_id=instance.user_id, group__edition_id=instance.edition_id, left_at__isnull=True
    ).update(left_at=left_at)
