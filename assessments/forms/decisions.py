"""The decision a signed-off EIA informed, recorded once the meeting has taken it, and corrected the same way."""

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.utils import timezone

from assessments.models import DecisionRecord
from assessments.models.questions import EARLIEST_DATE
from councils.fields import GOVUKDateField
from councils.forms import GDSFormMixin, RemembersWhatWasSeen
from councils.once import CreatesOnce


class DecisionForm(GDSFormMixin, RemembersWhatWasSeen, CreatesOnce, forms.ModelForm):
    limit_names = {
        "meeting": "the meeting",
        "report_reference": "the report reference",
        "outcome_notes": "more about the decision",
    }

    meeting_date = GOVUKDateField(what="the date of the meeting", help_text="For example, 3 3 2026")

    class Meta:
        model = DecisionRecord
        fields = ["meeting", "meeting_date", "report_reference", "outcome", "outcome_notes"]
        labels = {
            "meeting": "Which meeting took the decision?",
            "meeting_date": "Date of the meeting",
            "report_reference": "Reference of the report to the meeting (optional)",
            "outcome": "What did the meeting decide?",
            "outcome_notes": "Anything more about the decision (optional)",
        }
        help_texts = {
            "meeting": "For example, ‘Cabinet’ or ‘Adult Social Care and Health Committee’.",
            "report_reference": "As the agenda gives it, for example ‘CAB/2026/14’.",
            "outcome_notes": "For example, the changes the meeting asked for, or the minute's number.",
        }
        widgets = {"outcome": forms.RadioSelect, "outcome_notes": forms.Textarea}
        error_messages = {
            "meeting": {"required": "Enter the meeting that took the decision"},
            "outcome": {"required": "Choose what the meeting decided"},
        }

    def clean_meeting_date(self):
        on = self.cleaned_data["meeting_date"]
        if on and on > timezone.localdate():
            raise forms.ValidationError(
                "The date of the meeting must be today or in the past: record the decision once the meeting has "
                "taken it",
                code="future",
                params={"part": 0},
            )
        if on and on < EARLIEST_DATE:
            raise forms.ValidationError(
                f"The date of the meeting must be in {EARLIEST_DATE.year} or later",
                code="too_early",
                params={"part": 2},
            )
        return on

    def get_layout(self):
        return Layout(
            Field.text("meeting"),
            Field("meeting_date"),
            Field.text("report_reference", field_width=20),
            Field.radios("outcome", legend_size=Size.SMALL),
            Field.textarea("outcome_notes", rows=4),
        )
