"""Reads that the application pages need; each costs a fixed number of SQL queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from leerplatform.editions.models import Edition, Membership, Role, Theme
from leerplatform.membership.models import Application, ApplicationStatus

REVIEW_PAGE_SIZE = 20  # about 45 KB of cards (a motivation, facts and flags each)

# The queue shows what still needs a decision first.
STATUS_ORDER = [
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.WAITLISTED,
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.DECLINED,
]


@dataclass(frozen=True)
class Flag:
    """One eligibility fact that does not match the edition's criteria (flagged, not blocked)."""

    code: str
    label: object  # text, translated when shown


@dataclass
class ApplicationRow:
    application: Application
    flags: list[Flag] = field(default_factory=list)

    @property
    def is_flagged(self) -> bool:
        return bool(self.flags)


@dataclass
class Capacity:
    participants: int
    maximum: int | None

    @property
    def is_full(self) -> bool:
        return self.maximum is not None and self.participants >= self.maximum

    @property
    def places_left(self) -> int | None:
        return None if self.maximum is None else max(self.maximum - self.participants, 0)


@dataclass
class ReviewQueue:
    """Everything the review page shows."""

    status: str  # "" for every status
    counts: dict[str, int]
    unconfirmed: int  # applications whose address is not confirmed: counted, not listed
    total: int
    page: Page
    rows: list[ApplicationRow]
    capacity: Capacity

    @property
    def status_counts(self) -> list[tuple[str, object, int]]:
        """(status, label, number of applications) in queue order, for the filter."""
        return [(s.value, s.label, self.counts.get(s.value, 0)) for s in STATUS_ORDER]


def eligibility_flags(application: Application, edition: Edition) -> list[Flag]:
    """The facts of `application` that do not meet `edition`'s criteria (no queries)."""
    flags = []
    if application.years_of_experience < edition.min_years_of_experience:
        flags.append(
            Flag(
                "years",
                _("Fewer than %(years)s years of experience")
                % {"years": edition.min_years_of_experience},
            )
        )
    if edition.expected_work_level and application.work_level != edition.expected_work_level:
        flags.append(
            Flag(
                "work_level",
                _("Works at another level than “%(level)s”")
                % {"level": edition.get_expected_work_level_display()},
            )
        )
    if application.institution is None or not application.institution.is_hbo:
        flags.append(Flag("institution", _("Not at a hogeschool (hbo)")))
    return flags


def participant_count(*, edition: Edition) -> int:
    """Active participants of the edition (facilitators do not take a place)."""
    return Membership.objects.active().filter(edition=edition, role=Role.PARTICIPANT).count()


def capacity(*, edition: Edition) -> Capacity:
    """How many places are taken, and the maximum (None: no limit)."""
    return Capacity(
        participants=participant_count(edition=edition), maximum=edition.max_participants
    )


def confirmed_applications() -> QuerySet[Application]:
    """Applications whose address its owner confirmed (and so have a person): the ones
    facilitators see and decide on."""
    return Application.objects.filter(email_verified_at__isnull=False, user__isnull=False)


def _with_details(queryset: QuerySet[Application]) -> QuerySet[Application]:
    return queryset.select_related("institution", "user", "edition", "decided_by").prefetch_related(
        Prefetch("themes", queryset=Theme.objects.order_by("position", "id"))
    )


def review_queue(*, edition: Edition, status: str = "", page: int | str = 1) -> ReviewQueue:
    """One page of the edition's confirmed applications, undecided first, with flags and counts.

    Applications whose address is not confirmed yet are counted (`unconfirmed`), not listed:
    anyone can fill in the public form, only the address's owner can confirm it."""
    confirmed = Q(email_verified_at__isnull=False, user__isnull=False)
    counts_row = Application.objects.filter(edition=edition).aggregate(
        total=Count("id", filter=confirmed),
        unconfirmed=Count("id", filter=~confirmed),
        **{s.value: Count("id", filter=confirmed & Q(status=s)) for s in ApplicationStatus},
    )
    total = counts_row.pop("total")
    unconfirmed = counts_row.pop("unconfirmed")
    queryset = confirmed_applications().filter(edition=edition)
    if status in ApplicationStatus.values:
        queryset = queryset.filter(status=status)
    else:
        status = ""
    queryset = _with_details(
        queryset.annotate(
            status_rank=Case(
                *(When(status=s, then=Value(i)) for i, s in enumerate(STATUS_ORDER)),
                output_field=IntegerField(),
            )
        ).order_by("status_rank", "created_at", "id")
    )
    paginator = Paginator(queryset, REVIEW_PAGE_SIZE)
    # The number of matches is known from the counts: no extra COUNT query.
    paginator.count = counts_row[status] if status else total
    page_obj = paginator.get_page(page)
    rows = [ApplicationRow(application=a, flags=eligibility_flags(a, edition)) for a in page_obj]
    return ReviewQueue(
        status=status,
        counts=counts_row,
        unconfirmed=unconfirmed,
        total=total,
        page=page_obj,
        rows=rows,
        capacity=capacity(edition=edition),
    )


def application_for_review(*, edition: Edition, pk: int) -> ApplicationRow | None:
    """One confirmed application of the edition with its flags, or None."""
    application = _with_details(confirmed_applications().filter(edition=edition, pk=pk)).first()
    if application is None:
        return None
    return ApplicationRow(application=application, flags=eligibility_flags(application, edition))


def applications_of(*, user) -> list[Application]:
    """A person's own applications, newest first, with their editions and themes."""
    return list(_with_details(Application.objects.filter(user=user)).order_by("-created_at", "-id"))


def has_applications(*, user) -> bool:
    """Whether the person has applied to any edition."""
    return Application.objects.filter(user=user).exists()


def application_by_token(*, token: str) -> Application | None:
    """The application a verification link points to, with its person and edition."""
    if not token or len(token) > 64:
        return None
    return (
        Application.objects.select_related("user", "edition")
        .filter(verification_token=token)
        .first()
    )


def is_email_taken(*, edition: Edition, email: str) -> bool:
    """Whether someone already applied to `edition` with this address (any letter case)."""
    return Application.objects.filter(edition=edition, email__iexact=email).exists()
