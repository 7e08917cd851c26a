"""Forms of the progress report pages: the report itself (a ModelForm: the sections' rules and
messages are the model's, `ProgressReport`), and the facilitators' deadline."""

from __future__ import annotations

from django import forms
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leerplatform.core.widgets import MarkdownTextarea
from leerplatform.groups.forms.activities import model_formfield
from leerplatform.groups.models import ProgressReport

LOCAL_INPUT = "%Y-%m-%dT%H:%M"


class ReportForm(forms.ModelForm):
    class Meta:
        model = ProgressReport
        fields = ProgressReport.SECTIONS
        formfield_callback = model_formfield
        labels = {
            "what_we_did": _("What we did"),
            "what_we_learned": _("What we learned"),
            "results": _("Results and products"),
            "next_steps": _("Next steps"),
            "questions": _("Questions for the plenary"),
        }
        help_texts = {
            "what_we_did": _(
                "Required. Meetings, activities, work on products since the last meeting."
            ),
            "what_we_learned": "",  # the editor's own help line says how to write Markdown
            "results": _("A toolkit, a publication, a quick win…"),
            "next_steps": "",
            "questions": _("What would you like to ask the other groups?"),
        }
        widgets = {
            "what_we_did": MarkdownTextarea(attrs={"rows": 6}),
            "what_we_learned": MarkdownTextarea(attrs={"rows": 5}),
            "results": MarkdownTextarea(attrs={"rows": 5}),
            "next_steps": MarkdownTextarea(attrs={"rows": 4}),
            "questions": MarkdownTextarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, report: ProgressReport | None = None, **kwargs):
        # The saved report fills the form; the form checks a new row, so the page can still show
        # the saved report when the service refuses the text.
        if report is not None:
            kwargs.setdefault("initial", model_to_dict(report, fields=ProgressReport.SECTIONS))
        super().__init__(*args, **kwargs)

    def sections(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in ProgressReport.SECTIONS}


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
