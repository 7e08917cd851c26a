"""Bringing and taking (brengen en halen), read from the activity ledger only.

Every number on the give-and-take pages is a count of `core.ActivityEntry` rows of one edition,
by how they count (`core.counting.counted_as`: the verb's rule in `core.models.VERB_RULES`,
each action once, once per person per thing where the table says so, never one's own document
taken; neutral rows are never counted) and by `verb`. Only the ledger is counted; the library's
authors are read to know whose document is whose. Counting is done in SQL (one aggregate query per
table), so that a page costs the same number of queries whatever the ledger's size.

Meeting periods
---------------
An edition's meetings split its time into periods. The meetings are the edition's *published*
meetings (drafts have not happened, cancelled ones will not), ordered by start. With meetings
M1 … Mn (n ≥ 1) there are n + 1 periods:

- period 1: everything up to and including M1, i.e. ``created_at <= M1.ends_at``;
- period k (2 ≤ k ≤ n): "between M(k-1) and Mk": ``M(k-1).ends_at < created_at <= Mk.ends_at``;
- period n + 1: "after Mn": ``created_at > Mn.ends_at``.

A meeting day belongs to the period it closes, so what one brings to a meeting (a presentation,
a report) counts with that meeting. One exception keeps attendance honest: an ATTENDED row counts
in the period of the meeting it targets, whenever it was recorded (a facilitator may tick the
list in the evening, after `ends_at`). An edition without published meetings has one period,
"the whole edition".

Who counts for the network
--------------------------
The network's balance counts the rows of the edition's *participants* (memberships with the
participant role, also those who have left since: what they brought stays brought). Facilitators'
work is their job, not part of the give and take. A row counts

- per institution: by the institution on the actor's profile now ("No institution given" if none);
- per learning group: for the group the actor was a member of *when the row was recorded*
  (``joined_at <= created_at`` and not yet left); a row of someone in no group counts for none;
- per theme: for each theme of such a group (a group on two themes counts for both, so themes do
  not add up to the total).

What is shown per unit (institution, group, theme): its number of participants and its totals
(brought, taken), always, for every unit with participants or rows: an institution of one person
is part of the network like any other. What would single a person out is left out: no names next
to numbers, no list of persons or items, and no per-person figure (brought and taken per
participant) for a unit with fewer than `MIN_PEOPLE` participants. The network page shows counts
only, never a target's label.

Confidential work (core.confidential) counts like any other, but a person's list of rows leaves
its rows out and says only how many there are: no label, no verb, no date.

"Not yet seen in this phase": active participants without a counted bring or take row in the
edition since the edition's last PHASE_CHANGED row (or ever, when the phase never changed).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from leerplatform.core.counting import counted_as, counted_entries
from leerplatform.core.models import VERB_RULES, ActivityEntry, Counting, Direction, Verb
from leerplatform.core.shared_reads import personal
from leerplatform.core.statements import Statement
from leerplatform.editions.models import Edition, Membership, Role, Theme
from leerplatform.groups.models import LearningGroup
from leerplatform.library.models import Document
from leerplatform.library.ownership import owned_entries_q
from leerplatform.meetings.models import Meeting, MeetingStatus
from leerplatform.reflection.links import attach_links
from leerplatform.showcase.confidential import about_confidential_q

ENTRIES_PER_PAGE = 25
MIN_PEOPLE = 3

# What one brought or took, grouped as a person would name it. A verb outside these lists
# (a later issue's, or one recorded with another direction than its default) counts as "other".
BRING_GROUPS: list[tuple[str, object, set[str]]] = [
    ("proposals", _("Proposals and support"), {Verb.PROPOSED, Verb.SUPPORTED, Verb.COMMENTED}),
    ("presentations", _("Presentations (proposal chosen)"), {Verb.PROPOSAL_SELECTED}),
    (
        "documents",
        _("Documents"),
        {Verb.DOCUMENT_ADDED, Verb.DOCUMENT_CHANGED, Verb.FILE_UPLOADED},
    ),
    ("activities", _("Group activities"), {Verb.ACTIVITY_LOGGED}),
    ("reports", _("Progress reports"), {Verb.REPORTED}),
    ("posts", _("Discussion posts"), {Verb.POSTED}),
    ("reflections", _("Reflections shared"), {Verb.REFLECTION_SHARED, Verb.GROUP_REFLECTED}),
    (
        "groupwork",
        _("Group work (group, work plan)"),
        {Verb.GROUP_STARTED, Verb.GROUP_JOINED, Verb.WORKPLAN_EDITED},
    ),
    ("outputs", _("Outputs to the field"), {Verb.OUTPUT_OFFERED, Verb.OUTPUT_PUBLISHED}),
    ("other_bring", _("Other contributions"), set()),
]
TAKE_GROUPS: list[tuple[str, object, set[str]]] = [
    ("meetings", _("Meetings attended"), {Verb.ATTENDED}),
    ("downloads", _("Documents read or downloaded"), {Verb.DOWNLOADED, Verb.DOCUMENT_READ}),
    ("other_take", _("Other things taken"), set()),
]


def _counted(queryset, *, actor_id: int | None = None):
    """The rows that count (core.counting), with the library's authors: their own documents.
    `actor_id`: every row is this person's (their documents are then read once)."""
    return counted_entries(queryset, owned=owned_entries_q(actor_id=actor_id))


