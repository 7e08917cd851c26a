"""Every change to a learning group's activities: logging a planned or done activity, editing it.

Logging brings (Verb.ACTIVITY_LOGGED), recorded with the visibility the group chose for its
activities: a group-only activity's ledger row is visibility GROUP, so no stream shows it to
anyone outside the group; a confidential activity's row is CONFIDENTIAL, without its title. Marking a planned activity as done (it happened, with its outcome)
brings once more, once per activity, so that switching the status back and forth cannot inflate
anyone's balance. Other edits are not recorded.

Deleting moves an activity to the bin (`deleted_at`), as the library does with documents: it
leaves every page, box, report and export at once (`GroupActivity.objects` holds only the current
ones), can be restored for LIBRARY_BIN_DAYS days, and `manage.py purge_groups_bin` then removes it
for good. Who logged it, the group's coordinators and the edition's facilitators delete and
restore (`groups.delete_activity`); neither is recorded in the ledger (what was brought stays
brought, as with an edit). In a closed group nothing changes: neither is possible.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, cast

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from leerplatform.accounts.models import User
from leerplatform.core import activity
from leerplatform.core.models import ActivityEntry, Verb
from leerplatform.core.visibility import Visibility
from leerplatform.groups.models import (
    ActivityStatus,
    GroupActivity,
    GroupMembership,
    LearningGroup,
)


def _check_can_log(group: LearningGroup, actor: User) -> None:
    if not GroupMembership.objects.active().filter(group=group, user=actor).exists():
        raise ValidationError(_("Only members of this learning group can log its activities."))
    group.check_open()


def _participants(
    *, group: LearningGroup, participants: Iterable[User], item: GroupActivity | None = None
) -> tuple[list[User], dict[str, Any]]:
    """Who took part, and the error when someone is not (or no longer) allowed: the group's
    active members, and for an existing activity also whoever is listed already (someone who
    took part and left the group since stays on the activity). A rule across rows, so it is the
    service's; the activity's own fields are checked by the model (`GroupActivity.full_clean`)."""
    people = list(participants)
    allowed = set(
        GroupMembership.objects.active().filter(group=group).values_list("user_id", flat=True)
    )
    if item is not None:
        allowed |= {person.pk for person in item.participants.all()}
    if any(person.pk not in allowed for person in people):
        return people, {
            "participants": _("Only members of the learning group can be listed as taking part.")
        }
    return people, {}


def _full_clean(item: GroupActivity, errors: dict[str, Any], **kwargs) -> None:
    """The model's field rules and the service's, reported together."""
    try:
        item.full_clean(**kwargs)
    except ValidationError as error:
        errors = error.update_error_dict(dict(errors))
    if errors:
        raise ValidationError(errors)


def _ledger_visibility(group: LearningGroup, item: GroupActivity) -> str:
    if item.confidential:
        return Visibility.CONFIDENTIAL  # no audience, no label (core.activity.record)
    return (
        Visibility.PLATFORM
        if group.activities_visibility == Visibility.PLATFORM
        else Visibility.GROUP
    )


def _record(*, actor: User, group: LearningGroup, item: GroupActivity) -> None:
    activity.record(
        actor=actor,
        verb=Verb.ACTIVITY_LOGGED,
        edition=group.edition,
        target=item,
        visibility=_ledger_visibility(group, item),
        data={"group": group.pk, "kind": item.kind, "status": item.status},
    )


def _done_was_recorded(item: GroupActivity) -> bool:
    return ActivityEntry.objects.filter(
        verb=Verb.ACTIVITY_LOGGED,
        target_type=ContentType.objects.get_for_model(GroupActivity),
        target_id=str(item.pk),
        data__status=ActivityStatus.DONE,
    ).exists()


@transaction.atomic
def log_activity(
    *,
    group: LearningGroup,
    actor: User,
    kind: str,
    title: str,
    date: dt.date | None,
    status: str = ActivityStatus.PLANNED,
    description: str = "",
    outcome: str = "",
    participants: Iterable[User] = (),
    confidential: bool = False,
) -> GroupActivity:
    """A member logs an activity of their group, planned or done (brings); a confidential one
    (vertrouwelijk) is for the group's members only and leaves no readable trace elsewhere."""
    group = LearningGroup.objects.select_related("edition").get(pk=group.pk)
    _check_can_log(group, actor)
    people, errors = _participants(group=group, participants=participants)
    item = GroupActivity(
        group=group,
        created_by=actor,
        confidential=bool(confidential),
        kind=kind,
        title=(title or "").strip(),
        date=cast(dt.date, date),  # None is refused by full_clean, in the page's words
        status=status,
        description=(description or "").strip(),
        outcome=(outcome or "").strip(),
    )
    _full_clean(item, errors)
    item.save()
    item.participants.set(people)
    _record(actor=actor, group=group, item=item)
    return item


