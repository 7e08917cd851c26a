"""Learning groups and their members: starting and changing a group, joining, requests to join,
leaving, coordinators (trekkers), and facilitators assigning people.

Starting a group and joining one bring (Verb.GROUP_STARTED, GROUP_JOINED); leaving and asking
to join are neutral (GROUP_LEFT, JOIN_REQUESTED). A request to join is recorded with group
visibility and no group, so that no activity stream shows it (a declined request is nobody's
news). When a coordinator accepts a request or a facilitator assigns someone, the joining is
recorded for the person who joined (it is their bringing), with who decided in `data`.

Concurrency: every change to a group's members locks the group row first, so two people taking
the last place at once never both get it; joining also locks the person's edition membership, so
that two joins of one person at once cannot both slip under the per-person cap.

The per-person cap (`Edition.max_groups_per_person`, the seed's "a group of one's choice") holds
for participants who join, start a group or are accepted. It does not hold for facilitators (they
start and support groups for the edition) nor when a facilitator assigns someone: that is a
deliberate exception by the people who run the edition, for instance to place a late arrival or
to let someone bridge two groups; the ledger row says who assigned.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from leerplatform.accounts.models import User
from leerplatform.core import activity, visitor_cache
from leerplatform.core.links import absolute_reverse
from leerplatform.core.models import Verb
from leerplatform.core.tasks import email_on_commit
from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import Edition, Membership, Role, Theme
from leerplatform.groups import events
from leerplatform.groups.models import (
    GroupMembership,
    GroupStatus,
    JoinPolicy,
    JoinRequest,
    JoinRequestStatus,
    LearningGroup,
)

# Set by the services, not checked field by field.
GROUP_LINKS = ["edition", "created_by", "continued_from"]


# --- Helpers ------------------------------------------------------------------------------------


def _lock_group(group: LearningGroup) -> LearningGroup:
    """The group row, locked for the rest of the transaction (with its edition, not locked)."""
    locked = LearningGroup.objects.select_for_update(of=("self",)).select_related("edition")
    return locked.get(pk=group.pk)


def _edition_membership(*, edition_id: int, user: User, yourself: bool = True) -> Membership:
    """The person's active membership of the edition, locked (see the module's docstring)."""
    membership = (
        Membership.objects.active()
        .select_for_update()
        .filter(edition_id=edition_id, user=user)
        .first()
        if user is not None and user.is_authenticated
        else None
    )
    if membership is None:
        if yourself:
            raise ValidationError(
                _(
                    "Only participants and facilitators of this edition can join its learning groups."
                )
            )
        raise ValidationError(
            _("%(name)s no longer takes part in this edition.") % {"name": user.name}
        )
    return membership


def _active_count(group: LearningGroup) -> int:
    return GroupMembership.objects.active().filter(group=group).count()


def _groups_of(user: User, edition_id: int, *, besides: LearningGroup | None = None) -> int:
    memberships = GroupMembership.objects.active().filter(user=user, group__edition_id=edition_id)
    if besides is not None:
        memberships = memberships.exclude(group=besides)
    return memberships.count()


def _check_cap(
    *,
    membership: Membership,
    edition: Edition,
    user: User,
    group: LearningGroup | None,
    yourself: bool = True,
) -> None:
    """Participants take part in at most `max_groups_per_person` groups of the edition."""
    if membership.role != Role.PARTICIPANT:
        return
    cap = edition.max_groups_per_person
    if _groups_of(user, edition.pk, besides=group) < cap:
        return
    if yourself:
        raise ValidationError(
            ngettext(
                "In this edition you can take part in %(cap)s learning group, and you already "
                "do. Leave your group first if you want to move to another one.",
                "In this edition you can take part in %(cap)s learning groups, and you already "
                "do. Leave one of your groups first if you want to join another one.",
                cap,
            )
            % {"cap": cap}
        )
    raise ValidationError(
        ngettext(
            "%(name)s already takes part in %(cap)s learning group, the most one person may "
            "join in this edition.",
            "%(name)s already takes part in %(cap)s learning groups, the most one person may "
            "join in this edition.",
            cap,
        )
        % {"name": user.name, "cap": cap}
    )


def _check_joinable(group: LearningGroup, user: User, *, yourself: bool = True) -> None:
    """Closed, already a member, or full: the refusals every way in shares."""
    if group.status == GroupStatus.CLOSED:
        raise ValidationError(_("This learning group is closed: nobody can join it any more."))
    if GroupMembership.objects.active().filter(group=group, user=user).exists():
        if yourself:
            raise ValidationError(_("You are already a member of this learning group."))
        raise ValidationError(
            _("%(name)s is already a member of this learning group.") % {"name": user.name}
        )
    if group.max_size is not None and _active_count(group) >= group.max_size:
        raise ValidationError(
            ngettext(
                "This learning group is full: it has room for %(max)s member.",
                "This learning group is full: it has room for %(max)s members.",
                group.max_size,
            )
            % {"max": group.max_size}
        )


def _runs_edition(user: User, edition_id: int) -> bool:
    """A facilitator of the edition, or staff."""
    return user.is_staff or (
        Membership.objects.active()
        .filter(edition_id=edition_id, user=user, role=Role.FACILITATOR)
        .exists()
    )


def _forget_group_roles(user: User) -> None:
    # groups.rules caches a person's groups on the user object for the request; it changed.
    user.__dict__.pop("_group_roles", None)


def _add_member(group: LearningGroup, user: User, *, is_coordinator: bool = False):
    """Make `user` an active member; someone who left before gets their old row back (one row
    per person per group), as a fresh member."""
    now = timezone.now()
    membership, created = GroupMembership.objects.get_or_create(
        group=group,
        user=user,
        defaults={"is_coordinator": is_coordinator, "joined_at": now},
    )
    if not created:
        membership.left_at = None
        membership.joined_at = now
        membership.is_coordinator = is_coordinator
        membership.save(update_fields=["left_at", "joined_at", "is_coordinator"])
    _forget_group_roles(user)
    return membership


def _close_pending_requests(group: LearningGroup, user: User, *, status: str, actor) -> None:
    closed = JoinRequest.objects.filter(
        group=group, user=user, status=JoinRequestStatus.PENDING
    ).update(status=status, decided_by=actor, decided_at=timezone.now())
    if closed:
        visitor_cache.content_changed()  # an update sends no signal: the pending counts changed


def _fill_and_check(
    group: LearningGroup,
    *,
    name: str,
    description: str,
    themes: Iterable[Theme],
    join_policy: str,
    max_size: int | None,
    workplan_visibility: str,
    activities_visibility: str,
) -> list[Theme]:
    """Put the fields on the (unsaved or locked) group and check it: the field rules are the
    model's (`full_clean`), the rules across rows are here (a name nobody else in the edition
    has, themes of the edition's agenda). Returns the themes, to set once the group is saved."""
    group.name = " ".join((name or "").split())
    group.description = (description or "").strip()
    group.join_policy = join_policy
    group.max_size = max_size
    group.workplan_visibility = workplan_visibility
    group.activities_visibility = activities_visibility
    themes = list(themes)
    errors: dict = {}
    try:
        # The links are set by the services; the unique name is checked below, in words.
        group.full_clean(exclude=GROUP_LINKS)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if group.name and "name" not in errors:
        same = LearningGroup.objects.filter(edition_id=group.edition_id, name__iexact=group.name)
        if group.pk is not None:
            same = same.exclude(pk=group.pk)
        if same.exists():
            errors["name"] = [
                _(
                    "This edition already has a learning group called “%(name)s”. Choose another name."
                )
                % {"name": group.name}
            ]
    if not themes:
        errors["themes"] = [_("Choose at least one theme of the learning agenda.")]
    elif any(theme.edition_id != group.edition_id for theme in themes):
        errors["themes"] = [_("Choose themes of this edition's learning agenda.")]
    if errors:
        raise ValidationError(errors)
    return themes


