"""The public face beside the edition page: the archive of editions with their outputs and closing
reports, and the contact page. Each a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from leerplatform.editions.models import Edition, EditionContact
from leerplatform.editions.queries import public_editions_in_order
from leerplatform.showcase.models import ClosingReport


@dataclass
class ArchiveEntry:
    """One edition in the archive: its published closing reports (a PDF per language)."""

    edition: Edition
    reports: list[ClosingReport] = field(default_factory=list)


def archive() -> list[ArchiveEntry]:
    """Every edition visitors may see, running ones first, newest first, each with its published
    closing reports (two queries)."""
    editions = list(public_editions_in_order())
    reports: dict[int, list[ClosingReport]] = defaultdict(list)
    for report in (
        ClosingReport.objects.filter(
            edition__in=[e.pk for e in editions], published_at__isnull=False
        )
        .exclude(file="")
        .order_by("language", "-published_at")
    ):
        reports[report.edition_id].append(report)
    return [ArchiveEntry(edition=e, reports=reports[e.pk]) for e in editions]


@dataclass
class ContactEntry:
    """An edition whose contact persons the contact page shows."""

    edition: Edition
    contacts: list[EditionContact]


def contact_page() -> list[ContactEntry]:
    """The contact persons of the running editions visitors may see, newest first; when none is
    running, of the newest closed one (two queries)."""
    editions = list(public_editions_in_order())
    running = [e for e in editions if not e.is_closed]
    shown = running or editions[:1]
    contacts: dict[int, list[EditionContact]] = defaultdict(list)
    for contact in EditionContact.objects.filter(edition__in=[e.pk for e in shown]):
        contacts[contact.edition_id].append(contact)
    return [ContactEntry(edition=e, contacts=contacts[e.pk]) for e in shown]


def published_reports(*, edition: Edition) -> list[ClosingReport]:
    """The edition's published closing reports, a PDF per language (one query)."""
    return list(
        ClosingReport.objects.filter(edition=edition, published_at__isnull=False)
        .exclude(file="")
        .order_by("language", "-published_at")
    )


@dataclass
class PublicExtras:
    """What the edition's public page adds to its overview: where its outputs are, the published
    closing reports, and the contact persons ("Meer weten?")."""

    reports: list[ClosingReport]
    contacts: list[EditionContact]


def public_extras(*, edition: Edition) -> PublicExtras:
    """The closing reports and contact persons of the edition's public page (two queries)."""
    return PublicExtras(
        reports=published_reports(edition=edition),
        contacts=list(EditionContact.objects.filter(edition=edition)),
    )