# Totals of rows annotated by core.counting (counts_as).
_TOTALS = {
    "brought": Count("id", filter=Q(counts_as=Direction.BRING)),
    "taken": Count("id", filter=Q(counts_as=Direction.TAKE)),
}


def verb_group(direction: str, verb: str) -> str:
    """The key of the group a counted row belongs to."""
    groups = BRING_GROUPS if direction == Direction.BRING else TAKE_GROUPS
    for key, _label, verbs in groups:
        if verb in verbs:
            return key
    return groups[-1][0]


# --- How each verb counts ----------------------------------------------------------------------


@dataclass
class CountingRule:
    """One line of "How it counts": a verb, bringing or taking, and how often."""

    verb: str
    label: str
    how: str


def counting_rules() -> tuple[list[CountingRule], list[CountingRule], list[CountingRule]]:
    """The counted verbs of core.models.VERB_RULES (bringing, taking) and the neutral ones with
    a word of explanation, in the table's order, for the give-and-take page."""
    bring: list[CountingRule] = []
    take: list[CountingRule] = []
    explained: list[CountingRule] = []
    for verb, rule in VERB_RULES.items():
        label = str(Verb(verb).label)
        how = str(rule.how or Counting(rule.counting).label)
        if rule.direction == Direction.BRING:
            bring.append(CountingRule(verb, label, how))
        elif rule.direction == Direction.TAKE:
            take.append(CountingRule(verb, label, how))
        elif rule.how:
            explained.append(CountingRule(verb, label, how))
    return bring, take, explained


# --- Periods --------------------------------------------------------------------------------------


@dataclass
class Period:
    index: int
    label: str  # short, for the chart
    description: str  # with dates, for the table
    meeting: Meeting | None = None
    short: str = ""  # shortest, for a column of the table ("1–2"), under "Meeting period"


def _meetings(edition: Edition) -> list[Meeting]:
    return list(
        Meeting.objects.filter(edition=edition, status=MeetingStatus.PUBLISHED)
        .order_by("starts_at", "pk")
        .only("id", "title", "starts_at", "ends_at", "edition_id")
    )


