"""Reads for the people pages of an edition: agreements, the directory ("Wie is wie"), institutions.

Every function costs a fixed number of queries, whatever the number of members.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    TextField,
)
from django.db.models.functions import Cast

from leerplatform.accounts.models import Institution, ProfileField
from leerplatform.editions.models import Edition, Membership, Role, Theme
from leerplatform.editions.rules import roles_of
from leerplatform.membership.models import Agreement, AgreementAcceptance

PEOPLE_PER_PAGE = 36  # about 36 KB of cards for a facilitator, who sees every field


# --- agreements ----------------------------------------------------------------------------------


ACCEPTANCES_PER_PAGE = 100  # rows of the facilitators' "who accepted" table (about 25 KB)


@dataclass
class AgreementsPage:
    agreement: Agreement | None
    my_acceptance: AgreementAcceptance | None = None
    # For facilitators: one page of the active participants, each with the version they last
    # accepted (`acceptances`: this page's rows), how many there are and how many accepted the
    # current version.
    acceptance_page: Page | None = None
    participants: int = 0
    accepted_current: int = 0

    @property
    def acceptances(self) -> list[Membership] | None:
        return None if self.acceptance_page is None else list(self.acceptance_page.object_list)


def agreements_page(
    *, edition: Edition, user, with_acceptances: bool, page_number: int | str | None = 1
) -> AgreementsPage:
    """The current agreements, the viewer's acceptance, and (for facilitators) who accepted what,
    a page at a time (three queries more: the two counts together, the page)."""
    agreement = (
        Agreement.objects.filter(edition=edition)
        .select_related("published_by")
        .order_by("-version")
        .first()
    )
    page = AgreementsPage(agreement=agreement)
    if agreement is not None and user.is_authenticated:
        page.my_acceptance = agreement.acceptances.filter(user=user).first()
    if with_acceptances:
        participants = Membership.objects.active().filter(edition=edition, role=Role.PARTICIPANT)
        counted = {"total": Count("pk")}
        if agreement is not None:
            counted["accepted"] = Count(
                "pk",
                filter=Exists(
                    AgreementAcceptance.objects.filter(user=OuterRef("user"), agreement=agreement)
                ),
            )
        counts = participants.aggregate(**counted)
        last = AgreementAcceptance.objects.filter(
            user=OuterRef("user"), agreement__edition=edition
        ).order_by("-agreement__version", "-accepted_at")
        rows = (
            participants.select_related("user")
            .annotate(
                last_version=Subquery(last.values("agreement__version")[:1]),
                last_accepted_at=Subquery(last.values("accepted_at")[:1]),
            )
            .order_by("user__name", "user_id")
        )
        paginator = Paginator(rows, ACCEPTANCES_PER_PAGE)
        paginator.count = counts["total"]  # known already: no COUNT query of its own
        page.acceptance_page = paginator.get_page(page_number)
        page.participants = counts["total"]
        page.accepted_current = counts.get("accepted", 0)
    return page


# --- directory -----------------------------------------------------------------------------------


def sees_whole_profiles(*, edition: Edition, viewer) -> bool:
    """Facilitators of the edition and staff see every field of its members (the eligibility
    facts); everyone else sees what each person chose to show."""
    return viewer.is_staff or roles_of(viewer).get(edition.pk) == Role.FACILITATOR


def _shows(field_name: str) -> Q:
    # visible_fields is a JSON list of plain field names. Searching its text for the quoted name
    # matches one element exactly and works the same on SQLite and PostgreSQL (JSON `contains`
    # does not exist on SQLite).
    return Q(shown_fields__contains=json.dumps(str(field_name)))


def _active_members(edition: Edition) -> QuerySet[Membership]:
    return (
        Membership.objects.active()
        .filter(edition=edition, user__is_active=True)
        .alias(shown_fields=Cast("user__visible_fields", TextField()))
    )


@dataclass
class Card:
    """One person in the directory, with only what the viewer may see."""

    person: object
    role: str
    institution: Institution | None = None
    job_title: str = ""
    themes: list[Theme] = field(default_factory=list)
    show_photo: bool = False


@dataclass
class Directory:
    page: Page
    cards: list[Card]
    full_profiles: bool


@dataclass
class DirectoryChoices:
    institutions: list[Institution]
    themes: list[Theme]


def directory_choices(*, edition: Edition, viewer) -> DirectoryChoices:
    """What the directory can be filtered on (two queries)."""
    full = sees_whole_profiles(edition=edition, viewer=viewer)
    return DirectoryChoices(
        institutions=institution_choices(edition=edition, viewer=viewer, full=full),
        themes=list(edition.themes.all()),
    )


def _card(membership: Membership, *, viewer, full: bool) -> Card:
    person = membership.user
    shown = (
        set(ProfileField.values)
        if full or person.pk == viewer.pk
        else set(person.visible_fields or [])
    )
    return Card(
        person=person,
        role=membership.role,
        institution=person.institution if ProfileField.INSTITUTION in shown else None,
        job_title=person.job_title if ProfileField.JOB_TITLE in shown else "",
        themes=(
            list(person.edition_expertise)  # type: ignore[attr-defined]
            if ProfileField.EXPERTISE in shown
            else []
        ),
        show_photo=bool(person.photo) and ProfileField.PHOTO in shown,
    )


def directory_viewer_key(viewer) -> str:
    """What "Who is who" shows differently to the viewer beyond their access (`core.fragments`):
    a person always sees their own card whole, and the filters match their own hidden fields.
    Someone who shows every field sees the page as everyone with the same access does ("");
    someone who hides a field gets a page of their own (their id)."""
    hides = set(ProfileField.values) - set(viewer.visible_fields or [])
    return str(viewer.pk) if hides else ""


def directory(
    *,
    edition: Edition,
    viewer,
    institution_id: int | None = None,
    theme_id: int | None = None,
    search: str = "",
    page_number: int | str | None = 1,
    per_page: int = PEOPLE_PER_PAGE,
) -> Directory:
    """The edition's active participants and facilitators, filtered, one page of cards.

    A filter never matches a field the person hides from the viewer: filtering on an institution
    finds only the people who show their institution (facilitators and staff see everything)."""
    full = sees_whole_profiles(edition=edition, viewer=viewer)
    members = _active_members(edition)
    own = Q(user_id=viewer.pk)
    if institution_id:
        condition = Q(user__institution_id=institution_id)
        if not full:
            condition &= _shows(ProfileField.INSTITUTION) | own
        members = members.filter(condition)
    if theme_id:
        condition = Q(user__expertise__id=theme_id, user__expertise__edition=edition)
        if not full:
            condition &= _shows(ProfileField.EXPERTISE) | own
        # One person has a theme at most once: no duplicate rows from the join.
        members = members.filter(condition)
    if search.strip():
        members = members.filter(user__name__icontains=search.strip())
    members = members.select_related("user", "user__institution").prefetch_related(
        Prefetch(
            "user__expertise",
            queryset=Theme.objects.filter(edition=edition),
            to_attr="edition_expertise",
        )
    )
    # Facilitators first ("facilitator" < "participant"), then by name.
    members = members.order_by("role", "user__name", "user_id")
    page = Paginator(members, per_page).get_page(page_number)
    cards = [_card(m, viewer=viewer, full=full) for m in page.object_list]
    return Directory(page=page, cards=cards, full_profiles=full)


def institution_choices(*, edition: Edition, viewer, full: bool) -> list[Institution]:
    """The institutions the viewer may filter on: those shown by at least one active member."""
    members = _active_members(edition).filter(user__institution__isnull=False)
    if not full:
        members = members.filter(_shows(ProfileField.INSTITUTION) | Q(user_id=viewer.pk))
    return list(Institution.objects.filter(pk__in=members.values("user__institution_id")))


# --- institutions overview -----------------------------------------------------------------------


@dataclass
class InstitutionRow:
    institution_id: int
    name: str
    participants: int
    percent: int  # of the largest count, rounded to a 5 % step, for the bar


@dataclass
class InstitutionsOverview:
    rows: list[InstitutionRow]
    total: int
    without_shown_institution: int


def institutions_overview(*, edition: Edition) -> InstitutionsOverview:
    """Active participants per institution, largest first (two queries).

    Only people who show their institution are counted per institution, for every viewer: a count
    of one would otherwise tell who works where. The others are one number."""
    participants = _active_members(edition).filter(role=Role.PARTICIPANT)
    total = participants.count()
    grouped = (
        participants.filter(_shows(ProfileField.INSTITUTION), user__institution__isnull=False)
        .values("user__institution_id", "user__institution__name")
        .annotate(n=Count("id"))
        .order_by("-n", "user__institution__name")
    )
    top = max((row["n"] for row in grouped), default=0)
    rows = [
        InstitutionRow(
            institution_id=row["user__institution_id"],
            name=row["user__institution__name"],
            participants=row["n"],
            percent=max(5, round(row["n"] * 20 / top) * 5),
        )
        for row in grouped
    ]
    return InstitutionsOverview(
        rows=rows,
        total=total,
        without_shown_institution=total - sum(r.participants for r in rows),
    )
