"""Continuing in another form: a new edition built from a closed one, and each participant's
answer whether they continue in it.

`continue_edition` reads the old edition and writes only to the new one. Nothing of the old
edition changes or is lost: not its themes, meetings, groups, memberships, documents or work plans,
and not even its ledger (EDITION_CONTINUED is recorded on the new edition, with the old one in
`data`). The old edition stays readable as an archive for its members.

Copied: the themes (titles, descriptions, positions), the latest agreements (as version 1 of the
new edition), the settings (who can take part, the eligibility flags, who starts groups, the cap
on groups per person, the maximum of participants, the description). The facilitators of the old
edition become facilitators of the new one. Each chosen group continues as a new, empty learning
group (`continued_from`), on the new edition's copies of its themes. Every active participant is
invited (`ContinuationInvitation`) and emailed after the transaction commits
(`events.edition_continued`, on which `tasks` queues the emails).

`answer_continuation`: the invited person continues (becomes a participant of the new edition and
joins, if they like, the carried-over groups of the groups they were in; their coordinator role
comes with them) or does not. They may change their answer until the new edition leaves
orientation. The answer itself is personal: CONTINUATION_ANSWERED is recorded with group
visibility and no group, so no activity stream shows it; joining the edition and its groups is
recorded as usual (JOINED, GROUP_JOINED).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from leerplatform.core import activity
from leerplatform.core.models import Verb
from leerplatform.core.visibility import Visibility
from leerplatform.editions.models import (
    ContinuationInvitation,
    ContinuationStatus,
    Edition,
    Membership,
    Phase,
    Role,
    Theme,
)
from leerplatform.editions.services import add_member
from leerplatform.groups.models import GroupMembership, GroupStatus, LearningGroup
from leerplatform.membership.services.agreements import current_agreement, publish_agreements
from leerplatform.membership.services.participation import leave_edition
from leerplatform.showcase import events
from leerplatform.showcase.queries.continuation import choosable_groups

COPIED_SETTINGS = [
    "tagline",
    "description",
    "criteria",
    "min_years_of_experience",
    "expected_work_level",
    "groups_started_by",
    "max_groups_per_person",
    "max_participants",
    "is_published",
]
COPIED_GROUP_FIELDS = [
    "name",
    "description",
    "join_policy",
    "max_size",
    "workplan_visibility",
    "activities_visibility",
]


def _forget_roles(user) -> None:
    # editions.rules and groups.rules cache a person's roles on the user object; they changed.
    user.__dict__.pop("_edition_roles", None)
    user.__dict__.pop("_group_roles", None)


# --- Starting a new edition from a closed one ----------------------------------------------------


def refusal(*, edition: Edition, actor) -> str:
    """Why `actor` cannot continue `edition` now; empty when they can."""
    is_facilitator = (
        actor is not None
        and actor.is_authenticated
        and Membership.objects.active()
        .filter(edition=edition, user=actor, role=Role.FACILITATOR)
        .exists()
    )
    if not is_facilitator:
        return _("Only the facilitators of this edition can continue it in a new edition.")
    if edition.phase != Phase.CLOSED:
        return _(
            "Only a closed edition can be continued. This edition is in the phase “%(phase)s”; "
            "close it first."
        ) % {"phase": Phase(edition.phase).label}
    return ""


def _clean_new_edition(
    *,
    edition: Edition,
    name: str,
    slug: str,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
    groups: list[LearningGroup],
) -> dict:
    errors: dict[str, str] = {}
    name = " ".join((name or "").split())
    slug = (slug or "").strip().lower()
    if not name:
        errors["name"] = _("Give the new edition a name.")
    if not slug:
        errors["slug"] = _("Give the new edition a short name for its web address.")
    else:
        try:
            validate_slug(slug)
        except ValidationError:
            errors["slug"] = _("Use only letters, digits, hyphens and underscores.")
        else:
            if Edition.objects.filter(slug=slug).exists():
                errors["slug"] = _("This short name is already in use by another edition.")
    if starts_on is None:
        errors["starts_on"] = _("When does the new edition start?")
    if ends_on is None:
        errors["ends_on"] = _("When does the new edition end?")
    elif starts_on is not None and ends_on < starts_on:
        errors["ends_on"] = _("The new edition cannot end before it starts.")
    if any(group.edition_id != edition.pk for group in groups):
        errors["groups"] = _("Choose only learning groups of this edition.")
    if errors:
        raise ValidationError(errors)
    return {"name": name, "slug": slug, "starts_on": starts_on, "ends_on": ends_on}


@transaction.atomic
def continue_edition(
    *,
    edition: Edition,
    actor,
    name: str,
    slug: str,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
    groups: Iterable[LearningGroup] = (),
) -> Edition:
    """Start a new edition (in orientation) from the closed `edition`; see the module's docstring
    for what is copied. Invites the old edition's active participants and emails them."""
    edition = Edition.objects.get(pk=edition.pk)
    if reason := refusal(edition=edition, actor=actor):
        raise ValidationError(reason)
    groups = list(groups)
    fields = _clean_new_edition(edition=edition, groups=groups, name=name, slug=slug,
                                starts_on=starts_on, ends_on=ends_on)  # fmt: skip
    new = Edition(
        **fields,
        phase=Phase.ORIENTATION,
        continued_from=edition,
        applications_open=False,
        **{setting: getattr(edition, setting) for setting in COPIED_SETTINGS},
    )
    try:
        with transaction.atomic():
            new.save()
    except IntegrityError as error:  # the same short name taken at the same moment
        raise ValidationError(
            {"slug": _("This short name is already in use by another edition.")}
        ) from error

    old_themes = list(Theme.objects.filter(edition=edition).order_by("position", "pk"))
    Theme.objects.bulk_create(
        Theme(edition=new, position=t.position, title=t.title, description=t.description)
        for t in old_themes
    )
    new_themes = {t.title: t for t in Theme.objects.filter(edition=new)}
    theme_map = {t.pk: new_themes[t.title] for t in old_themes}

    agreement = current_agreement(edition=edition)
    if agreement is not None:
        publish_agreements(edition=new, text=agreement.text, actor=actor)

    facilitators = [actor] + [
        m.user
        for m in Membership.objects.active()
        .filter(edition=edition, role=Role.FACILITATOR)
        .exclude(user=actor)
        .select_related("user")
    ]
    for person in facilitators:
        add_member(edition=new, user=person, role=Role.FACILITATOR, actor=actor)

    carried = []
    for group in sorted(groups, key=lambda g: g.name):
        copy = LearningGroup.objects.create(
            edition=new,
            status=GroupStatus.FORMING,
            created_by=actor,
            continued_from=group,
            **{name: getattr(group, name) for name in COPIED_GROUP_FIELDS},
        )
        copy.themes.set(
            [theme_map[pk] for pk in group.themes.values_list("pk", flat=True) if pk in theme_map]
        )
        carried.append(copy)

    participants = Membership.objects.active().filter(edition=edition, role=Role.PARTICIPANT)
    ContinuationInvitation.objects.bulk_create(
        ContinuationInvitation(edition=new, user_id=user_id)
        for user_id in participants.values_list("user_id", flat=True)
    )
    invited = ContinuationInvitation.objects.filter(edition=new).count()

    activity.record(
        actor=actor,
        verb=Verb.EDITION_CONTINUED,
        edition=new,
        target=new,
        data={
            "from": edition.pk,
            "from_name": edition.name,
            "groups": [g.pk for g in carried],
            "invited": invited,
        },
    )
    _forget_roles(actor)
    events.edition_continued.send(sender=Edition, edition=new)
    return new