def periods_of(meetings: list[Meeting]) -> list[Period]:
    """The meeting periods (see the module's docstring) of these meetings, in order."""
    if not meetings:
        whole = str(_("Whole edition"))
        return [Period(0, whole, str(_("The whole edition")), short=whole)]
    periods = []
    for i, meeting in enumerate(meetings):
        date = date_format(timezone.localtime(meeting.starts_at), "DATE_FORMAT")
        if i == 0:
            label = str(_("Up to meeting 1"))
            short = str(_("up to 1"))
            description = str(
                _("Up to and including meeting 1 (%(title)s, %(date)s)")
                % {"title": meeting.title, "date": date}
            )
        else:
            label = str(_("Meeting %(a)s–%(b)s") % {"a": i, "b": i + 1})
            short = f"{i}–{i + 1}"
            description = str(
                _("After meeting %(a)s, up to and including meeting %(b)s (%(title)s, %(date)s)")
                % {"a": i, "b": i + 1, "title": meeting.title, "date": date}
            )
        periods.append(Period(i, label, description, meeting, short))
    last = len(meetings)
    periods.append(
        Period(
            last,
            str(_("After meeting %(n)s") % {"n": last}),
            str(
                _("After meeting %(n)s (%(date)s)")
                % {
                    "n": last,
                    "date": date_format(timezone.localtime(meetings[-1].starts_at), "DATE_FORMAT"),
                }
            ),
            short=str(_("after %(n)s") % {"n": last}),
        )
    )
    return periods


def period_expression(meetings: list[Meeting]) -> Case | Value:
    """SQL that gives a ledger row its period index (0-based), per the module's docstring."""
    if not meetings:
        return Value(0, output_field=IntegerField())
    meeting_type = ContentType.objects.get_for_model(Meeting)
    attended = [
        When(
            verb=Verb.ATTENDED,
            target_type_id=meeting_type.pk,
            target_id=str(meeting.pk),
            then=Value(i),
        )
        for i, meeting in enumerate(meetings)
    ]
    by_time = [
        When(created_at__lte=meeting.ends_at, then=Value(i)) for i, meeting in enumerate(meetings)
    ]
    return Case(*attended, *by_time, default=Value(len(meetings)), output_field=IntegerField())


# --- My give and take -------------------------------------------------------------------------


@dataclass
class Cell:
    key: str
    label: str
    counts: list[int]  # per period
    total: int = 0
    periods: list[Period] = field(default_factory=list)

    @property
    def by_period(self) -> list[tuple[Period, int]]:
        """(period, count) pairs, for a table's cells labelled by their period."""
        return list(zip(self.periods, self.counts, strict=True))


def _sum_cell(key: str, label, cells: list[Cell], periods: list[Period]) -> Cell:
    counts = [sum(cell.counts[i] for cell in cells) for i in range(len(periods))]
    return Cell(key, str(label), counts, sum(counts), periods)


@dataclass
class BarRow:
    """One row of the chart: a label with a bringing and a taking bar."""

    label: str
    brought: int | None
    taken: int | None
    description: str = ""
    people: int | None = None
    bring_width: int = 0
    take_width: int = 0
    y: int = 0
    # Brought and taken per participant: only for units of at least MIN_PEOPLE participants.
    brought_per_person: float | None = None
    taken_per_person: float | None = None


@dataclass
class Chart:
    """A bar chart drawn in SVG at the page's width: bars in per cent of the width (at most
    `bar_area`, leaving room for the number after the longest bar), text in pixels, so that the
    labels stay readable on a phone."""

    rows: list[BarRow]
    bar_area: int = 70  # per cent
    row_height: int = 66  # pixels

    @property
    def height(self) -> int:
        return self.row_height * len(self.rows) + 4

    def layout(self) -> Chart:
        top = max([r.brought or 0 for r in self.rows] + [r.taken or 0 for r in self.rows] + [1])
        for i, row in enumerate(self.rows):
            row.y = i * self.row_height
            # Whole per cents: a float would be written with a decimal comma in Dutch.
            row.bring_width = round(self.bar_area * (row.brought or 0) / top)
            row.take_width = round(self.bar_area * (row.taken or 0) / top)
        return self


