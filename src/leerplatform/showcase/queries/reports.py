"""What the closing report reads: the facilitators' page with the reports made, and the data of
the PDF itself.

`report_data(edition)` collects everything the PDF shows in a fixed number of SQL queries,
whatever the number of participants, groups or ledger rows. It is written for a report that may
be published to everyone, so it reads only what may go to the field:

- work plans and activities only of groups that share them with the edition (what a group keeps
  to itself stays in the group);
- products: library documents that are public, which is only ever as outputs published with
  every author's consent; never group-only or edition-only documents;
- personal names only as authors of published outputs (their consent is the publication);
  institutions as counts; the give-and-take of the network as totals per meeting period.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypedDict, cast

from django.db.models import (
    Case,
    Count,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from leerplatform.accounts.models import User
from leerplatform.core.counting import counted_entries
from leerplatform.core.models import ActivityEntry, Direction
from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Edition, Membership, Role, Theme
from leerplatform.groups.models import (
    GroupActivity,
    GroupStatus,
    LearningGroup,
    ProgressReport,
    WorkPlanVersion,
)
from leerplatform.library.models import Document
from leerplatform.library.ownership import owned_entries_q
from leerplatform.meetings.attendance import attended_meetings_q
from leerplatform.meetings.models import (
    Meeting,
    MeetingKind,
    MeetingStatus,
    ProgrammeItem,
    ProgrammeItemKind,
    RegistrationStatus,
)
from leerplatform.showcase.models import ClosingReport, Consent, ConsentStatus, Output, ReportStatus

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

# --- The facilitators' page ---------------------------------------------------------------------

REPORTS_SHOWN = 20


def load_edition(*, slug: str) -> Edition:
    """The loader of `permission_required` for the reports page: the edition, or a 404."""
    edition = Edition.objects.filter(slug=slug).first()
    if edition is None:
        raise Http404(_("This edition does not exist."))
    return edition


def report_for(*, pk: int) -> ClosingReport | None:
    """One closing report with its edition (for the permission check)."""
    return ClosingReport.objects.select_related("edition").filter(pk=pk).first()


def reports_of(*, edition: Edition) -> list[ClosingReport]:
    """The edition's reports, newest first (the last REPORTS_SHOWN), with who asked for them."""
    return list(
        ClosingReport.objects.filter(edition=edition)
        .select_related("requested_by")
        .order_by("-requested_at", "-pk")[:REPORTS_SHOWN]
    )


def published_reports(*, edition: Edition) -> list[ClosingReport]:
    """The published reports of an edition, one per language at most (for the public page)."""
    return list(
        ClosingReport.objects.filter(
            edition=edition, status=ReportStatus.DONE, published_at__isnull=False
        ).order_by("language", "-published_at")
    )


# --- The PDF's data ------------------------------------------------------------------------------


@dataclass
class MeetingRow:
    meeting: Meeting
    plenary: list[str]  # the plenary workshop's programme items (a chosen proposal among them)
    registered: int
    attended: int


@dataclass
class Product:
    title: str
    summary: str
    kind: str
    authors: list[str]  # only for a published output
    is_output: bool


@dataclass
class GroupSection:
    group: LearningGroup
    themes: list[Theme]
    members: int
    workplan_shared: bool
    workplan: WorkPlanVersion | None
    activities_shared: bool
    activities: list[GroupActivity]
    final_report: ProgressReport | None
    final_report_is_closing: bool
    final_report_authors: list[str]
    final_report_waiting: bool  # offered as an output, not (yet) published: not shown
    products: list[Product] = field(default_factory=list)
    # The PDF's label and text of each part, filled by `showcase.pdf.build_context`.
    workplan_parts: list[tuple[str, str]] = field(default_factory=list, init=False)
    report_parts: list[tuple[str, str]] = field(default_factory=list, init=False)


@dataclass
class BalancePeriod:
    label: str
    bring: int
    take: int


@dataclass
class ReportData:
    edition: Edition
    themes: list[Theme]
    meetings: list[MeetingRow]
    groups: list[GroupSection]
    other_products: list[Product]
    institutions: list[tuple[str, int]]
    participants: int
    balance: list[BalancePeriod]

    @property
    def balance_max(self) -> int:
        return max([1] + [max(p.bring, p.take) for p in self.balance])

    @property
    def balance_totals(self) -> tuple[int, int]:
        return sum(p.bring for p in self.balance), sum(p.take for p in self.balance)


def _attended_count() -> Coalesce:
    """How many people attended the (outer) meeting: the one definition of who attended
    (`meetings.attendance`), counted per meeting inside the meetings' query."""
    attendees = (
        User.objects.annotate(meeting_ref=OuterRef("pk"))
        # The person is the outer row here (an OuterRef where the helper is usually given an id).
        .filter(attended_meetings_q(OuterRef("pk"), meeting_field="meeting_ref"))  # type: ignore[arg-type]
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n")
    )
    return Coalesce(Subquery(attendees, output_field=IntegerField()), 0)


