"""The programme of a meeting's day: adding, changing and removing items, and the standard day."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext as _

from leerplatform.meetings import events
from leerplatform.meetings.models import (
    Meeting,
    MeetingStatus,
    ProgrammeItem,
    ProgrammeItemKind,
    meeting_hours,
)


def _validate(item: ProgrammeItem, meeting: Meeting) -> None:
    """The item's own field rules (`ProgrammeItem.clean` and the fields), and that it fits the
    meeting's day, all reported at once."""
    errors: dict[str, list] = {}
    try:
        item.full_clean(
            exclude=["meeting", "proposal"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if item.starts_at and item.ends_at:
        first, last = meeting_hours(meeting)
        bounds = {"start": f"{first:%H:%M}", "end": f"{last:%H:%M}"}
        if item.starts_at < first:
            errors.setdefault("starts_at", []).append(
                _("The meeting runs from %(start)s to %(end)s.") % bounds
            )
        if item.ends_at > last:
            errors.setdefault("ends_at", []).append(
                _("The meeting runs from %(start)s to %(end)s.") % bounds
            )
    if errors:
        raise ValidationError(errors)


def _changed(meeting: Meeting, actor) -> None:
    """Tell the listeners that a published meeting's programme changed (inside the transaction,
    after the write); a draft's programme is nobody's news yet."""
    if meeting.status == MeetingStatus.PUBLISHED:
        events.programme_changed.send(sender=Meeting, meeting=meeting, actor=actor)


@transaction.atomic
def add_programme_item(
    *,
    meeting: Meeting,
    starts_at: dt.time,
    ends_at: dt.time,
    kind: str,
    title: str,
    description: str = "",
    actor=None,
) -> ProgrammeItem:
    """A new item on the meeting's day; items may overlap (the page shows where they do)."""
    item = _add_item(
        meeting=meeting,
        starts_at=starts_at,
        ends_at=ends_at,
        kind=kind,
        title=title,
        description=description,
    )
    _changed(meeting, actor)
    return item


def _add_item(
    *,
    meeting: Meeting,
    starts_at: dt.time,
    ends_at: dt.time,
    kind: str,
    title: str,
    description: str = "",
) -> ProgrammeItem:
    last = meeting.programme.aggregate(last=Max("position"))["last"]
    item = ProgrammeItem(
        meeting=meeting,
        position=0 if last is None else last + 1,
        starts_at=starts_at,
        ends_at=ends_at,
        kind=kind,
        title=(title or "").strip(),
        description=description or "",
    )
    _validate(item, meeting)
    item.save()
    return item


@transaction.atomic
def update_programme_item(
    *,
    item: ProgrammeItem,
    starts_at: dt.time,
    ends_at: dt.time,
    kind: str,
    title: str,
    description: str = "",
    actor=None,
) -> ProgrammeItem:
    """Change an item's times, kind, title and description (its proposal link stays)."""
    item.starts_at = starts_at
    item.ends_at = ends_at
    item.kind = kind
    item.title = (title or "").strip()
    item.description = description or ""
    _validate(item, item.meeting)
    item.save(update_fields=["starts_at", "ends_at", "kind", "title", "description"])
    _changed(item.meeting, actor)
    return item


@transaction.atomic
def delete_programme_item(*, item: ProgrammeItem, actor=None) -> None:
    """Take an item off the programme."""
    meeting = item.meeting
    item.delete()
    _changed(meeting, actor)


def _at(base: dt.datetime, minutes: int) -> dt.time:
    return (base + dt.timedelta(minutes=minutes)).time()


@transaction.atomic
def add_standard_day(*, meeting: Meeting, actor=None) -> list[ProgrammeItem]:
    """The seed's day in one go: plenary workshop (2½ hours from the start), lunch, the learning
    groups at work, and their plenary presentations in the last hour. Only for an empty programme."""
    # Lock the meeting: two clicks at once make one standard day.
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    if meeting.programme.exists():
        raise ValidationError(_("The programme already has items; add the others one by one."))
    first, last = meeting_hours(meeting)
    day = dt.date(2000, 1, 1)  # any day: only the clock matters here
    start = dt.datetime.combine(day, first)
    length = (dt.datetime.combine(day, last) - start).total_seconds() // 60
    if length < 5 * 60:
        raise ValidationError(
            _("The standard day needs at least five hours; add the items one by one.")
        )
    length = int(length)
    with translation.override(settings.LANGUAGE_CODE):
        theme = meeting.theme.title if meeting.theme is not None else ""
        plan = [
            (
                0,
                150,
                ProgrammeItemKind.PLENARY_WORKSHOP,
                _("Plenary workshop: %(theme)s") % {"theme": theme}
                if theme
                else _("Plenary workshop"),
                _(
                    "A workshop on one HRD theme, with speakers and work formats the participants proposed."
                ),
            ),
            (150, 210, ProgrammeItemKind.BREAK, _("Lunch"), ""),
            (
                210,
                length - 60,
                ProgrammeItemKind.GROUPS_AT_WORK,
                _("Learning groups at work"),
                _("Each learning group works on its own plan."),
            ),
            (
                length - 60,
                length,
                ProgrammeItemKind.GROUP_PRESENTATIONS,
                _("Plenary presentations of the groups"),
                _("The learning groups present their progress and exchange what they learned."),
            ),
        ]
        items = [
            _add_item(
                meeting=meeting,
                starts_at=_at(start, begin),
                ends_at=_at(start, end) if end < length else last,
                kind=kind,
                title=title,
                description=description,
            )
            for begin, end, kind, title, description in plan
        ]
    _changed(meeting, actor)  # one change: the whole day at once
    return items