def _save_group(group: LearningGroup, themes: list[Theme]) -> LearningGroup:
    # The friendly check in _fill_and_check runs first; the unique constraint is the backstop when
    # two people choose the same name at the same moment.
    try:
        with transaction.atomic():
            group.save()
    except IntegrityError as error:
        raise ValidationError(
            {"name": _("This edition already has a learning group with this name.")}
        ) from error
    group.themes.set(themes)
    return group


# --- Starting and changing a group ---------------------------------------------------------------


@transaction.atomic
def start_group(
    *,
    edition: Edition,
    actor: User,
    name: str,
    description: str = "",
    themes: Iterable[Theme],
    join_policy: str = JoinPolicy.OPEN,
    max_size: int | None = None,
    workplan_visibility: str = Visibility.GROUP,
    activities_visibility: str = Visibility.GROUP,
) -> LearningGroup:
    """Start a learning group on one or more themes; the starter becomes its first member and
    coordinator (brings: GROUP_STARTED and GROUP_JOINED)."""
    membership = _edition_membership(edition_id=edition.pk, user=actor)
    if membership.role == Role.PARTICIPANT and edition.groups_started_by != "participants":
        raise ValidationError(_("In this edition the facilitators start the learning groups."))
    group = LearningGroup(edition=edition, created_by=actor, status=GroupStatus.FORMING)
    themes = _fill_and_check(
        group,
        name=name,
        description=description,
        themes=themes,
        join_policy=join_policy,
        max_size=max_size,
        workplan_visibility=workplan_visibility,
        activities_visibility=activities_visibility,
    )
    _check_cap(membership=membership, edition=edition, user=actor, group=None)
    group = _save_group(group, themes)
    membership = _add_member(group, actor, is_coordinator=True)
    data = {"themes": [theme.pk for theme in themes]}
    activity.record(actor=actor, verb=Verb.GROUP_STARTED, edition=edition, target=group, data=data)
    activity.record(
        actor=actor, verb=Verb.GROUP_JOINED, edition=edition, target=group, data={"started": True}
    )
    events.member_joined.send(sender=GroupMembership, membership=membership, actor=actor)
    return group


