"""Reads for the group pages: the learning agenda with its groups, the list of groups, a group's
page and its members page. Each costs a fixed number of queries, whatever the number of groups
and members.

Institutions follow the profile visibility rule (as "Who is who" does, membership.queries_people):
facilitators of the edition and staff see everyone's institution; others see the institution of
the people who show it, and their own. A group's count of hogescholen counts only what the viewer
may see, so that a count cannot reveal a hidden field; the page says how many do not show theirs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Cast, Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from leerplatform.accounts.models import Institution, ProfileField, User
from leerplatform.core import fragments
from leerplatform.core.shared_reads import personal, shared
from leerplatform.core.statements import InstanceStatement, Statement, totals
from leerplatform.editions.models import Edition, Membership, Role, Theme
from leerplatform.editions.rules import roles_of
from leerplatform.groups.models import (
    GroupMembership,
    GroupStatus,
    JoinRequest,
    JoinRequestStatus,
    LearningGroup,
)
from leerplatform.membership.queries.people import sees_whole_profiles

SHOWS_INSTITUTION = json.dumps(str(ProfileField.INSTITUTION))


# Every page of a group loads it first: SQL built once per process (core.statements).
_GROUP_WITH_EDITION = InstanceStatement(
    LearningGroup, lambda pk: LearningGroup.objects.filter(pk=pk), related=("edition",)
)


def group_for_page(*, pk: int) -> LearningGroup | None:
    """A group with its edition (one query; the same for everyone, kept under the content
    version, `core.shared_reads`: whether this person may see it is decided after)."""
    return shared(
        f"group:{pk}", lambda: _GROUP_WITH_EDITION.instance(pk), keep=lambda g: g is not None
    )


def load_group(*, pk: int, **url_kwargs) -> LearningGroup:
    """The loader of `permission_required` on every page of a group: the group with its edition,
    or a 404 (one query)."""
    group = group_for_page(pk=pk)
    if group is None:
        raise Http404(_("This learning group does not exist."))
    return group


def is_at_cap(*, edition: Edition, user) -> bool:
    """Whether `user` is a participant of the edition in as many of its groups as it allows (one
    query; facilitators and others never are)."""
    if roles_of(user).get(edition.pk) != Role.PARTICIPANT:
        return False
    count = GroupMembership.objects.active().filter(user=user, group__edition=edition).count()
    return count >= edition.max_groups_per_person


def join_request_of(*, group: LearningGroup, pk: int) -> JoinRequest | None:
    """One request to join this group, with the person who asked (one query)."""
    return JoinRequest.objects.select_related("user").filter(pk=pk, group=group).first()


def _count(queryset: QuerySet, expression) -> Coalesce:
    """A correlated count over `queryset` (filtered on OuterRef("pk")), 0 when empty."""
    subquery = queryset.order_by().values("group").annotate(n=expression).values("n")
    return Coalesce(Subquery(subquery, output_field=IntegerField()), Value(0))


def _visible_institutions(memberships: QuerySet, *, viewer, full: bool) -> QuerySet:
    memberships = memberships.filter(user__institution__isnull=False)
    if full:
        return memberships
    return memberships.alias(shown_fields=Cast("user__visible_fields", TextField())).filter(
        Q(shown_fields__contains=SHOWS_INSTITUTION) | Q(user_id=viewer.pk)
    )


GROUPS_PER_PAGE = 24  # the cards of one page of the groups list (about 20 KB of HTML)


def _annotated_groups(*, edition: Edition, viewer) -> QuerySet[LearningGroup]:
    """The edition's groups by name, with their themes, coordinators, member count, count of
    hogescholen (as the viewer may see them), and whether it is the viewer's: three queries once
    read (the rows and two prefetches)."""
    full = sees_whole_profiles(edition=edition, viewer=viewer)
    members = GroupMembership.objects.active().filter(group=OuterRef("pk"))
    return (
        LearningGroup.objects.filter(edition=edition)
        .annotate(
            member_count=_count(members, Count("pk")),
            institution_count=_count(
                _visible_institutions(members, viewer=viewer, full=full),
                Count("user__institution", distinct=True),
            ),
            is_mine=Exists(members.filter(user_id=viewer.pk)),
            has_requested=Exists(
                JoinRequest.objects.filter(
                    group=OuterRef("pk"), user_id=viewer.pk, status=JoinRequestStatus.PENDING
                )
            ),
        )
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("position", "id")),
            Prefetch(
                "memberships",
                queryset=GroupMembership.objects.active()
                .filter(is_coordinator=True)
                .select_related("user")
                .order_by("user__name", "user_id"),
                to_attr="coordinator_memberships",
            ),
        )
        .order_by("name", "pk")
    )


def _dressed(groups: list[Any], *, edition: Edition) -> list[Any]:
    for group in groups:
        group.edition = edition  # no query per card for the edition
        group.is_full = group.max_size is not None and group.member_count >= group.max_size
    return groups


def _groups(*, edition: Edition, viewer) -> list[Any]:
    """Every group of the edition as a card (three queries): LearningGroup rows with the
    annotations of `_annotated_groups`."""
    return _dressed(list(_annotated_groups(edition=edition, viewer=viewer)), edition=edition)


@dataclass
class GroupList:
    page: Page  # its object_list: the cards of this page
    my_groups: list[LearningGroup]  # every group of the viewer's, whatever the page
    cap: int

    @property
    def groups(self) -> list[LearningGroup]:
        return list(self.page.object_list)


def group_list(*, edition: Edition, viewer, page_number: int | str | None = 1) -> GroupList:
    """One page of the groups list, and the viewer's own groups whichever page it is (four
    queries: the count, then this page's cards and the viewer's in one go, with two prefetches)."""
    by_name = LearningGroup.objects.filter(edition=edition).order_by("name", "pk")
    page = Paginator(by_name.values_list("pk", flat=True), GROUPS_PER_PAGE).get_page(page_number)
    on_page = Q(pk__in=page.object_list)  # a subquery with LIMIT: this page's ids
    rows = _dressed(
        list(
            _annotated_groups(edition=edition, viewer=viewer)
            .annotate(on_page=ExpressionWrapper(on_page, output_field=BooleanField()))
            .filter(on_page | Q(is_mine=True))
        ),
        edition=edition,
    )
    page.object_list = [group for group in rows if group.on_page]
    return GroupList(
        page=page,
        my_groups=[group for group in rows if group.is_mine],
        cap=edition.max_groups_per_person,
    )


# On every view of the groups list: SQL built once per process (core.statements).
_REQUESTED = Statement(
    lambda edition_id, user_id: JoinRequest.objects.filter(
        group__edition_id=edition_id, user_id=user_id, status=JoinRequestStatus.PENDING
    ).values_list("group_id")
)


def list_viewer_key(*, edition: Edition, viewer) -> str:
    """What the groups list shows of the viewer beyond their access (`core.fragments`): the groups
    they asked to join, and their own hogeschool when they hide it (each person counts their own
    in the groups' "Hogescholen"). One query, kept for the viewer under the content version
    (`core.shared_reads.personal`)."""
    requested = sorted(
        group_id
        for (group_id,) in personal(
            f"join-requests:{edition.pk}", viewer, lambda: _REQUESTED.rows(edition.pk, viewer.pk)
        )
    )
    hides = str(ProfileField.INSTITUTION) not in (viewer.visible_fields or [])
    full = sees_whole_profiles(edition=edition, viewer=viewer)
    hidden = str(viewer.institution_id or "") if hides and not full else ""
    return f"{requested}|{hidden}"


AGENDA_GROUPS_SHOWN = 8  # per theme on the agenda; its theme page lists them all


@dataclass
class AgendaTheme:
    theme: Theme
    groups: list[LearningGroup] = field(default_factory=list)

    @property
    def shown(self) -> list[LearningGroup]:
        """The groups the agenda names under the theme: the viewer's own first, then the open
        ones by name; the others are counted and linked (the theme page)."""
        return self.groups[:AGENDA_GROUPS_SHOWN]

    @property
    def is_cut(self) -> bool:
        return len(self.groups) > AGENDA_GROUPS_SHOWN


def _agenda_order(group: Any) -> tuple[bool, bool, str]:
    # The viewer's own first (is_mine: an annotation of _annotated_groups), closed ones last.
    return (not group.is_mine, group.status == GroupStatus.CLOSED, group.name.lower())


def agenda(*, edition: Edition, viewer) -> list[AgendaTheme]:
    """The learning agenda: every theme of the edition with the groups working on it, the
    viewer's own first and closed groups last (four queries)."""
    themes = [AgendaTheme(theme=t) for t in Theme.objects.filter(edition=edition)]
    by_id = {item.theme.pk: item for item in themes}
    for group in _groups(edition=edition, viewer=viewer):
        for theme in group.themes.all():
            if theme.pk in by_id:
                by_id[theme.pk].groups.append(group)
    for item in themes:
        item.groups.sort(key=_agenda_order)
    return themes


# --- A group's page ------------------------------------------------------------------------------


@dataclass
class MemberRow:
    """One member, with only what the viewer may see."""

    membership: GroupMembership
    person: User
    is_coordinator: bool
    institution: Institution | None
    is_me: bool


@dataclass
class GroupPage:
    group: LearningGroup
    themes: list[Theme]
    # The rows (MemberRow); on the group page read only when the member list's shared fragment
    # (core.fragments) is not in the cache: the counts below do not need them.
    members: Any
    member_count: int
    coordinator_count: int
    institution_count: int
    hidden_institutions: int  # members whose institution the viewer may not see (or who have none)
    my_membership_pk: int | None
    my_request: JoinRequest | None
    pending_requests: int
    full_profiles: bool
    my_coordinator: bool = False
    # A participant outside the group who is in as many groups as the edition allows already.
    at_cap: bool = False

    @property
    def is_member(self) -> bool:
        return self.my_membership_pk is not None

    @property
    def is_coordinator(self) -> bool:
        return self.my_coordinator

    @property
    def is_full(self) -> bool:
        return self.group.max_size is not None and self.member_count >= self.group.max_size


@dataclass(frozen=True)
class _Place:
    """One member as the page counts them: their membership, whether they coordinate, and
    their institution where the viewer may see it."""

    membership_pk: int
    user_id: int
    is_coordinator: bool
    institution_id: int | None


# On every group page: SQL built once per process (core.statements).
_ACTIVE_MEMBERS = InstanceStatement(
    GroupMembership,
    lambda group_id: (
        GroupMembership.objects.active()
        .filter(group_id=group_id)
        .order_by("-is_coordinator", "user__name", "user_id")
    ),
    related=("user", "user__institution"),
)
# The same members without the people themselves: what the group page counts.
_MEMBER_PLACES = Statement(
    lambda group_id: (
        GroupMembership.objects.active()
        .filter(group_id=group_id)
        .values_list(
            "pk", "user_id", "is_coordinator", "user__institution_id", "user__visible_fields"
        )
    )
)
_THEMES = InstanceStatement(
    Theme,
    lambda group_id: Theme.objects.filter(learning_groups=group_id).order_by("position", "id"),
)
_MY_REQUEST = InstanceStatement(
    JoinRequest,
    lambda group_id, user_id: JoinRequest.objects.filter(
        group_id=group_id, user_id=user_id, status=JoinRequestStatus.PENDING
    ).order_by("pk"),
)
_GROUPS_IN_EDITION = Statement(
    lambda user_id, edition_id: totals(
        GroupMembership.objects.active().filter(user_id=user_id, group__edition_id=edition_id),
        n=Count("pk"),
    )
)
_PENDING_REQUESTS = Statement(
    lambda group_id: totals(
        JoinRequest.objects.filter(group_id=group_id, status=JoinRequestStatus.PENDING),
        n=Count("pk"),
    )
)


def _counted(statement: Statement, *arguments: int) -> int:
    row = statement.row(*arguments)
    return row[0] if row else 0


def _shows_institution(*, full: bool, viewer, person_pk: int, visible_fields) -> bool:
    return full or person_pk == viewer.pk or ProfileField.INSTITUTION in (visible_fields or [])


def _member_rows(group: LearningGroup, *, viewer, full: bool) -> list[MemberRow]:
    memberships = _ACTIVE_MEMBERS.instances(group.pk)
    rows = []
    for membership in memberships:
        person = membership.user
        membership.group = group
        shows = _shows_institution(
            full=full, viewer=viewer, person_pk=person.pk, visible_fields=person.visible_fields
        )
        rows.append(
            MemberRow(
                membership=membership,
                person=person,
                is_coordinator=membership.is_coordinator,
                institution=person.institution if shows else None,
                is_me=person.pk == viewer.pk,
            )
        )
    return rows


def _places(group: LearningGroup, *, viewer, full: bool) -> list[_Place]:
    return [
        _Place(
            membership_pk=pk,
            user_id=user_id,
            is_coordinator=is_coordinator,
            institution_id=institution_id
            if _shows_institution(
                full=full, viewer=viewer, person_pk=user_id, visible_fields=visible_fields
            )
            else None,
        )
        # The rows are the same for everyone (kept under the content version); what this
        # viewer sees of each is decided here.
        for pk, user_id, is_coordinator, institution_id, visible_fields in shared(
            f"group-places:{group.pk}", lambda: _member_places(group.pk)
        )
    ]


def _member_places(group_id: int) -> list[tuple]:
    """The rows of `_MEMBER_PLACES`, each person's shown fields as a tuple: immutable rows,
    kept without a copy to unpickle (core.version_watch)."""
    return [(*row[:4], tuple(row[4] or ())) for row in _MEMBER_PLACES.rows(group_id)]


def group_page(
    *, group: LearningGroup, viewer, with_pending: bool = False, lazy_members: bool = False
) -> GroupPage:
    """What a group's page shows: themes, members with institution as the viewer may see it,
    the viewer's own membership or pending request (and whether they may join one more group),
    and (for those who decide) the number of pending requests. At most five queries.

    With `lazy_members`, the member rows are read only when something uses them (the group
    page's member list, not at all when its shared fragment is in the cache; one query more on a
    miss): the counts and the viewer's own place come from a lighter read of the same members.
    The themes are then read when used too (the page's header fragment)."""
    full = sees_whole_profiles(edition=group.edition, viewer=viewer)
    members: Any
    if lazy_members:
        places = _places(group, viewer=viewer, full=full)
        members = fragments.lazy(lambda: _member_rows(group, viewer=viewer, full=full))
    else:
        members = _member_rows(group, viewer=viewer, full=full)
        places = [
            _Place(
                membership_pk=row.membership.pk,
                user_id=row.person.pk,
                is_coordinator=row.is_coordinator,
                institution_id=row.institution.pk if row.institution is not None else None,
            )
            for row in members
        ]
    mine = next((place for place in places if place.user_id == viewer.pk), None)
    my_request = None
    at_cap = False
    if mine is None and viewer.is_authenticated:
        my_request = _MY_REQUEST.instance(group.pk, viewer.pk)
        if roles_of(viewer).get(group.edition_id) == Role.PARTICIPANT:
            elsewhere = _counted(_GROUPS_IN_EDITION, viewer.pk, group.edition_id)
            at_cap = elsewhere >= group.edition.max_groups_per_person
    pending = (
        shared(f"pending-requests:{group.pk}", lambda: _counted(_PENDING_REQUESTS, group.pk))
        if with_pending
        else 0
    )
    institutions = {place.institution_id for place in places if place.institution_id is not None}
    return GroupPage(
        group=group,
        # On the group page only in its header's shared fragment: read on a miss only.
        themes=fragments.lazy(lambda: _THEMES.instances(group.pk))
        if lazy_members
        else _THEMES.instances(group.pk),
        members=members,
        member_count=len(places),
        coordinator_count=sum(1 for place in places if place.is_coordinator),
        institution_count=len(institutions),
        hidden_institutions=sum(1 for place in places if place.institution_id is None),
        my_membership_pk=mine.membership_pk if mine else None,
        my_coordinator=bool(mine and mine.is_coordinator),
        my_request=my_request,
        pending_requests=pending,
        full_profiles=full,
        at_cap=at_cap,
    )


# --- The members page ----------------------------------------------------------------------------


@dataclass
class FormerMember:
    """Someone who was in the group: when they left, whether they were a coordinator (trekker),
    and whether they left the edition itself."""

    person: User
    was_coordinator: bool
    joined_at: object
    left_at: object | None
    left_edition: bool


@dataclass
class MembersPage:
    page: GroupPage
    requests: list[JoinRequest]
    # For facilitators: the edition's participants who are not in the group, with the number of
    # groups they are in already.
    candidates: list[Membership] | None = None
    # For those who manage the members (coordinators, facilitators): who was in the group.
    former: list[FormerMember] = field(default_factory=list)


def former_members(group: LearningGroup) -> list[FormerMember]:
    """Who was in the group and is not any more (left the group, or left the edition), the most
    recent first. One query."""
    in_edition = Membership.objects.active().filter(
        user=OuterRef("user_id"), edition_id=group.edition_id
    )
    rows = (
        GroupMembership.objects.filter(group=group)
        .former()
        .annotate(in_edition=Exists(in_edition))
        .select_related("user")
        .order_by(Coalesce("left_at", "joined_at").desc(), "user__name", "pk")
    )
    return [
        FormerMember(
            person=row.user,
            was_coordinator=row.is_coordinator,
            joined_at=row.joined_at,
            left_at=row.left_at,
            left_edition=not row.in_edition,
        )
        for row in rows
    ]


def members_page(*, group: LearningGroup, viewer, with_candidates: bool) -> MembersPage:
    """Members, pending requests, former members and (for facilitators) whom they could assign.
    Six queries."""
    page = group_page(group=group, viewer=viewer)
    requests = list(
        JoinRequest.objects.filter(group=group, status=JoinRequestStatus.PENDING)
        .select_related("user")
        .order_by("created_at", "pk")
    )
    result = MembersPage(page=page, requests=requests, former=former_members(group))
    if with_candidates:
        in_groups = GroupMembership.objects.active().filter(
            user=OuterRef("user"), group__edition=group.edition
        )
        result.candidates = list(
            Membership.objects.active()
            .filter(edition=group.edition, role=Role.PARTICIPANT, user__is_active=True)
            .exclude(user__in=GroupMembership.objects.active().filter(group=group).values("user"))
            .select_related("user")
            .annotate(
                group_count=Coalesce(
                    Subquery(
                        in_groups.order_by().values("user").annotate(n=Count("pk")).values("n"),
                        output_field=IntegerField(),
                    ),
                    Value(0),
                )
            )
            .order_by("user__name", "user_id")
        )
    return result
