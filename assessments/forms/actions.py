"""The EIA's actions, and the check on a review date typed in the past."""

from datetime import timedelta

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.utils import dateformat, timezone

from assessments.forms.details import refuse_beyond_eia_limit
from assessments.models import AssessmentAction, ImpactLevel
from councils.fields import GOVUKDateField, MonthOrDay
from councils.forms import GDSFormMixin, RemembersWhatWasSeen
from councils.once import CreatesOnce


class AssessmentActionForm(GDSFormMixin, RemembersWhatWasSeen, CreatesOnce, forms.ModelForm):
    limit_names = {
        "action_required": "the action required",
        "key_activity": "the key activity",
        "outcomes_required": "the outcomes required",
        "officer_responsible": "the officer responsible",
        "review_date_note": "a note on the review date",
    }

    review = GOVUKDateField(
        what="the review date",
        month_allowed=True,
        required=False,
        label="Review date",
        help_text="For example, 27 3 2027. To review in a month rather than on a day, leave the day blank.",
    )
    # Asked only when the review date typed is already past: a date in the past is usually a typing mistake, but
    # an EIA moved in from paper keeps its real dates.
    review_in_past = forms.BooleanField(label="Yes, the review date is in the past", required=False)

    class Meta:
        model = AssessmentAction
        fields = [
            "action_required",
            "key_activity",
            "priority",
            "outcomes_required",
            "officer_responsible",
            "review_date_note",
            "mitigates",
        ]
        labels = {
            "action_required": "Action required",
            "key_activity": "Key activity",
            "priority": "Priority",
            "outcomes_required": "Outcomes required",
            "officer_responsible": "Officer responsible",
            "review_date_note": "Anything to add about the review date (optional)",
            "mitigates": "Which impacts does this action address? (optional)",
        }
        help_texts = {
            "officer_responsible": "Names or job titles, for example ‘Judith Culleton/Phil Green’.",
            "review_date_note": "For example, ‘and throughout contract monitoring meetings’.",
        }
        error_messages = {
            "action_required": {"required": "Enter the action required"},
            "priority": {"required": "Choose the priority of the action"},
        }
        widgets = {"priority": forms.RadioSelect, "mitigates": forms.CheckboxSelectMultiple}

    def __init__(self, *args, assessment, **kwargs):
        self.assessment = assessment
        self.asks_about_past_review = False
        super().__init__(*args, **kwargs)
        if self.is_bound and self.data.get("review_in_past"):
            # Asked before: keep asking, with the box as the person left it.
            self.asks_about_past_review = True
            self.helper.layout = self.get_layout()
        self.fields["priority"].choices = ImpactLevel.choices
        self.fields["mitigates"].queryset = assessment.rows.all()
        self.fields["mitigates"].label_from_instance = lambda row: row.label
        action = self.instance
        if action.review_date:
            # Also when bound: the date as saved is what a save is compared with.
            day = action.review_date.day if action.review_date_precision == MonthOrDay.DAY else ""
            self.initial["review"] = [day, action.review_date.month, action.review_date.year]

    def clean(self):
        cleaned = super().clean()
        refuse_beyond_eia_limit(self.assessment, [(self, AssessmentAction.text_boxes)])
        on, precision = cleaned.get("review") or (None, None)
        saved = (self.instance.review_date, self.instance.review_date_precision)
        if on is None or self.cleaned_data.get("review_in_past") or (on, precision) == saved:
            return cleaned
        problem = past_review_date(
            on, precision, began=timezone.localdate(self.assessment.created_at), today=timezone.localdate()
        )
        if problem:
            self.add_error("review", forms.ValidationError(problem, code="past", params={"part": 0}))
            self.asks_about_past_review = True
            self.helper.layout = self.get_layout()
        return cleaned

    def save(self, commit=True):
        self.instance.review_date, self.instance.review_date_precision = self.cleaned_data["review"]
        return super().save(commit)

    def get_layout(self):
        return Layout(
            Field.textarea("action_required", rows=2),
            Field.textarea("key_activity", rows=4),
            Field.radios("priority", inline=True, legend_size=Size.SMALL),
            Field.textarea("outcomes_required", rows=3),
            Field.text("officer_responsible"),
            Field("review"),
            *([Field.checkbox("review_in_past")] if self.asks_about_past_review else []),
            Field.text("review_date_note"),
            Field.checkboxes("mitigates", small=True, legend_size=Size.SMALL),
        )


def past_review_date(on, precision, *, began, today):
    """Why a review date (a day, or a month's first day) cannot be right as typed, or None: it is over already,
    or it comes before the assessment began."""
    shown = dateformat.format(on, "F Y" if precision == MonthOrDay.MONTH else "j F Y")
    last_day = (
        on
        if precision == MonthOrDay.DAY
        else (on.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    )
    if last_day < began:
        return (
            f"The review date, {shown}, is before this assessment was started on "
            f"{dateformat.format(began, 'j F Y')}. Check the date, or tick ‘Yes, the review date is in the past’ "
            f"to keep it"
        )
    if last_day < today:
        return (
            f"The review date, {shown}, is in the past. Check the date, or tick ‘Yes, the review date is in the "
            f"past’ to keep it"
        )
    return None