# --- A participant's answer ----------------------------------------------------------------------


def is_open_for_answers(edition: Edition) -> bool:
    return edition.phase == Phase.ORIENTATION


def _check_groups(invitation: ContinuationInvitation, groups: list[LearningGroup]) -> None:
    allowed = set(choosable_groups(invitation=invitation).values_list("pk", flat=True))
    if any(group.pk not in allowed for group in groups):
        raise ValidationError(
            {"groups": _("You can only continue in a group that continues one of your groups.")}
        )
    cap = invitation.edition.max_groups_per_person
    if len(groups) > cap:
        raise ValidationError(
            {
                "groups": ngettext(
                    "In the new edition you can take part in %(cap)s learning group.",
                    "In the new edition you can take part in %(cap)s learning groups.",
                    cap,
                )
                % {"cap": cap}
            }
        )


def _join_carried_group(group: LearningGroup, user, *, edition: Edition) -> None:
    group = LearningGroup.objects.select_for_update().get(pk=group.pk)
    active = GroupMembership.objects.active().filter(group=group)
    if group.max_size is not None and active.count() >= group.max_size:
        raise ValidationError({"groups": _("“%(name)s” is full.") % {"name": group.name}})
    was_coordinator = GroupMembership.objects.filter(
        group=group.continued_from_id, user=user, is_coordinator=True
    ).exists()
    membership, created = GroupMembership.objects.get_or_create(
        group=group, user=user, defaults={"is_coordinator": was_coordinator}
    )
    if not created:
        membership.left_at = None
        membership.joined_at = timezone.now()
        membership.is_coordinator = was_coordinator
        membership.save(update_fields=["left_at", "joined_at", "is_coordinator"])
    activity.record(
        actor=user,
        verb=Verb.GROUP_JOINED,
        edition=edition,
        target=group,
        data={"continued_from": group.continued_from_id},
    )