@transaction.atomic
def change_group(
    *,
    group: LearningGroup,
    actor: User,
    name: str,
    description: str = "",
    themes: Iterable[Theme],
    join_policy: str,
    max_size: int | None,
    status: str,
    workplan_visibility: str,
    activities_visibility: str,
) -> LearningGroup:
    """Coordinators and facilitators change a group's name, description, themes, joining, size,
    status and what the edition may see of its work plan and activities. A closed group is
    read-only: only a facilitator of the edition (or staff) changes it, and so reopens it."""
    group = _lock_group(group)
    if group.is_closed and not _runs_edition(actor, group.edition_id):
        raise ValidationError(
            _("This learning group is closed: only a facilitator can change or reopen it.")
        )
    group.status = status
    themes = _fill_and_check(
        group,
        name=name,
        description=description,
        themes=themes,
        join_policy=join_policy,
        max_size=max_size,
        workplan_visibility=workplan_visibility,
        activities_visibility=activities_visibility,
    )
    members = _active_count(group)
    if max_size is not None and max_size < members:
        raise ValidationError(
            {
                "max_size": ngettext(
                    "The group already has %(count)s member: choose at least that many.",
                    "The group already has %(count)s members: choose at least that many.",
                    members,
                )
                % {"count": members}
            }
        )
    return _save_group(group, themes)


# --- Joining, asking to join, leaving ----------------------------------------------------------


@transaction.atomic
def join_group(*, group: LearningGroup, user: User) -> GroupMembership:
    """Join an open group at once (brings: GROUP_JOINED)."""
    group = _lock_group(group)
    membership = _edition_membership(edition_id=group.edition_id, user=user)
    _check_joinable(group, user)
    if group.join_policy != JoinPolicy.OPEN:
        raise ValidationError(
            _("This group's coordinators decide who joins: send them a request instead.")
        )
    _check_cap(membership=membership, edition=group.edition, user=user, group=group)
    group_membership = _add_member(group, user)
    _close_pending_requests(group, user, status=JoinRequestStatus.WITHDRAWN, actor=user)
    activity.record(actor=user, verb=Verb.GROUP_JOINED, edition=group.edition, target=group)
    events.member_joined.send(sender=GroupMembership, membership=group_membership, actor=user)
    return group_membership


