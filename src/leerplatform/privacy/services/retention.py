"""Retention: personal data the network no longer needs is deleted on a schedule (AVG art. 5(1)(e)).

`apply_retention` is what `manage.py apply_retention` runs daily. Each step deletes what is past
its period (settings, documented in the README's "Privacy and your data") and returns a count;
a second run the same day finds nothing more to delete.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Max, OuterRef, Q, Subquery
from django.utils import timezone

from leerplatform.meetings.models import Meeting, MeetingStatus, Registration
from leerplatform.membership.models import Application, ApplicationStatus, Invitation
from leerplatform.privacy.services.erasure import erase_due
from leerplatform.privacy.services.export import purge_expired_exports

logger = logging.getLogger(__name__)


@dataclass
class Retained:
    """What one run deleted, per kind."""

    counts: dict[str, int] = field(default_factory=dict)
    failed: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return ", ".join(f"{kind}: {count}" for kind, count in self.counts.items())


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier (the month's last day where it is shorter)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


@transaction.atomic
def delete_old_applications(*, now: dt.datetime) -> int:
    """Applications that did not lead to admission (submitted, declined, on the waiting list),
    once their edition ended longer ago than RETENTION_APPLICATIONS_MONTHS."""
    cutoff = months_before(timezone.localdate(now), settings.RETENTION_APPLICATIONS_MONTHS)
    stale = Application.objects.filter(edition__ends_on__lt=cutoff).exclude(
        status=ApplicationStatus.ACCEPTED
    )
    _deleted, per_model = stale.delete()
    return _count_of(per_model, Application)


@transaction.atomic
def delete_old_guest_registrations(*, now: dt.datetime) -> int:
    """Guests' registrations for the meetings of an edition, once its last meeting ended longer
    ago than RETENTION_GUEST_REGISTRATIONS_DAYS. (Members' registrations stay with them.)"""
    cutoff = now - dt.timedelta(days=settings.RETENTION_GUEST_REGISTRATIONS_DAYS)
    last_meeting_end = (
        Meeting.objects.filter(edition_id=OuterRef("meeting__edition_id"))
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by()
        .values("edition_id")
        .annotate(last=Max("ends_at"))
        .values("last")
    )
    stale = Registration.objects.filter(user__isnull=True).annotate(
        edition_last=Subquery(last_meeting_end)
    )
    stale = stale.filter(Q(edition_last__lt=cutoff))
    _deleted, per_model = Registration.objects.filter(pk__in=stale.values("pk")).delete()
    return _count_of(per_model, Registration)


@transaction.atomic
def delete_expired_invitations(*, now: dt.datetime) -> int:
    """Invitations nobody used, RETENTION_INVITATIONS_DAYS after they expired."""
    cutoff = now - dt.timedelta(days=settings.RETENTION_INVITATIONS_DAYS)
    stale = Invitation.objects.filter(accepted_at__isnull=True, expires_at__lt=cutoff)
    _deleted, per_model = stale.delete()
    return _count_of(per_model, Invitation)


def _count_of(per_model: dict[str, int], model) -> int:
    return per_model.get(model._meta.label, 0)


def apply_retention(*, now: dt.datetime | None = None) -> Retained:
    """Every retention step once; each in its own transaction, so one failing step does not keep
    the others from their work (the next day's run tries it again)."""
    now = now or timezone.now()
    done = Retained()
    steps = {
        "applications": delete_old_applications,
        "guest_registrations": delete_old_guest_registrations,
        "invitations": delete_expired_invitations,
        "exports": purge_expired_exports,
        "erased_accounts": erase_due,
    }
    for kind, step in steps.items():
        try:
            done.counts[kind] = step(now=now)
        except Exception:
            logger.exception("Retention step %s failed; the next run tries again", kind)
            done.failed.append(kind)
    logger.info("Retention: %s", done)
    return done
