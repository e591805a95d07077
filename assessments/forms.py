import json
from datetime import timedelta

from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms
from django.contrib.auth import get_user_model
from django.forms import BaseModelFormSet, modelformset_factory
from django.utils import dateformat, timezone

import councils.forms
from assessments.characteristics import ProtectedCharacteristic
from assessments.models import (
    Assessment,
    AssessmentAction,
    Characteristic,
    Decision,
    ImpactLevel,
    ImpactRow,
    ModerationOutcome,
    Status,
    SubjectType,
)
from councils.fields import GOVUKDateField, MonthOrDay
from councils.forms import (
    EIA_TEXT_LIMIT,
    LARGEST_ID,
    GDSFormMixin,
    QueryForm,
    RemembersWhatWasSeen,
    TextLimits,
    refuse_beyond_record_limit,
    saved_and_new_length,
)
from councils.once import CreatesOnce

NO_LEVEL = [("", "No negative impact")]


class StartAssessmentForm(GDSFormMixin, CreatesOnce, forms.ModelForm):
    limit_names = {"title": "a title"}

    class Meta:
        model = Assessment
        fields = ["service", "title", "subject_type"]
        labels = {
            "service": "Which service is it for?",
            "title": "What is the assessment called?",
            "subject_type": "What is being assessed?",
        }
        help_texts = {"title": "Name the policy, service or decision, for example ‘Care at home services’."}
        error_messages = {
            "service": {"required": "Choose the service the assessment is for"},
            "title": {"required": "Enter a title for the assessment"},
            "subject_type": {"required": "Choose what is being assessed"},
        }
        widgets = {"subject_type": forms.RadioSelect}

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services
        self.fields["service"].empty_label = "Choose a service"
        self.fields["subject_type"].choices = SubjectType.choices

    def get_layout(self):
        return Layout(
            Field.select("service"),
            Field.text("title"),
            Field.radios("subject_type", legend_size=Size.SMALL),
        )