@transaction.atomic
def request_to_join(*, group: LearningGroup, user: User, message: str = "") -> JoinRequest:
    """Ask to join a group whose coordinators decide (neutral: JOIN_REQUESTED); the group's
    coordinators are notified."""
    group = _lock_group(group)
    membership = _edition_membership(edition_id=group.edition_id, user=user)
    _check_joinable(group, user)
    if group.join_policy != JoinPolicy.REQUEST:
        raise ValidationError(_("This group is open: you can join it at once."))
    if JoinRequest.objects.filter(
        group=group, user=user, status=JoinRequestStatus.PENDING
    ).exists():
        raise ValidationError(
            _("You have already asked to join this group; its coordinators will decide.")
        )
    _check_cap(membership=membership, edition=group.edition, user=user, group=group)
    join_request = JoinRequest(group=group, user=user, message=(message or "").strip())
    # The message's length is the model's rule; the links are set here.
    join_request.full_clean(exclude=["group", "user", "decided_by"], validate_constraints=False)
    join_request.save()
    activity.record(
        actor=user,
        verb=Verb.JOIN_REQUESTED,
        edition=group.edition,
        target=group,
        visibility=Visibility.GROUP,
        data={"request": join_request.pk},
    )
    # Notifications tell the group's coordinators.
    events.join_requested.send(sender=JoinRequest, join_request=join_request)
    return join_request


@transaction.atomic
def withdraw_request(*, group: LearningGroup, user: User) -> None:
    """Take one's own pending request back."""
    group = _lock_group(group)
    if not JoinRequest.objects.filter(
        group=group, user=user, status=JoinRequestStatus.PENDING
    ).exists():
        raise ValidationError(_("You have no request to join this group waiting for a decision."))
    _close_pending_requests(group, user, status=JoinRequestStatus.WITHDRAWN, actor=user)


@transaction.atomic
def decide_join_request(*, join_request: JoinRequest, accept: bool, actor: User) -> JoinRequest:
    """A coordinator (or facilitator) accepts or declines a request to join; accepting makes the
    person a member (brings for them: GROUP_JOINED). The person is notified either way."""
    group = _lock_group(join_request.group)
    join_request = (
        JoinRequest.objects.select_for_update(of=("self",))
        .select_related("user")
        .get(pk=join_request.pk, group=group)
    )
    if join_request.status != JoinRequestStatus.PENDING:
        raise ValidationError(
            _("This request has already been dealt with: it is %(status)s.")
            % {"status": join_request.get_status_display().lower()}
        )
    person = join_request.user
    if accept:
        membership = _edition_membership(edition_id=group.edition_id, user=person, yourself=False)
        _check_joinable(group, person, yourself=False)
        _check_cap(
            membership=membership, edition=group.edition, user=person, group=group, yourself=False
        )
        group_membership = _add_member(group, person)
        activity.record(
            actor=person,
            verb=Verb.GROUP_JOINED,
            edition=group.edition,
            target=group,
            data={"accepted_by": actor.pk},
        )
        events.member_joined.send(sender=GroupMembership, membership=group_membership, actor=actor)
    join_request.status = JoinRequestStatus.ACCEPTED if accept else JoinRequestStatus.DECLINED
    join_request.decided_by = actor
    join_request.decided_at = timezone.now()
    join_request.save(update_fields=["status", "decided_by", "decided_at"])
    # Notifications tell the person who asked.
    events.join_request_decided.send(sender=JoinRequest, join_request=join_request)
    return join_request


