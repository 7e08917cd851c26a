"""Notifications from membership's events.

- `application_confirmed`: an application with a confirmed person behind it waits for a decision;
  the edition's active facilitators hear of it ("application_received", personal data: told to
  the facilitators by name, not through a visibility tier, and never shown in any stream).
- `application_decided`: the applicant hears the decision ("application_decided", personal):
  admitted, declined or on the waiting list. The decision email membership sends stays (the kind
  is `mailed_by_process`): the notification is the line in the app.
"""

from __future__ import annotations

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_noop

from leerplatform.editions.models import Membership, Role
from leerplatform.membership import events
from leerplatform.membership.models import Application, ApplicationStatus
from leerplatform.notifications.services import notify

DECISIONS: dict[str, str] = {
    ApplicationStatus.ACCEPTED: gettext_noop("admitted"),
    ApplicationStatus.DECLINED: gettext_noop("declined"),
    ApplicationStatus.WAITLISTED: gettext_noop("on the waiting list"),
}


@receiver(events.application_confirmed, dispatch_uid="notifications_application_confirmed")
def application_confirmed(sender, application: Application, **kwargs) -> None:
    edition = application.edition
    facilitators = (
        Membership.objects.active()
        .filter(edition=edition, role=Role.FACILITATOR)
        .values_list("user_id", flat=True)
    )
    notify(
        "application_received",
        facilitators,
        actor=application.user,
        target=application,
        edition=edition,
        url=reverse(
            "membership:application_detail", kwargs={"slug": edition.slug, "pk": application.pk}
        ),
        target_label=application.name,
    )


@receiver(events.application_decided, dispatch_uid="notifications_application_decided")
def application_decided(sender, application: Application, status: str, **kwargs) -> None:
    detail = DECISIONS.get(status)
    if detail is None or application.user_id is None:
        return
    notify(
        "application_decided",
        [application.user_id],
        actor=application.decided_by,
        target=application,
        edition=application.edition,
        url=reverse("membership:my_applications"),
        detail=detail,
    )
