"""Outputs to the field for the demo edition: the published outputs, and one waiting for the demo
participant's consent.

- The library demo's public documents (`demo.library.DOCUMENTS` with visibility public): their
  first author chose "public", which asked the co-authors; here the co-authors say yes, so that
  they are public with every author's consent and on the outputs page like any other output.

- "Toolkit strategische personeelsplanning" (a library document), offered by one of its authors
  and consented to by both: public on the outputs page, in the library and in search.
- The final report (the progress report for the closing meeting) of the first demo group that
  has one, offered by a coordinator and consented to by every member: published.
- "Best practice: stille uren in het team", offered by Anouk de Vries: she has consented, the
  consent of Daan Deelnemer (deelnemer@example.org) is still asked, so that logging in as him
  one can consent and see it appear on the public page.

Everything goes through `services_outputs` (no emails: the people are fictional), dated as it
would have been, in the weeks before the closing meeting. Idempotent: what was offered already
is left as it is.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction

from leerplatform.accounts.models import User
from leerplatform.core.visibility import Visibility
from leerplatform.demo.library import DOCUMENTS
from leerplatform.editions.models import Edition
from leerplatform.groups.models import GroupMembership, LearningGroup
from leerplatform.library.models import Document
from leerplatform.showcase.models import ConsentStatus, Output
from leerplatform.showcase.services import outputs as services

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

TOOLKIT = "Toolkit strategische personeelsplanning"
WAITING = "Best practice: stille uren in het team"
WAITING_OFFERED_BY = "anouk.devries@example.org"


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=AMSTERDAM)


def _backdate(output: Output, day: dt.date) -> None:
    Output.objects.filter(pk=output.pk).update(proposed_at=_at(day, 9))


def _consent_all(output: Output, authors: list[User], day: dt.date) -> None:
    for hour, author in enumerate(authors, start=10):
        services.give_consent(output=output, author=author, now=_at(day, min(hour, 20)))


def _offer_document(edition: Edition, title: str, offered_by: str | None) -> Output | None:
    document = (
        Document.objects.alive()
        .select_related("edition", "group")
        .filter(edition=edition, title=title)
        .first()
    )
    if document is None or Output.objects.filter(document=document).exists():
        return None
    authors = list(document.authors.order_by("name", "pk"))
    if not authors:
        return None
    actor = next((a for a in authors if a.email == offered_by), authors[0])
    return services.offer_document(document=document, actor=actor, notify=False)


def _offer_final_report(edition: Edition) -> Output | None:
    for group in LearningGroup.objects.filter(edition=edition).order_by("name"):
        report = services.final_report_of(group)
        if report is None:
            continue
        if Output.objects.filter(report=report).exists():
            return None  # offered on an earlier load
        coordinator = (
            GroupMembership.objects.active()
            .filter(group=group, is_coordinator=True)
            .select_related("user")
            .first()
        )
        if coordinator is None:
            continue
        return services.offer_report(group=group, actor=coordinator.user, notify=False)
    return None


def _public_library_documents(edition: Edition) -> list[Output]:
    """The co-authors of the library demo's public documents consent, a week after it was
    added; returns the outputs published now."""
    published = []
    for demo in DOCUMENTS:
        if demo.visibility != Visibility.PUBLIC:
            continue
        output = (
            Output.objects.filter(document__edition=edition, document__title=demo.title)
            .select_related("document")
            .first()
        )
        if output is None or output.taken_back_at:
            continue
        if output.published_at is not None:
            # Its only author chose "public" when adding it: published then, in the demo's past.
            Output.objects.filter(pk=output.pk, proposed_at__gt=_at(demo.day, 23)).update(
                proposed_at=_at(demo.day, 9), published_at=_at(demo.day, 10)
            )
            continue
        waiting = [
            c.author
            for c in output.consents.select_related("author")
            if c.status == ConsentStatus.ASKED
        ]
        _backdate(output, demo.day)
        _consent_all(output, waiting, demo.day + dt.timedelta(days=7))
        published.append(output)
    return published


@transaction.atomic
def load_outputs_examples(edition: Edition) -> list[Output]:
    """Offer the demo outputs that have not been offered yet, with their consents; returns the
    new outputs."""
    created = _public_library_documents(edition)
    toolkit = _offer_document(edition, TOOLKIT, None)
    if toolkit is not None:
        _backdate(toolkit, dt.date(2020, 4, 20))
        _consent_all(toolkit, [c.author for c in toolkit.consents.all()], dt.date(2020, 4, 27))
        created.append(toolkit)
    report = _offer_final_report(edition)
    if report is not None:
        _backdate(report, dt.date(2020, 5, 14))
        # The final report is written for the closing meeting; the members consent right after.
        _consent_all(report, [c.author for c in report.consents.all()], dt.date(2020, 5, 14))
        created.append(report)
    waiting = _offer_document(edition, WAITING, WAITING_OFFERED_BY)
    if waiting is not None:
        _backdate(waiting, dt.date(2020, 4, 28))
        others = [
            c.author
            for c in waiting.consents.select_related("author")
            if c.author.email != "deelnemer@example.org" and c.status == ConsentStatus.ASKED
        ]
        _consent_all(waiting, others, dt.date(2020, 4, 29))
        created.append(waiting)
    return created
