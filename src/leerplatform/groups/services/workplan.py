"""Every change to a group's work plan: saving a new version, marking a version as agreed.

A work plan is never edited in place: each save adds version n+1 with its author, so the history
is complete and any two versions can be compared. Two members saving at once must not silently
overwrite each other, so a save says which version it started from (`base_number`); when the
newest version is no longer that one, nothing is saved and `WorkPlanConflict` tells who saved in
between. The check runs under a lock on the group row, and the unique (group, number) constraint
guards the same race at the database: an IntegrityError (caught inside a savepoint) becomes the
same conflict.

Saving brings (Verb.WORKPLAN_EDITED); agreeing is recorded (WORKPLAN_AGREED) but counts as
neutral: the save brought (core.models.VERB_RULES). The ledger row's visibility
follows the group's choice for its work plan: a group-only plan gives group-only rows, which the
visibility rule keeps out of every stream.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from leerplatform.accounts.models import User
from leerplatform.core import activity
from leerplatform.core.models import Verb
from leerplatform.core.visibility import Visibility
from leerplatform.groups import events
from leerplatform.groups.models import GroupMembership, LearningGroup, WorkPlanVersion

PARTS = WorkPlanVersion.PARTS


class WorkPlanConflict(Exception):
    """Someone saved a newer version since the form was opened; nothing was saved."""

    def __init__(self, *, newest: WorkPlanVersion, base_number: int):
        self.newest = newest
        self.base_number = base_number
        super().__init__(f"version {newest.number} was saved after version {base_number}")


def normalise(text: str | None) -> str:
    """One spelling of a text: browsers send CRLF line ends, people leave trailing spaces."""
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")


def ledger_visibility(group: LearningGroup) -> str:
    """Group-only plans give group-only ledger rows; shared plans are seen by the edition."""
    if group.workplan_visibility == Visibility.PLATFORM:
        return Visibility.PLATFORM
    return Visibility.GROUP


def newest_version(group: LearningGroup) -> WorkPlanVersion | None:
    """The group's current plan (its highest number), with author; None before the first save."""
    return (
        WorkPlanVersion.objects.filter(group=group)
        .select_related("author")
        .order_by("-number")
        .first()
    )


def _active_membership(group: LearningGroup, user: User) -> GroupMembership | None:
    if user is None or not user.is_authenticated:
        return None
    return GroupMembership.objects.active().filter(group=group, user=user).first()


@transaction.atomic
def save_workplan(
    *, group: LearningGroup, author: User, base_number: int, parts: dict[str, str]
) -> WorkPlanVersion | None:
    """Save the plan's parts as version n+1 by `author`, an active member of the group.

    `base_number` is the version the author started from (0 when there was none). Returns None
    when nothing changed (no version, no ledger row); raises WorkPlanConflict when someone saved a
    newer version since."""
    if _active_membership(group, author) is None:
        raise ValidationError(_("Only members of the group can edit its work plan."))
    texts = {part: normalise(parts.get(part, "")) for part in PARTS}
    # The parts' own rules (their length) are the model's; the links are set below.
    WorkPlanVersion(**texts).full_clean(
        exclude=["group", "number", "author", "agreed_by"], validate_constraints=False
    )
    # The lock makes concurrent saves of one group wait for each other, so the second one sees
    # the first one's version and gets a conflict instead of a duplicate number.
    group = LearningGroup.objects.select_for_update().select_related("edition").get(pk=group.pk)
    group.check_open()
    newest = newest_version(group)
    newest_number = newest.number if newest is not None else 0
    if base_number > newest_number:
        raise ValidationError(
            _("This form does not match the work plan any more. Open the work plan again.")
        )
    if base_number != newest_number:
        assert newest is not None  # 0 < base_number < newest_number
        raise WorkPlanConflict(newest=newest, base_number=base_number)
    if newest is None:
        if not any(texts.values()):
            return None
    elif all(getattr(newest, part) == texts[part] for part in PARTS):
        return None
    try:
        with transaction.atomic():
            version = WorkPlanVersion.objects.create(
                group=group, number=newest_number + 1, author=author, **texts
            )
    except IntegrityError:
        # Another save took this number between our read and our write (possible where the row
        # lock is not enforced): the same answer as a conflict found before writing.
        taken = newest_version(group)
        assert taken is not None  # the version that took the number
        raise WorkPlanConflict(newest=taken, base_number=base_number) from None
    activity.record(
        actor=author,
        verb=Verb.WORKPLAN_EDITED,
        edition=group.edition,
        target=version,
        visibility=ledger_visibility(group),
        data={"group": group.pk, "number": version.number},
    )
    events.workplan_saved.send(sender=WorkPlanVersion, version=version, actor=author)
    return version


@transaction.atomic
def agree_workplan(*, version: WorkPlanVersion, actor: User) -> WorkPlanVersion:
    """Mark the group's newest version as agreed, by one of its coordinators.

    Only the newest version can be agreed: the group agrees on its current plan, and a
    coordinator who read version 3 cannot agree on it once version 4 (which they have not seen)
    has replaced it."""
    group = (
        LearningGroup.objects.select_for_update().select_related("edition").get(pk=version.group_id)
    )
    membership = _active_membership(group, actor)
    if membership is None or not membership.is_coordinator:
        raise ValidationError(_("Only the coordinators of the group can mark a version as agreed."))
    group.check_open()
    version = WorkPlanVersion.objects.select_for_update().get(pk=version.pk)
    newest = newest_version(group)
    if newest is not None and newest.number != version.number:
        raise ValidationError(
            _(
                "Version %(number)s is no longer the current work plan: %(name)s saved version "
                "%(newest)s since. Read the newest version first."
            )
            % {
                "number": version.number,
                "name": newest.author.name if newest.author else _("someone"),
                "newest": newest.number,
            }
        )
    if version.agreed_at is not None:
        raise ValidationError(
            _("Version %(number)s was already marked as agreed.") % {"number": version.number}
        )
    version.agreed_at = timezone.now()
    version.agreed_by = actor
    version.save(update_fields=["agreed_at", "agreed_by"])
    activity.record(
        actor=actor,
        verb=Verb.WORKPLAN_AGREED,
        edition=group.edition,
        target=version,
        visibility=ledger_visibility(group),
        data={"group": group.pk, "number": version.number},
    )
    return version