@dataclass
class MyBalance:
    periods: list[Period]
    chart: Chart
    bring_rows: list[Cell]
    take_rows: list[Cell]
    brought: int
    taken: int
    entries: Page
    bring_sum: Cell | None = None  # the "in total" rows of the table
    take_sum: Cell | None = None

    @property
    def table_groups(self) -> list[tuple[str, list[Cell], Cell | None]]:
        """The table's two parts: (heading, a row per kind, the row of the sum)."""
        return [
            (str(_("Brought")), self.bring_rows, self.bring_sum),
            (str(_("Taken")), self.take_rows, self.take_sum),
        ]

    # Rows about confidential work (core.confidential): counted above, listed only as a number.
    confidential: int = 0


def _counts_by_period(rows, periods: list[Period]) -> tuple[list[Cell], list[Cell]]:
    cells = {
        key: Cell(key, str(label), [0] * len(periods), periods=periods)
        for key, label, _v in [*BRING_GROUPS, *TAKE_GROUPS]
    }
    for row in rows:
        cell = cells[verb_group(row["counts_as"], row["verb"])]
        cell.counts[row["period"]] += row["n"]
        cell.total += row["n"]
    bring = [cells[key] for key, _l, _v in BRING_GROUPS]
    take = [cells[key] for key, _l, _v in TAKE_GROUPS]
    return bring, take


def my_balance(*, user, edition: Edition, page_number=1) -> MyBalance:
    """The give-and-take page of one person: counts per meeting period and verb group (chart and
    table), and their own ledger rows of the edition, newest first, one page of them."""
    meetings = _meetings(edition)
    periods = periods_of(meetings)
    rows = (
        _counted(ActivityEntry.objects.filter(actor=user, edition=edition), actor_id=user.pk)
        .annotate(period=period_expression(meetings))
        .values("period", "counts_as", "verb")
        .annotate(n=Count("id"))
        .order_by()
    )
    bring, take = _counts_by_period(rows, periods)
    chart_rows = [
        BarRow(
            label=period.label,
            description=period.description,
            brought=sum(cell.counts[period.index] for cell in bring),
            taken=sum(cell.counts[period.index] for cell in take),
        )
        for period in periods
    ]
    own = ActivityEntry.objects.filter(actor=user, edition=edition)
    about_confidential = about_confidential_q()
    entries = Paginator(
        # Each row says how it counted (counts_as: bring, take, again, own or neutral).
        own.exclude(about_confidential)
        .annotate(counts_as=counted_as(owned=owned_entries_q(actor_id=user.pk)))
        .order_by("-created_at", "-id"),
        ENTRIES_PER_PAGE,
    ).get_page(page_number)
    entries.object_list = list(entries.object_list)
    attach_links(entries.object_list, user)
    return MyBalance(
        periods=periods,
        chart=Chart(chart_rows).layout(),
        bring_rows=bring,
        take_rows=take,
        brought=sum(cell.total for cell in bring),
        taken=sum(cell.total for cell in take),
        entries=entries,
        bring_sum=_sum_cell("brought", _("Brought in total"), bring, periods),
        take_sum=_sum_cell("taken", _("Taken in total"), take, periods),
        confidential=own.filter(about_confidential).count(),
    )


def _summary_totals(actor_id: int, edition_id: int) -> dict[str, int]:
    """(brought, taken) by the ORM: what `summary` reads with SQL built once."""
    return _counted(
        ActivityEntry.objects.filter(actor_id=actor_id, edition_id=edition_id), actor_id=actor_id
    ).aggregate(**_TOTALS)


def _summary_query(actor_id: int, edition_id: int):
    """How one person's rows count, one row per way (bring, take and the ways that do not
    count) with its number. Grouped by how a row counts, the CASE of `counted_as` is evaluated
    once per row; counted with a FILTER per total and filtered on, it was evaluated three times.
    Every row is the person's own, so their documents are read once for the count
    (`actor_id`)."""
    return (
        ActivityEntry.objects.filter(actor_id=actor_id, edition_id=edition_id)
        .annotate(counts_as=counted_as(owned=owned_entries_q(actor_id=actor_id)))
        .order_by()
        .values("counts_as")
        .annotate(n=Count("id"))
        .values_list("counts_as", "n")
    )