@transaction.atomic
def leave_group(*, group: LearningGroup, user: User) -> GroupMembership:
    """Leave a group (neutral: GROUP_LEFT). Nothing the person brought is deleted; the group stays,
    also when its last member leaves. The last coordinator cannot leave while others remain."""
    group = _lock_group(group)
    membership = GroupMembership.objects.active().filter(group=group, user=user).first()
    if membership is None:
        raise ValidationError(_("You are not a member of this learning group."))
    if membership.is_coordinator:
        others = GroupMembership.objects.active().filter(group=group).exclude(pk=membership.pk)
        if others.exists() and not others.filter(is_coordinator=True).exists():
            raise ValidationError(
                _(
                    "You are this group's only coordinator. Make another member coordinator "
                    "first (on the members page), then you can leave."
                )
            )
    membership.left_at = timezone.now()
    membership.save(update_fields=["left_at"])
    _forget_group_roles(user)
    activity.record(actor=user, verb=Verb.GROUP_LEFT, edition=group.edition, target=group)
    events.member_left.send(sender=GroupMembership, group=group, user=user, actor=user)
    return membership


@transaction.atomic
def end_memberships_in_edition(*, edition: Edition, user: User, actor: User | None) -> int:
    """The person left the edition, or a facilitator ended their participation: close every group
    membership of theirs in the edition (`left_at`; `is_coordinator` stays, so the history shows
    they were a trekker) and withdraw their pending requests to join. A later re-admission to the
    edition does not reopen any of it: joining a group again is a step of its own. Returns how
    many group memberships were closed.

    `GroupMembership.objects.active()` already requires the edition membership, so access ends
    even without this; closing the rows keeps counts, lists and history honest."""
    now = timezone.now()
    open_rows = GroupMembership.objects.filter(
        user=user, group__edition=edition, left_at__isnull=True
    )
    group_ids = list(open_rows.values_list("group_id", flat=True))
    # Lock the groups first, in one order, as every change to a group's members does.
    groups = list(LearningGroup.objects.select_for_update().filter(pk__in=group_ids).order_by("pk"))
    count = open_rows.update(left_at=now)
    visitor_cache.content_changed()  # an update sends no model signal
    data: dict[str, object] = {"with_edition": True}
    if actor is not None and actor.pk != user.pk:
        data["ended_by"] = actor.pk
    for group in groups:
        activity.record(
            actor=user, verb=Verb.GROUP_LEFT, edition=edition, target=group, data=dict(data)
        )
        _keep_a_coordinator(group, leaving=user)
        events.member_left.send(sender=GroupMembership, group=group, user=user, actor=actor)
    JoinRequest.objects.filter(
        user=user, group__edition=edition, status=JoinRequestStatus.PENDING
    ).update(status=JoinRequestStatus.WITHDRAWN, decided_by=actor, decided_at=now)
    _forget_group_roles(user)
    return count


def _keep_a_coordinator(group: LearningGroup, *, leaving: User) -> None:
    """A group with members keeps at least one coordinator: when the last one leaves with the
    edition, the member who has been in the group longest takes over (and can hand it on)."""
    remaining = GroupMembership.objects.active().filter(group=group).exclude(user=leaving)
    if remaining.filter(is_coordinator=True).exists():
        return
    successor = remaining.order_by("joined_at", "pk").first()
    if successor is not None:
        successor.is_coordinator = True
        successor.save(update_fields=["is_coordinator"])


# --- Coordinators and assigning ------------------------------------------------------------------


@transaction.atomic
def set_coordinator(
    *, group: LearningGroup, person: User, is_coordinator: bool, actor: User
) -> GroupMembership:
    """Make a member coordinator (trekker) or not; a group with members keeps at least one."""
    group = _lock_group(group)
    membership = GroupMembership.objects.active().filter(group=group, user=person).first()
    if membership is None:
        raise ValidationError(
            _("%(name)s is not a member of this learning group.") % {"name": person.name}
        )
    if membership.is_coordinator == is_coordinator:
        return membership
    if not is_coordinator:
        others = (
            GroupMembership.objects.active()
            .filter(group=group, is_coordinator=True)
            .exclude(pk=membership.pk)
        )
        if not others.exists():
            raise ValidationError(
                _("A group needs at least one coordinator. Make another member coordinator first.")
            )
    membership.is_coordinator = is_coordinator
    membership.save(update_fields=["is_coordinator"])
    _forget_group_roles(person)
    return membership


