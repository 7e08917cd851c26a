"""Forms of the meeting pages: a meeting (separate date and time inputs) and a programme item.

Dates and times are typed in Europe/Amsterdam (the platform's TIME_ZONE) and combined here into
aware datetimes. Both are ModelForms: the models' rules (`Meeting.clean`, `ProgrammeItem.clean`,
the fields' validators) reach the form through the model, and the services ask them again
(a form is not the only way in).
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import cast
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leerplatform.core.widgets import MarkdownTextarea
from leerplatform.meetings.models import (
    Meeting,
    MeetingKind,
    MeetingStatus,
    ProgrammeItem,
    ProgrammeItemKind,
)
from leerplatform.meetings.services.meetings import Overbooking, outside_period_message

# When only a deadline date is given, registration closes at the end of that day.
DEFAULT_DEADLINE_TIME = dt.time(23, 59)


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def combine(day: dt.date, time: dt.time) -> dt.datetime:
    """An aware datetime of `day` at `time` on the wall clock of Europe/Amsterdam."""
    return dt.datetime.combine(day, time, tzinfo=local_zone())


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class MeetingForm(forms.ModelForm):
    """Create or edit a meeting. `service_arguments()` gives the keyword arguments of the services."""

    title = forms.CharField(label=_("Title"), max_length=200)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("Start time"), widget=TimeInput())
    end_time = forms.TimeField(label=_("End time"), widget=TimeInput())
    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=MeetingKind.choices)
    theme: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Theme of the plenary workshop"),
        queryset=None,
        required=False,
        empty_label=_("No theme yet"),
    )
    venue_name = forms.CharField(label=_("Venue"), max_length=200, required=False)
    venue_address = forms.CharField(label=_("Address"), max_length=300, required=False)
    venue_directions = forms.CharField(
        label=_("Directions"),
        help_text=_("How to get there: public transport, parking, entrance."),
        widget=MarkdownTextarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
    )
    description = forms.CharField(
        label=_("Description"),
        widget=MarkdownTextarea(attrs={"rows": 6}),
        max_length=10000,
        required=False,
    )
    capacity = forms.IntegerField(
        label=_("Capacity"),
        help_text=_("Maximum number of people. Empty: no limit."),
        min_value=1,
        max_value=100000,
        required=False,
    )
    deadline_date = forms.DateField(
        label=_("Registration deadline (date)"),
        help_text=_("Empty: registration is open until the meeting starts."),
        widget=DateInput(),
        required=False,
    )
    deadline_time = forms.TimeField(
        label=_("Registration deadline (time)"),
        help_text=_("Empty: the end of that day."),
        widget=TimeInput(),
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=MeetingStatus.choices,
        initial=MeetingStatus.DRAFT,
        widget=forms.RadioSelect,
        help_text=_(
            "A draft is seen by facilitators only. Publishing shows the meeting to everyone; a "
            "cancelled meeting stays visible as cancelled."
        ),
    )

    outside_period_confirmed = forms.BooleanField(
        label=_("Save outside the period anyway"),
        help_text=_(
            "For a meeting before the edition starts or after it ends, such as a kick-off or a "
            "reunion."
        ),
        required=False,
    )

    overbooking = forms.ChoiceField(
        label=_("More people hold a place than the new capacity"),
        choices=Overbooking.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": _("Choose one of the two options.")},
    )

    class Meta:
        model = Meeting
        fields = [
            "title",
            "kind",
            "theme",
            "venue_name",
            "venue_address",
            "venue_directions",
            "description",
            "capacity",
            "status",
        ]

    # Which form field shows an error the model or the services report on a model field.
    SERVICE_FIELDS = {
        "starts_at": "start_time",
        "ends_at": "end_time",
        "registration_deadline": "deadline_date",
    }

    def __init__(self, *args, edition, meeting: Meeting | None = None, **kwargs):
        if meeting is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(meeting)
        # A copy: validating fills the instance in, and the page still shows the saved meeting.
        kwargs["instance"] = copy.copy(meeting) if meeting else Meeting(edition=edition)
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.meeting = meeting
        if meeting is None:
            self.initial.pop("kind", None)  # a new meeting's kind is chosen, not preset
        cast(forms.ModelChoiceField, self.fields["theme"]).queryset = edition.themes.all()
        self.fields["capacity"].widget.attrs.update({"inputmode": "numeric"})

    @staticmethod
    def initial_for(meeting: Meeting) -> dict:
        zone = local_zone()
        starts = meeting.starts_at.astimezone(zone)
        ends = meeting.ends_at.astimezone(zone)
        deadline = (
            meeting.registration_deadline.astimezone(zone)
            if meeting.registration_deadline
            else None
        )
        return {
            "title": meeting.title,
            "date": starts.date(),
            "start_time": starts.time().replace(second=0, microsecond=0),
            "end_time": ends.time().replace(second=0, microsecond=0),
            "kind": meeting.kind,
            "theme": meeting.theme_id,
            "venue_name": meeting.venue_name,
            "venue_address": meeting.venue_address,
            "venue_directions": meeting.venue_directions,
            "description": meeting.description,
            "capacity": meeting.capacity,
            "deadline_date": deadline.date() if deadline else None,
            "deadline_time": deadline.time().replace(second=0, microsecond=0) if deadline else None,
            "status": meeting.status,
        }

    def clean(self):
        super().clean()
        data = self.cleaned_data
        day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
        if day and start and end:
            data["starts_at"] = combine(day, start)
            data["ends_at"] = combine(day, end)
        deadline_day, deadline_time = data.get("deadline_date"), data.get("deadline_time")
        if deadline_time and not deadline_day and "deadline_date" not in self.errors:
            self.add_error("deadline_date", _("Give the date of the deadline too."))
        elif deadline_day:
            data["registration_deadline"] = combine(
                deadline_day, deadline_time or DEFAULT_DEADLINE_TIME
            )
        self._check_period(data)
        # The model checks the times (`Meeting.clean`) once they are on the instance; without a
        # valid day and times there is nothing to compare.
        self.instance.starts_at = data.get("starts_at")
        self.instance.ends_at = data.get("ends_at")
        self.instance.registration_deadline = (
            data.get("registration_deadline") if data.get("starts_at") else None
        )
        return data

    def _check_period(self, data: dict) -> None:
        """The edition's period, beside the date (the services ask it again): asked for a new
        meeting and when the times of a meeting change."""
        starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
        if starts_at is None or ends_at is None or data.get("outside_period_confirmed"):
            return
        if self.meeting is not None and (starts_at, ends_at) == (
            self.meeting.starts_at,
            self.meeting.ends_at,
        ):
            return
        zone = local_zone()
        days = (starts_at.astimezone(zone).date(), ends_at.astimezone(zone).date())
        if not all(self.edition.includes_day(day) for day in days):
            self.add_error(
                "date",
                ValidationError(outside_period_message(self.edition), code="outside_period"),
            )

    @property
    def asks_period_confirmation(self) -> bool:
        """Show "Save outside the period anyway": once the date was found outside the period,
        or when it was ticked."""
        if not self.is_bound:
            return False
        return self.has_error("date", "outside_period") or bool(
            self.data.get("outside_period_confirmed")
        )

    @property
    def asks_overbooking(self) -> bool:
        """Show the choice between overbooking and moving people to the waiting list: once the
        service said the new capacity is below the places taken, or when a choice was sent."""
        if not self.is_bound or self.meeting is None:
            return False
        return self.has_error("capacity", "overbooked") or bool(self.data.get("overbooking"))

    def _get_validation_exclusions(self):
        # The theme is checked by the form's own choices (this edition's themes): no second query.
        exclusions = super()._get_validation_exclusions()  # type: ignore[misc]
        return exclusions | {"theme"}

    def _update_errors(self, errors):
        super()._update_errors(self._on_form_fields(errors))  # type: ignore[misc]

    def _on_form_fields(self, error):
        if not hasattr(error, "error_dict"):
            return error
        return ValidationError(
            {self.SERVICE_FIELDS.get(field, field): e for field, e in error.error_dict.items()}
        )

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "kind": data["kind"],
            "theme": data.get("theme"),
            "venue_name": data.get("venue_name", ""),
            "venue_address": data.get("venue_address", ""),
            "venue_directions": data.get("venue_directions", ""),
            "description": data.get("description", ""),
            "capacity": data.get("capacity"),
            "registration_deadline": data.get("registration_deadline"),
            "status": data["status"],
            "outside_period_confirmed": bool(data.get("outside_period_confirmed")),
            # Only an existing meeting has registrations to overbook.
            **({"overbooking": data.get("overbooking") or ""} if self.meeting else {}),
        }

    def add_service_error(self, error) -> None:
        """Show a service's ValidationError beside the form field it is about (the edition's
        period beside the date)."""
        if hasattr(error, "error_dict"):
            for field, errors in self._on_form_fields(error).error_dict.items():
                if field == "start_time" and any(e.code == "outside_period" for e in errors):
                    field = "date"
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, error)


class ProgrammeItemForm(forms.ModelForm):
    """One item of the day: times on the meeting's day, kind, title and description."""

    description = forms.CharField(
        label=_("Description"),
        widget=MarkdownTextarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
    )

    class Meta:
        model = ProgrammeItem
        fields = ["starts_at", "ends_at", "kind", "title", "description"]
        labels = {
            "starts_at": _("Start time"),
            "ends_at": _("End time"),
            "kind": _("Kind"),
            "title": _("Title"),
            "description": _("Description"),
        }
        widgets = {
            "starts_at": TimeInput(),
            "ends_at": TimeInput(),
        }

    def __init__(self, *args, meeting: Meeting, **kwargs):
        # A copy: validating fills the instance in, and the page still shows the saved item.
        if kwargs.get("instance") is not None:
            kwargs["instance"] = copy.copy(kwargs["instance"])
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        cast(forms.ChoiceField, self.fields["kind"]).choices = ProgrammeItemKind.choices
        starts = timezone.localtime(meeting.starts_at, local_zone())
        if not self.is_bound and self.instance.pk is None:
            self.initial.setdefault("starts_at", starts.time())

    def _get_validation_exclusions(self):
        # The times are checked by `ProgrammeItem.clean` (the end after the start); left out of
        # the field checks, they also keep the CheckConstraint that says the same in the
        # database from costing a query.
        exclusions = super()._get_validation_exclusions()  # type: ignore[misc]
        return exclusions | {"starts_at", "ends_at"}

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {name: data.get(name) for name in self.Meta.fields}

    def add_service_error(self, error) -> None:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, error)