def _meetings(edition: Edition) -> list[MeetingRow]:
    """Published meetings with their plenary workshop and the attendance counts (2 queries)."""
    meetings = list(
        Meeting.objects.filter(edition=edition, status=MeetingStatus.PUBLISHED)
        .select_related("theme")
        .annotate(
            registered_count=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.REGISTERED)
            ),
            attended_count=_attended_count(),
        )
        .order_by("starts_at", "pk")
    )
    plenary = defaultdict(list)
    for item in ProgrammeItem.objects.filter(
        meeting__in=meetings, kind=ProgrammeItemKind.PLENARY_WORKSHOP
    ).order_by("meeting_id", "starts_at", "position", "pk"):
        plenary[item.meeting_id].append(item.title)
    return [
        MeetingRow(
            meeting=meeting,
            plenary=plenary[meeting.pk],
            registered=meeting.registered_count,
            attended=meeting.attended_count,
        )
        for meeting in meetings
    ]


class _GroupAnnotations(TypedDict):
    member_count: int
    chosen_version_id: int | None


class _OutputAnnotations(TypedDict):
    given_consents: list[Consent]  # a prefetch's to_attr


def _groups(edition: Edition) -> list[WithAnnotations[LearningGroup, _GroupAnnotations]]:
    """Active and closed groups with their themes, member counts and the version of the plan the
    report shows: the newest agreed one, else the newest (2 queries)."""
    chosen_version = (
        WorkPlanVersion.objects.filter(group=OuterRef("pk"))
        .annotate(
            is_agreed=Case(
                When(agreed_at__isnull=False, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("is_agreed", "-number")
        .values("pk")[:1]
    )
    return list(
        LearningGroup.objects.filter(
            edition=edition, status__in=[GroupStatus.ACTIVE, GroupStatus.CLOSED]
        )
        .annotate(
            member_count=Count("memberships", filter=Q(memberships__left_at__isnull=True)),
            chosen_version_id=Subquery(chosen_version),
        )
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("position", "pk")))
        .order_by("name", "pk")
    )


def _outputs(edition: Edition) -> list[WithAnnotations[Output, _OutputAnnotations]]:
    """The edition's outputs; the published ones with the authors who consented (2 queries)."""
    return list(
        Output.objects.filter(edition=edition).prefetch_related(
            Prefetch(
                "consents",
                queryset=Consent.objects.filter(
                    status=ConsentStatus.GIVEN, output__published_at__isnull=False
                )
                .select_related("author")
                .order_by("author__name"),
                to_attr="given_consents",
            )
        )
    )


def _products(edition: Edition, published: set[int], unpublished: set[int]) -> QuerySet[Document]:
    """Documents that may go to the field: public, and so published outputs with every author's
    consent (`queries.outputs.consented_documents`); never one waiting for (or refused) its
    authors' consent. Never a confidential one."""
    return (
        Document.objects.alive()
        .filter(edition=edition, visibility=Visibility.PUBLIC, pk__in=published)
        .exclude(pk__in=unpublished)
        .exclude(visibility=Visibility.CONFIDENTIAL)
        .defer("body")
        .order_by("title", "pk")
    )


def _institutions(edition: Edition) -> tuple[list[tuple[str, int]], int]:
    """(institution name, active participants) by institution, and the total (1 query)."""
    rows = (
        Membership.objects.active()
        .filter(edition=edition, role=Role.PARTICIPANT)
        .values("user__institution__name")
        .annotate(people=Count("pk"))
        .order_by("user__institution__name")
    )
    named, unknown, total = [], 0, 0
    for row in rows:
        total += row["people"]
        if row["user__institution__name"]:
            named.append((row["user__institution__name"], row["people"]))
        else:
            unknown += row["people"]
    named.sort(key=lambda item: (-item[1], item[0]))
    if unknown:
        named.append((_("Other or not given"), unknown))
    return named, total


def balance_per_period(*, edition: Edition, meetings: list[Meeting]) -> list[BalancePeriod]:
    """Bringing and taking in the whole network per meeting period, from the ledger (1 query).

    Period i runs from the end of meeting i-1 to the end of meeting i, so that attending meeting
    i (taking) counts in its own period; what happens after the last meeting has a period of its
    own. Only totals: no person, group or institution can be read from them."""
    whens = [
        When(created_at__lte=meeting.ends_at, then=Value(index))
        for index, meeting in enumerate(meetings)
    ]
    period = Case(*whens, default=Value(len(meetings)), output_field=IntegerField())
    rows = (
        # Counted as the give-and-take pages count (core.counting: each action once).
        counted_entries(ActivityEntry.objects.filter(edition=edition), owned=owned_entries_q())
        .annotate(period=period)
        .values("period", "counts_as")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {(row["period"], row["counts_as"]): row["n"] for row in rows}
    labels = [
        f"{date_format(timezone.localtime(meeting.starts_at), 'DATE_FORMAT')} · {meeting.title}"
        for meeting in meetings
    ]
    after = len(meetings)
    periods = [
        BalancePeriod(
            label=label,
            bring=counts.get((index, Direction.BRING), 0),
            take=counts.get((index, Direction.TAKE), 0),
        )
        for index, label in enumerate(labels)
    ]
    later_bring = counts.get((after, Direction.BRING), 0)
    later_take = counts.get((after, Direction.TAKE), 0)
    if not meetings or later_bring or later_take:
        periods.append(
            BalancePeriod(
                label=_("After the last meeting") if meetings else _("The whole edition"),
                bring=later_bring,
                take=later_take,
            )
        )
    return periods


def report_data(*, edition: Edition) -> ReportData:
    """Everything the closing report shows, in a fixed number of queries (see the module doc)."""
    themes = list(edition.themes.order_by("position", "pk"))
    meeting_rows = _meetings(edition)
    meetings = [row.meeting for row in meeting_rows]
    closing = next((m for m in reversed(meetings) if m.kind == MeetingKind.CLOSING), None)
    meeting_order = {meeting.pk: index for index, meeting in enumerate(meetings)}

    groups = _groups(edition)
    group_ids = [group.pk for group in groups]
    versions = {
        version.pk: version
        for version in WorkPlanVersion.objects.filter(
            pk__in=[g.chosen_version_id for g in groups if g.chosen_version_id],
            group__workplan_visibility=Visibility.PLATFORM,
        )
    }
    activities = defaultdict(list)
    for activity in GroupActivity.objects.filter(
        group_id__in=group_ids,
        group__activities_visibility=Visibility.PLATFORM,
        confidential=False,  # confidential work stays in the group
    ).order_by("date", "pk"):
        activities[activity.group_id].append(activity)
    reports = defaultdict(list)
    for report in ProgressReport.objects.filter(
        group_id__in=group_ids, meeting_id__in=meeting_order
    ):
        reports[report.group_id].append(report)

    # Published outputs name their authors (who consented); an output that is not published
    # (consent asked, or withdrawn) shows nowhere in the report.
    authors_of_document, authors_of_report = {}, {}
    unpublished_documents: set[int] = set()
    unpublished_reports: set[int] = set()
    for output in _outputs(edition):
        names = [consent.author.name for consent in output.given_consents]
        if output.published_at is None:
            if output.document_id:
                unpublished_documents.add(output.document_id)
            else:
                # Not a document, so a final report (the model's constraint: one or the other).
                unpublished_reports.add(cast(int, output.report_id))
        elif output.document_id:
            authors_of_document[output.document_id] = names
        else:
            authors_of_report[output.report_id] = names

    products = defaultdict(list)
    other_products = []
    for document in _products(edition, set(authors_of_document), unpublished_documents):
        product = Product(
            title=document.title,
            summary=document.summary,
            kind=document.get_kind_display(),
            authors=authors_of_document.get(document.pk, []),
            is_output=document.pk in authors_of_document,
        )
        if document.group_id in group_ids:
            products[document.group_id].append(product)
        else:
            other_products.append(product)

    sections = []
    for group in groups:
        own_reports = sorted(reports[group.pk], key=lambda r: meeting_order[r.meeting_id])
        final = next((r for r in own_reports if closing and r.meeting_id == closing.pk), None)
        if final is None and own_reports:
            final = own_reports[-1]
        waiting = final is not None and final.pk in unpublished_reports
        if waiting:
            final = None
        sections.append(
            GroupSection(
                group=group,
                themes=list(group.themes.all()),
                members=group.member_count,
                workplan_shared=group.workplan_visibility == Visibility.PLATFORM,
                workplan=(
                    versions.get(group.chosen_version_id)
                    if group.chosen_version_id is not None
                    else None
                ),
                activities_shared=group.activities_visibility == Visibility.PLATFORM,
                activities=activities[group.pk],
                final_report=final,
                final_report_is_closing=bool(final and closing and final.meeting_id == closing.pk),
                final_report_authors=authors_of_report.get(final.pk, []) if final else [],
                final_report_waiting=waiting,
                products=products[group.pk],
            )
        )
    institutions, participants = _institutions(edition)
    return ReportData(
        edition=edition,
        themes=themes,
        meetings=meeting_rows,
        groups=sections,
        other_products=other_products,
        institutions=institutions,
        participants=participants,
        balance=balance_per_period(edition=edition, meetings=meetings),
    )