@transaction.atomic
def update_activity(
    *,
    item: GroupActivity,
    actor: User,
    kind: str,
    title: str,
    date: dt.date | None,
    status: str,
    description: str = "",
    outcome: str = "",
    participants: Iterable[User] = (),
    confidential: bool | None = None,
) -> GroupActivity:
    """A member changes one of their group's activities, e.g. marks it done with its outcome, or
    marks it confidential (None: as it was)."""
    item = (
        GroupActivity.objects.select_for_update().select_related("group__edition").get(pk=item.pk)
    )
    group = item.group
    _check_can_log(group, actor)
    people, errors = _participants(group=group, participants=participants, item=item)
    became_done = item.status != ActivityStatus.DONE and status == ActivityStatus.DONE
    # A date of None is refused by full_clean, in the page's words.
    item.kind, item.title, item.status = kind, (title or "").strip(), status
    item.date = cast(dt.date, date)
    item.description, item.outcome = (description or "").strip(), (outcome or "").strip()
    if confidential is not None:
        item.confidential = bool(confidential)
    # Who logged it may have deleted their account since (SET_NULL): the activity stays editable.
    _full_clean(item, errors, exclude=["created_by"])
    item.save()
    item.participants.set(people)
    if became_done and not _done_was_recorded(item):
        _record(actor=actor, group=group, item=item)
    return item


@transaction.atomic
def delete_activity(*, item: GroupActivity, actor: User) -> GroupActivity:
    """Move an activity to the bin (the view has checked `groups.delete_activity`)."""
    item = (
        GroupActivity.everything.select_for_update()
        .select_related("group__edition")
        .get(pk=item.pk)
    )
    item.group.check_open()
    if item.deleted_at is None:
        item.deleted_at = timezone.now()
        item.deleted_by = actor
        item.save(update_fields=["deleted_at", "deleted_by"])
    return item


@transaction.atomic
def restore_activity(*, item: GroupActivity, actor: User) -> GroupActivity:
    """Take an activity out of the bin, as it was."""
    item = (
        GroupActivity.everything.select_for_update()
        .select_related("group__edition")
        .get(pk=item.pk)
    )
    item.group.check_open()
    if not GroupActivity.everything.in_bin().filter(pk=item.pk).exists():
        raise ValidationError(_("This activity is not in the bin (any more)."))
    item.deleted_at = None
    item.deleted_by = None
    item.save(update_fields=["deleted_at", "deleted_by"])
    return item


def purge_bin() -> int:
    """Remove for good the activities deleted more than LIBRARY_BIN_DAYS days ago; returns how
    many."""
    stale = list(
        GroupActivity.everything.filter(deleted_at__isnull=False)
        .exclude(pk__in=GroupActivity.everything.in_bin().values("pk"))
        .values_list("pk", flat=True)
    )
    GroupActivity.everything.filter(pk__in=stale).delete()
    return len(stale)
