"""Notifications from showcase events.

- `consent_asked` (an output offered, offered again, or a facilitator's reminder) tells the
  authors whose consent is asked ("consent_requested"), with a link to their consents page at
  the output. This notification is the request: its instant email (the kind's default) replaces
  the email the showcase used to send itself (the link is an ordinary page behind login, not a
  personal token, so nothing is lost when someone chooses the app only or a digest; the
  consents page and "waits for you" list every open request too).
- `output_published` (the last author consented) and `consent_refused` (an author declined or
  withdrew) tell the other authors the outcome ("consent_outcome").
- `closing_report_published` tells the edition's members ("closing_report"); someone who has
  not read the notification of a report published before (the other language) gets no second.

Every one follows the visibility of the thing offered (a document's, or the edition for a final
report), so someone who left or may not see it is never told, and a confidential document's
title never travels.
"""

from __future__ import annotations

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_noop

from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Membership
from leerplatform.notifications.reminders import already_told
from leerplatform.notifications.services import notify
from leerplatform.showcase import events
from leerplatform.showcase.models import Consent, Output

PUBLISHED = gettext_noop("published, every author consented")
DECLINED = gettext_noop("not published, an author declined")
WITHDRAWN = gettext_noop("an author withdrew their consent")
WITHDRAWN_UNPUBLISHED = gettext_noop("no longer public, an author withdrew their consent")


def _about(output: Output) -> dict:
    """Where the output is, who may see it, and the link to it on the consents page."""
    document = output.document if output.document_id else None
    url = reverse("showcase:consents", kwargs={"slug": output.edition.slug})
    return {
        "target": output,
        "edition": output.edition,
        "group": document.group if document is not None else output.group,
        "visibility": document.visibility if document is not None else Visibility.PLATFORM,
        "url": f"{url}#output-{output.pk}",
        "where_label": str(output.edition),
    }


@receiver(events.consent_asked, dispatch_uid="notifications_consent_asked")
def consent_asked(sender, output: Output, author_ids, actor=None, **kwargs) -> None:
    notify("consent_requested", author_ids, actor=actor, **_about(output))


def _authors(output: Output):
    return Consent.objects.filter(output=output).values_list("author_id", flat=True)


@receiver(events.output_published, dispatch_uid="notifications_output_published")
def output_published(sender, output: Output, actor=None, **kwargs) -> None:
    notify("consent_outcome", _authors(output), actor=actor, detail=PUBLISHED, **_about(output))


@receiver(events.consent_refused, dispatch_uid="notifications_consent_refused")
def consent_refused(
    sender, output: Output, actor=None, withdrawn=False, unpublished=False, **kwargs
) -> None:
    detail = WITHDRAWN_UNPUBLISHED if unpublished else (WITHDRAWN if withdrawn else DECLINED)
    notify("consent_outcome", _authors(output), actor=actor, detail=detail, **_about(output))


@receiver(events.closing_report_published, dispatch_uid="notifications_closing_report")
def closing_report_published(sender, report, actor=None, **kwargs) -> None:
    edition = report.edition
    told = {row[0] for row in already_told("closing_report", edition=edition, unread_only=True)}
    people = (
        Membership.objects.active()
        .filter(edition=edition)
        .exclude(user_id__in=told)
        .values_list("user_id", flat=True)
    )
    notify(
        "closing_report",
        people,
        actor=actor,
        target=report,
        edition=edition,
        visibility=Visibility.PLATFORM,
        url=reverse("showcase:outputs", kwargs={"slug": edition.slug}),
        where_label=str(edition),
        target_label=str(edition),
    )
