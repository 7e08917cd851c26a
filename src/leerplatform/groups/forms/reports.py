"""Forms of the progress report pages: the report itself, and the facilitators' deadline."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leerplatform.groups.models import ProgressReport
from leerplatform.groups.services.reports import MAX_TEXT, SECTIONS

LOCAL_INPUT = "%Y-%m-%dT%H:%M"
MARKDOWN_HINT = _("Markdown: **bold**, *italic*, lists with “-”.")


def _section(label, help_text, *, required: bool = False, rows: int = 5) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )


class ReportForm(forms.Form):
    what_we_did = _section(
        _("What we did"),
        _("Required. Meetings, activities, work on products since the last meeting."),
        required=True,
        rows=6,
    )
    what_we_learned = _section(_("What we learned"), MARKDOWN_HINT)
    results = _section(_("Results and products"), _("A toolkit, a publication, a quick win…"))
    next_steps = _section(_("Next steps"), MARKDOWN_HINT, rows=4)
    questions = _section(
        _("Questions for the plenary"), _("What would you like to ask the other groups?"), rows=4
    )

    def __init__(self, *args, report: ProgressReport | None = None, **kwargs):
        if report is not None:
            kwargs.setdefault("initial", {name: getattr(report, name) for name in SECTIONS})
        super().__init__(*args, **kwargs)
        self.fields["what_we_did"].error_messages["required"] = _(
            "Tell what the group did since the last meeting."
        )

    def sections(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in SECTIONS}


class DeadlineForm(forms.Form):
    deadline = forms.DateTimeField(
        label=_("Deadline for the progress reports"),
        required=False,
        input_formats=[LOCAL_INPUT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT),
        help_text=_("In Dutch time. Empty: the groups report until the meeting starts."),
        error_messages={"invalid": _("Enter a date and time, for example 2019-10-08 17:00.")},
    )

    def __init__(self, *args, meeting=None, **kwargs):
        if meeting is not None and meeting.report_deadline is not None:
            kwargs.setdefault("initial", {"deadline": timezone.localtime(meeting.report_deadline)})
        super().__init__(*args, **kwargs)