# Building this query's SQL costs far more than running it (core.statements): built once per
# process and per content-type id of Document (owned_entries_q holds it as a constant).
_SUMMARY = Statement(_summary_query, key=lambda: ContentType.objects.get_for_model(Document).pk)


def summary(user, edition: Edition) -> tuple[int, int]:
    """(brought, taken) of one person in an edition, for a dashboard tile (the same numbers as
    `_summary_totals`): one query, its SQL built once per process, and kept for the person
    under the content version (`core.shared_reads.personal`). Everything it counts bumps that
    version when written: the ledger, the library's documents and their authors. On PostgreSQL
    the count is planned anew for every person (about half of its 2 ms); kept, a dashboard
    reads it once per change instead of on every visit."""

    def count() -> tuple[int, int]:
        counts = dict(_SUMMARY.rows(user.pk, edition.pk))
        return counts.get(Direction.BRING, 0), counts.get(Direction.TAKE, 0)

    return personal(f"balance-summary:{edition.pk}", user, count)


# --- The network's balance ----------------------------------------------------------------------


@dataclass
class Breakdown:
    title: str
    rows: list[BarRow]
    chart: Chart
    note: str = ""


@dataclass
class NetworkBalance:
    brought: int
    taken: int
    people: int
    periods: list[Period]
    by_period: Chart
    by_institution: Breakdown
    by_group: Breakdown
    by_theme: Breakdown
    phase_since: datetime | None
    not_seen: list = field(default_factory=list)
    min_people: int = MIN_PEOPLE


def _participants(edition: Edition):
    return Membership.objects.filter(edition=edition, role=Role.PARTICIPANT).values("user_id")


def _participant_entries(edition: Edition):
    return _counted(ActivityEntry.objects.filter(edition=edition, actor__in=_participants(edition)))


def _units(units: Sequence[tuple[object, str, int]], counts: dict) -> list[BarRow]:
    """A row per unit (key, label, people) with participants or counted rows: its totals always;
    its figures per participant only from MIN_PEOPLE participants on (see the module's
    docstring: nothing that singles out a person)."""
    rows: list[BarRow] = []
    for key, label, people in units:
        brought, taken = counts.get(key, (0, 0))
        if not people and not brought and not taken:
            continue
        row = BarRow(label=label, brought=brought, taken=taken, people=people)
        if people >= MIN_PEOPLE:
            row.brought_per_person = brought / people
            row.taken_per_person = taken / people
        rows.append(row)
    return rows


def _breakdown(title, rows: list[BarRow], note="") -> Breakdown:
    chart = Chart(rows).layout()
    return Breakdown(title=str(title), rows=rows, chart=chart, note=str(note))


def _by_institution(edition: Edition) -> Breakdown:
    counts = {
        row["actor__institution_id"]: (row["brought"], row["taken"])
        for row in _participant_entries(edition)
        .values("actor__institution_id")
        .annotate(**_TOTALS)
        .order_by()
    }
    units = [
        (row["user__institution_id"], row["user__institution__name"] or "", row["people"])
        for row in Membership.objects.filter(edition=edition, role=Role.PARTICIPANT)
        .values("user__institution_id", "user__institution__name")
        .annotate(people=Count("id"))
        .order_by("user__institution__name")
    ]
    units = [(key, label or str(_("No institution given")), people) for key, label, people in units]
    return _breakdown(
        _("Per institution"),
        _units(units, counts),
    )


def _in_group_window() -> Q:
    """A ledger row recorded while its actor was in the group (used in the same filter() as the
    group, so that both conditions speak of one and the same group membership)."""
    return Q(actor__group_memberships__joined_at__lte=F("created_at")) & (
        Q(actor__group_memberships__left_at__isnull=True)
        | Q(actor__group_memberships__left_at__gt=F("created_at"))
    )