def _leave_carried_group(membership: GroupMembership, user, *, edition: Edition) -> None:
    membership.left_at = timezone.now()
    membership.save(update_fields=["left_at"])
    activity.record(actor=user, verb=Verb.GROUP_LEFT, edition=edition, target=membership.group)


def _check_room(edition: Edition, user) -> None:
    """The new edition's maximum of participants holds for those who continue, too."""
    if edition.max_participants is None:
        return
    Edition.objects.select_for_update().filter(pk=edition.pk).first()
    members = Membership.objects.active().filter(edition=edition, role=Role.PARTICIPANT)
    if members.filter(user=user).exists():
        return
    if members.count() >= edition.max_participants:
        raise ValidationError(_("The new edition is full. Please contact its facilitators."))


@transaction.atomic
def answer_continuation(
    *,
    invitation: ContinuationInvitation,
    actor,
    continues: bool,
    groups: Iterable[LearningGroup] = (),
) -> ContinuationInvitation:
    """Record whether `actor` continues in the new edition, and in which carried-over groups."""
    invitation = (
        ContinuationInvitation.objects.select_for_update(of=("self",))
        .select_related("edition")
        .get(pk=invitation.pk)
    )
    if actor is None or invitation.user_id != actor.pk:
        raise ValidationError(_("Only the invited person can answer this invitation."))
    edition = invitation.edition
    if not is_open_for_answers(edition):
        raise ValidationError(
            _("The new edition has started: the answers to the invitation can no longer change.")
        )
    groups = list(groups) if continues else []
    _check_groups(invitation, groups)

    current = {
        m.group_id: m
        for m in GroupMembership.objects.active()
        .filter(user=actor, group__edition=edition, group__continued_from__isnull=False)
        .select_related("group")
    }
    chosen = {group.pk for group in groups}
    for group_id, membership in current.items():
        if group_id not in chosen:
            _leave_carried_group(membership, actor, edition=edition)
    if continues:
        _check_room(edition, actor)
        membership = Membership.objects.filter(edition=edition, user=actor).first()
        if membership is None or not membership.is_active:
            add_member(edition=edition, user=actor, role=Role.PARTICIPANT)
        for group in groups:
            if group.pk not in current:
                _join_carried_group(group, actor, edition=edition)
    elif (
        Membership.objects.active()
        .filter(edition=edition, user=actor, role=Role.PARTICIPANT)
        .exists()
    ):
        leave_edition(edition=edition, user=actor)

    invitation.status = ContinuationStatus.CONTINUES if continues else ContinuationStatus.STOPS
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["status", "answered_at"])
    invitation.groups.set(groups)
    activity.record(
        actor=actor,
        verb=Verb.CONTINUATION_ANSWERED,
        edition=edition,
        target=edition,
        visibility=Visibility.GROUP,  # with no group: a personal answer, in no stream
        data={"continues": continues, "groups": sorted(chosen)},
    )
    _forget_roles(actor)
    return invitation