@transaction.atomic
def assign_member(*, group: LearningGroup, person: User, actor: User) -> GroupMembership:
    """A facilitator places a member of the edition in a group directly (brings for the person:
    GROUP_JOINED). The group's size holds; the per-person cap does not (see the docstring above).
    A pending request of the person is marked accepted."""
    group = _lock_group(group)
    _edition_membership(edition_id=group.edition_id, user=person, yourself=False)
    _check_joinable(group, person, yourself=False)
    membership = _add_member(group, person)
    _close_pending_requests(group, person, status=JoinRequestStatus.ACCEPTED, actor=actor)
    activity.record(
        actor=person,
        verb=Verb.GROUP_JOINED,
        edition=group.edition,
        target=group,
        data={"assigned_by": actor.pk},
    )
    events.member_joined.send(sender=GroupMembership, membership=membership, actor=actor)
    # The person is told: an email now, whatever their preferences (they did not ask for it), and
    # a notification (notifications answers `member_assigned`).
    email_on_commit(
        "groups/email/member_assigned",
        {
            "name": person.name,
            "group": group.name,
            "edition": group.edition.name,
            "by": actor.name,
            "url": absolute_reverse("groups:detail", pk=group.pk),
        },
        person,
    )
    events.member_assigned.send(sender=GroupMembership, membership=membership, actor=actor)
    return membership


REMOVAL_MAX_REASON = 1000


@transaction.atomic
def remove_member(
    *, group: LearningGroup, person: User, actor: User, reason: str
) -> GroupMembership:
    """A facilitator takes a member out of a group, with a reason (required). The person's row is
    closed (`left_at`, as leaving does; nothing they brought is deleted), the ledger records
    GROUP_LEFT for them with who removed them (the reason itself stays out of the ledger: it is
    the person's business, in their email and notification), and the person is told by email
    (always) and notification. When they were the last coordinator, the member who has been in
    the group longest takes over."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Give the reason: the person reads it in the email they get.")}
        )
    if len(reason) > REMOVAL_MAX_REASON:
        raise ValidationError(
            {"reason": _("Keep the reason to %(max)s characters.") % {"max": REMOVAL_MAX_REASON}}
        )
    if actor.pk == person.pk:
        raise ValidationError(_("To leave the group yourself, use “Leave the group”."))
    group = _lock_group(group)
    membership = GroupMembership.objects.active().filter(group=group, user=person).first()
    if membership is None:
        raise ValidationError(
            _("%(name)s is not a member of this learning group.") % {"name": person.name}
        )
    membership.left_at = timezone.now()
    membership.save(update_fields=["left_at"])
    _forget_group_roles(person)
    activity.record(
        actor=person,
        verb=Verb.GROUP_LEFT,
        edition=group.edition,
        target=group,
        data={"removed_by": actor.pk},
    )
    _keep_a_coordinator(group, leaving=person)
    _close_pending_requests(group, person, status=JoinRequestStatus.WITHDRAWN, actor=actor)
    events.member_left.send(sender=GroupMembership, group=group, user=person, actor=actor)
    email_on_commit(
        "groups/email/member_removed",
        {
            "name": person.name,
            "group": group.name,
            "edition": group.edition.name,
            "by": actor.name,
            "reason": reason,
        },
        person,
    )
    events.member_removed.send(
        sender=GroupMembership, group=group, user=person, actor=actor, reason=reason
    )
    return membership


def groups_beyond_cap(*, person: User, edition: Edition) -> int:
    """How many groups of the edition `person` is in beyond the edition's cap (0 when within)."""
    return max(0, _groups_of(person, edition.pk) - edition.max_groups_per_person)