def _by_group(edition: Edition) -> Breakdown:
    counts = {
        row["actor__group_memberships__group_id"]: (row["brought"], row["taken"])
        for row in _participant_entries(edition)
        .filter(_in_group_window(), actor__group_memberships__group__edition=edition)
        .values("actor__group_memberships__group_id")
        .annotate(**_TOTALS)
        .order_by()
    }
    units = [
        (group.pk, group.name, group.people)
        for group in LearningGroup.objects.filter(edition=edition)
        .annotate(
            people=Count(
                "memberships__user",
                filter=Q(memberships__user__in=_participants(edition)),
                distinct=True,
            )
        )
        .only("id", "name")
        .order_by("name")
    ]
    return _breakdown(
        _("Per learning group"),
        _units(units, counts),
        _("A person's contributions count for the group they were in at the time."),
    )


def _by_theme(edition: Edition) -> Breakdown:
    theme_field = "actor__group_memberships__group__themes"
    counts = {
        row[theme_field]: (row["brought"], row["taken"])
        for row in _participant_entries(edition)
        .filter(
            _in_group_window(),
            actor__group_memberships__group__edition=edition,
            actor__group_memberships__group__themes__isnull=False,
        )
        .values(theme_field)
        .annotate(**_TOTALS)
        .order_by()
    }
    units = [
        (theme.pk, theme.title, theme.people)
        for theme in Theme.objects.filter(edition=edition)
        .annotate(
            people=Count(
                "learning_groups__memberships__user",
                filter=Q(learning_groups__memberships__user__in=_participants(edition)),
                distinct=True,
            )
        )
        .only("id", "title")
        .order_by("position", "pk")
    ]
    return _breakdown(
        _("Per theme"),
        _units(units, counts),
        _(
            "Through the learning groups working on the theme; a group on two themes counts "
            "for both, so the themes do not add up to the total."
        ),
    )


def phase_started_at(edition: Edition) -> datetime | None:
    """When the edition entered its current phase: its last PHASE_CHANGED row, if any."""
    return (
        ActivityEntry.objects.filter(edition=edition, verb=Verb.PHASE_CHANGED)
        .order_by("-created_at", "-id")
        .values_list("created_at", flat=True)
        .first()
    )


def not_seen_in_phase(edition: Edition, since: datetime | None) -> list:
    """Active participants who have neither brought nor taken anything since `since`, by name
    (people only: no counts of anyone)."""
    recent = _counted(ActivityEntry.objects.filter(actor=OuterRef("user"), edition=edition))
    if since is not None:
        recent = recent.filter(created_at__gte=since)
    return [
        membership.user
        for membership in Membership.objects.active()
        .filter(edition=edition, role=Role.PARTICIPANT)
        .exclude(Exists(recent))
        .select_related("user")
        .only("user__id", "user__name", "user__email")
        .order_by("user__name", "user__pk")
    ]


def network_balance(*, edition: Edition) -> NetworkBalance:
    """The facilitators' view of the edition's give and take (see the module's docstring)."""
    meetings = _meetings(edition)
    periods = periods_of(meetings)
    per_period = {
        row["period"]: row
        for row in _participant_entries(edition)
        .annotate(period=period_expression(meetings))
        .values("period")
        .annotate(**_TOTALS)
        .order_by()
    }
    period_rows = [
        BarRow(
            label=period.label,
            description=period.description,
            brought=per_period.get(period.index, {}).get("brought", 0),
            taken=per_period.get(period.index, {}).get("taken", 0),
        )
        for period in periods
    ]
    since = phase_started_at(edition)
    return NetworkBalance(
        brought=sum(row.brought or 0 for row in period_rows),
        taken=sum(row.taken or 0 for row in period_rows),
        people=Membership.objects.filter(edition=edition, role=Role.PARTICIPANT).count(),
        periods=periods,
        by_period=Chart(period_rows).layout(),
        by_institution=_by_institution(edition),
        by_group=_by_group(edition),
        by_theme=_by_theme(edition),
        phase_since=since,
        not_seen=not_seen_in_phase(edition, since),
    )
