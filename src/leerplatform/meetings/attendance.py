"""Who attended a meeting: the one definition every part of the platform asks.

Someone attended when their registration was checked in, or when the ledger holds an ATTENDED
entry for them and the meeting (a check-in undone by mistake is still remembered there, and the
demo's and imports' attendance lives only in the ledger).
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast

from leerplatform.core.models import ActivityEntry, Verb
from leerplatform.meetings.models import Meeting, Registration


def attended_meetings_q(user_id: int, *, meeting_field: str = "pk") -> Q:
    """For querysets with a meeting at `meeting_field`: the meetings `user_id` attended."""
    return Q(
        Exists(
            Registration.objects.filter(
                meeting_id=OuterRef(meeting_field), user_id=user_id, attended_at__isnull=False
            )
        )
    ) | Q(
        Exists(
            ActivityEntry.objects.filter(
                actor_id=user_id,
                verb=Verb.ATTENDED,
                target_type=ContentType.objects.get_for_model(Meeting),
                target_id=Cast(OuterRef(meeting_field), output_field=CharField()),
            )
        )
    )


def attendees_q(meeting: Meeting, *, user_field: str = "pk") -> Q:
    """For querysets with a user at `user_field`: the people who attended `meeting`."""
    return Q(
        **{
            f"{user_field}__in": Registration.objects.filter(
                meeting=meeting, user__isnull=False, attended_at__isnull=False
            ).values("user_id")
        }
    ) | Q(
        **{
            f"{user_field}__in": ActivityEntry.objects.filter(
                verb=Verb.ATTENDED,
                target_type=ContentType.objects.get_for_model(Meeting),
                target_id=str(meeting.pk),
            ).values("actor_id")
        }
    )


def has_attended(*, user, meeting: Meeting) -> bool:
    if not user.is_authenticated:
        return False
    return Meeting.objects.filter(pk=meeting.pk).filter(attended_meetings_q(user.pk)).exists()