class AssessmentDetailsForm(GDSFormMixin, RemembersWhatWasSeen, forms.ModelForm):
    limit_names = {
        "title": "a title",
        "aims": "the aims",
        "service_users": "who uses the service",
        "stakeholders": "the stakeholders",
        "lead_officer": "a lead officer",
        "commissioning_officers": "the commissioning officers",
        "evidence": "the evidence",
        "engagement": "the engagement",
        "decision_reason": "the reasons",
        "head_of_service": "a head of service",
    }

    class Meta:
        model = Assessment
        fields = [
            "service",
            "title",
            "subject_type",
            "aims",
            "service_users",
            "stakeholders",
            "lead_officer",
            "lead_officer_user",
            "commissioning_officers",
            "evidence",
            "engagement",
            "decision",
            "decision_reason",
            "head_of_service",
        ]
        labels = {
            "service": "Service",
            "aims": "Main aims, purpose and outcomes",
            "service_users": "Who uses the service",
            "lead_officer": "Lead officer",
            "commissioning_officers": "Commissioning officers",
            "engagement": "Engagement and consultation",
            "decision": "Decision",
            "decision_reason": "Reasons for the decision",
            "head_of_service": "Head of service who will sign it off",
            "lead_officer_user": "Lead officer's EqA account (optional)",
        }
        help_texts = {
            "aims": "What it is for and how it fits the council's wider aims.",
            "service_users": "How many people use it and who they are, for example ‘800 service users across "
            "three patches’.",
            "stakeholders": "Who else has an interest, for example residents, carers, providers or partners.",
            "lead_officer": "A name or a job title.",
            "commissioning_officers": "Separate names with commas.",
            "evidence": "Data, research, complaints and feedback the assessment relies on.",
            "engagement": "Who you asked, how, and what they said.",
            "decision_reason": "Needed when you continue despite an adverse impact: say why it is justified.",
            "lead_officer_user": "EqA emails this person when the assessment is due for review.",
        }
        error_messages = {
            "service": {"required": "Choose the service the assessment is for"},
            "title": {"required": "Enter a title for the assessment"},
            "subject_type": {"required": "Choose what is being assessed"},
        }
        widgets = {"subject_type": forms.RadioSelect, "decision": forms.RadioSelect}

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services
        self.fields["service"].empty_label = "Choose a service"
        self.fields["subject_type"].choices = SubjectType.choices
        self.fields["lead_officer_user"].queryset = (
            get_user_model()
            .objects.filter(memberships__council=self.instance.council_id)
            .distinct()
            .order_by("first_name", "last_name")
        )
        self.fields["lead_officer_user"].label_from_instance = lambda user: user.get_full_name() or user.username
        self.fields["lead_officer_user"].empty_label = "No account"
        self.fields["decision"].choices = [("", "Not decided yet"), *Decision.choices]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == Decision.CONTINUE and not cleaned.get("decision_reason", "").strip():
            self.add_error("decision_reason", "Explain why continuing despite the adverse impact is justified")
        refuse_beyond_eia_limit(self.instance, [(self, Assessment.text_boxes)])
        return cleaned

    def get_layout(self):
        return Layout(
            Fieldset(
                Field.select("service"),
                Field.text("title"),
                Field.radios("subject_type"),
                legend="Title and service",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.textarea("aims", rows=8),
                Field.textarea("service_users", rows=5),
                Field.textarea("stakeholders", rows=3),
                legend="Aims and people affected",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.text("lead_officer"),
                Field.select("lead_officer_user"),
                Field.text("commissioning_officers"),
                legend="Officers",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.textarea("evidence", rows=6),
                Field.textarea("engagement", rows=6),
                legend="Evidence and engagement",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.radios("decision"),
                Field.textarea("decision_reason", rows=4),
                legend="Decision",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(Field.text("head_of_service"), legend="Sign-off", legend_size=Size.MEDIUM),
        )


class ImpactRowForm(TextLimits, RemembersWhatWasSeen, forms.ModelForm):
    """One row of the impact grid. The grid page writes its fields' GOV.UK markup itself (templates/govuk/), not
    through crispy-forms-gds: with 15 rows of 4 fields, crispy's rendering was most of the page's time."""

    class Meta:
        model = ImpactRow
        fields = ["neutral", "positive", "negative", "negative_level"]
        labels = {
            "neutral": "Neutral impact",
            "positive": "Positive impact",
            "negative": "Negative impact",
            "negative_level": "Level of the negative impact",
        }
        widgets = {"negative_level": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["negative_level"].choices = [*ImpactLevel.choices, *NO_LEVEL]
        # Labels name the row, so that a screen reader and the error summary say which row is meant.
        for name in self.Meta.fields:
            self.fields[name].label = f"{self.Meta.labels[name]} for {self.instance.label}"
        self.limit_names = {
            name: f"the {self.Meta.labels[name].lower()} for {self.instance.label}" for name in self.Meta.fields
        }
        self.limit_text()

    def validate_unique(self):
        # A row's place in the grid is not editable here, so there is nothing to check row by row; the
        # database's constraints still hold.
        pass

    @property
    def impacts(self):
        """The neutral, positive and negative impact text, in the grid's column order."""
        return [self["neutral"], self["positive"], self["negative"]]


class BaseGridFormSet(BaseModelFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        # The row's id only says which row is which: the formset already matched it to the grid's rows
        # (an id of another grid gets no row), so it needs no look-up of its own per row.
        form.fields["id"] = forms.IntegerField(widget=forms.HiddenInput, required=False, initial=form.instance.pk)

    def clean(self):
        super().clean()
        # A row the post names but the grid no longer has (or never had) would otherwise be dropped unsaid.
        if any(form.instance.pk is None for form in self.forms):
            raise forms.ValidationError(
                "The rows of this grid have changed since you opened it. Copy what you typed, reload the page "
                "and enter it again.",
                code="rows_changed",
            )
        if self.forms and not any(form.errors for form in self.forms):
            refuse_beyond_eia_limit(
                self.forms[0].instance.assessment, [(form, ImpactRow.text_boxes) for form in self.forms]
            )

    def save(self, commit=True):
        """Save the changed rows in one statement, however many rows the grid has."""
        changed = [form.instance for form in self.forms if form.has_changed()]
        ImpactRow.objects.bulk_update(changed, ImpactRowForm.Meta.fields)
        return changed


GridFormSet = modelformset_factory(
    ImpactRow, form=ImpactRowForm, formset=BaseGridFormSet, extra=0, can_delete=False, edit_only=True
)


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


def refuse_beyond_eia_limit(assessment, forms_and_boxes):
    """Refuse what the forms (each with the text boxes it edits) would save if it took the EIA past its limit."""
    refuse_beyond_record_limit(
        assessment,
        [saved_and_new_length(form, boxes) for form, boxes in forms_and_boxes],
        limit=EIA_TEXT_LIMIT,
        what="EIA",
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


class ReturnForm(councils.forms.ReturnForm):
    seen_by = "The author sees this on the assessment"


class ModerationForm(GDSFormMixin, forms.Form):
    limit_names = {"body": "the body's name", "comments": "comments"}

    body = forms.CharField(
        label="Which body moderated or scrutinised it?",
        max_length=300,
        help_text="For example, ‘Strategic Commissioning Directorate Equality Group’.",
        error_messages={"required": "Enter the body that moderated it"},
    )
    on = GOVUKDateField(what="the date of moderation", label="When did it meet?", help_text="For example, 14 7 2014")
    outcome = forms.ChoiceField(
        label="What did it conclude?",
        choices=ModerationOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the moderation concluded"},
    )
    comments = forms.CharField(label="Comments (optional)", widget=forms.Textarea, required=False)

    def __init__(self, *args, signed_off_on, **kwargs):
        super().__init__(*args, **kwargs)
        self.signed_off_on = signed_off_on

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on and on > timezone.localdate():
            raise forms.ValidationError(
                "The date of moderation must be today or in the past", code="future", params={"part": 0}
            )
        if on and self.signed_off_on and on < self.signed_off_on:
            raise forms.ValidationError(
                f"The date of moderation must be on or after the day the assessment was signed off, "
                f"{dateformat.format(self.signed_off_on, 'j F Y')}: an assessment is moderated once it is signed off",
                code="before_sign_off",
                params={"part": 0},
            )
        return on

    def get_layout(self):
        return Layout(
            Field.text("body"),
            Field("on"),
            Field.radios("outcome", legend_size=Size.SMALL),
            Field.textarea("comments", rows=4),
        )


class CoverageForm(GDSFormMixin, forms.Form):
    """A reason for each statutory characteristic the grid leaves out. Like RemembersWhatWasSeen, it carries the
    reasons as the person first saw them, so that a save after somebody else's merges, or shows the clashes."""

    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, uncovered, saved, **kwargs):
        self.names = [characteristic.value for characteristic in uncovered]
        self.saved = saved
        super().__init__(*args, initial=saved, **kwargs)
        for characteristic in uncovered:
            self.fields[characteristic.value] = forms.CharField(
                label=f"Why does the grid not consider {characteristic.label.lower()}?",
                widget=forms.Textarea,
                required=True,
                error_messages={"required": f"Say why the grid does not consider {characteristic.label.lower()}"},
            )
        if not self.is_bound:
            self.initial["seen"] = json.dumps({name: saved.get(name, "") for name in self.names})
        self.limit_names = {characteristic.value: "a reason" for characteristic in uncovered}
        self.lay_out()

    def get_layout(self):
        return Layout(*(Field.textarea(name, rows=3) for name in self.names))

    def _seen(self):
        try:
            seen = json.loads(self.data.get("seen") or "{}")
        except ValueError:
            return {}
        return seen if isinstance(seen, dict) else {}

    def reasons(self):
        return {name: self.cleaned_data[name].strip() for name in self.names}

    def has_changed(self):
        return self.reasons() != {name: self.saved.get(name, "") for name in self.names}

    def clashes(self, saved):
        """The reasons this person and somebody else both changed, differently, since this person opened the page."""
        seen, typed = self._seen(), self.reasons()
        return [name for name in self.names if len({seen.get(name, ""), typed[name], saved.get(name, "")}) == 3]

    def keep_others_changes(self, saved):
        """Take somebody else's reason wherever this person left it as they first saw it."""
        seen, typed = self._seen(), self.reasons()
        for name in self.names:
            if typed[name] == seen.get(name, ""):
                self.cleaned_data[name] = saved.get(name, "")


class GridRowForm(GDSFormMixin, CreatesOnce, forms.ModelForm):
    """A row of the council's impact grid, as a council admin words it on the council settings pages. Adding one
    carries a one-time key (Back then Save again adds nothing); changing one does not."""

    limit_names = {"guidance": "guidance"}

    guidance = forms.CharField(
        label="Guidance for authors",
        widget=forms.Textarea,
        required=False,
        max_length=2000,
        help_text="What an author should think about when filling in this row.",
    )
    covers = forms.MultipleChoiceField(
        choices=ProtectedCharacteristic.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Which protected characteristics of the Equality Act 2010 does it cover?",
        help_text="Choose none for a row the council adds of its own, such as carers or rural communities.",
    )
    is_active = forms.TypedChoiceField(
        label="Is the row offered in new EIAs?",
        choices=[("True", "Yes"), ("False", "No, it is retired")],
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
        help_text="EIAs already started keep their rows whatever you choose.",
        error_messages={"required": "Choose whether the row is offered in new EIAs"},
    )

    class Meta:
        model = Characteristic
        fields = ["label", "guidance", "covers", "is_active"]
        labels = {"label": "Name of the row"}
        help_texts = {"label": "For example ‘Disability’ or ‘Carers’."}
        error_messages = {
            "label": {"required": "Enter the name of the row", "max_length": "Enter a name of 300 characters or fewer"}
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["is_active"] = str(self.instance.is_active)
        if not self.instance.pk:
            del self.fields["is_active"]
        else:
            del self.fields["once"]

    def get_layout(self):
        return Layout(
            *(["once"] if "once" in self.fields else []),
            Field.text("label"),
            Field.textarea("guidance", rows=4),
            Field.checkboxes("covers", legend_size=Size.SMALL, small=True),
            *([Field.radios("is_active", legend_size=Size.SMALL, inline=True)] if "is_active" in self.fields else []),
        )


REVIEW_FILTERS = {
    "overdue": "Review overdue",
    "90": "Review due in the next 90 days",
    "365": "Review due in the next year",
}


class AssessmentFilters(QueryForm):
    q = forms.CharField(required=False, max_length=Assessment._meta.get_field("title").max_length)
    service = forms.IntegerField(required=False, min_value=1, max_value=LARGEST_ID)
    status = forms.ChoiceField(required=False, choices=Status.choices)
    review = forms.ChoiceField(required=False, choices=list(REVIEW_FILTERS.items()))
