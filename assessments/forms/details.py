"""The EIA's own record: starting one, its details page, the limit on its text, and the filters of the list of EIAs."""

from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms
from django.contrib.auth import get_user_model

from assessments.forms.questions import AnswersQuestions, asked_questions, optional_label
from assessments.models import STANDARD_FIELDS, Assessment, Decision, Question, Status, SubjectType, asked_fields
from assessments.models.questions import EARLIEST_DATE, LATEST_DATE
from councils.fields import GOVUKDateField
from councils.forms import (
    EIA_TEXT_LIMIT,
    LARGEST_ID,
    GDSFormMixin,
    QueryForm,
    RemembersWhatWasSeen,
    offer_services,
    refuse_beyond_record_limit,
    saved_and_new_length,
)
from councils.once import CreatesOnce


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

    def __init__(self, *args, services, several=False, **kwargs):
        super().__init__(*args, **kwargs)
        offer_services(self.fields["service"], services, several=several)
        self.fields["subject_type"].choices = SubjectType.choices

    def get_layout(self):
        return Layout(
            Field.select("service"),
            Field.text("title"),
            Field.radios("subject_type", legend_size=Size.SMALL),
        )


class AssessmentDetailsForm(GDSFormMixin, AnswersQuestions, RemembersWhatWasSeen, forms.ModelForm):
    """The EIA's details: the common form, the standard optional fields its council asks, and the council's own
    questions of the details. What the council requires is checked on submitting, so a draft saves part-filled."""

    assessment_date = GOVUKDateField(
        what="the date of the assessment", between=(EARLIEST_DATE, LATEST_DATE), help_text="For example, 27 3 2026"
    )
    meeting_date = GOVUKDateField(
        what="the date of the meeting", between=(EARLIEST_DATE, LATEST_DATE), help_text="For example, 27 3 2026"
    )

    limit_names = {
        "title": "a title",
        "old_reference": "a reference",
        "aims": "the aims",
        "service_users": "who uses the service",
        "stakeholders": "the stakeholders",
        "lead_officer": "a lead officer",
        "commissioning_officers": "the commissioning officers",
        "evidence": "the evidence",
        "engagement": "the engagement",
        "decision_reason": "the reasons",
        "head_of_service": "a head of service",
        "directorate": "a directorate",
        "team": "a team",
        "decision_maker": "a decision-maker",
        "meeting_name": "a meeting",
        "budget_round": "a budget or savings round",
        "people_consulted": "the people consulted",
        "previous_eia_link": "a web address",
    }

    class Meta:
        model = Assessment
        fields = [
            "service",
            "title",
            "old_reference",
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
            *STANDARD_FIELDS,
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
            "old_reference": "Reference before EqA (optional)",
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
            "old_reference": "For an assessment written before EqA, in Word for example: the reference it had then. "
            "It is shown beside EqA's own reference.",
            "decision_maker": "Who takes the decision: a name, a job title or a committee.",
            "meeting_name": "For example, ‘Cabinet’ or ‘Adults Scrutiny Committee’.",
            "budget_round": "For example, ‘2026/27 budget’.",
            "people_consulted": "Who was consulted in writing this assessment.",
            "previous_eia_link": "Where the previous EIA of the same policy is, if it was not made in EqA.",
        }
        error_messages = {
            "service": {"required": "Choose the service the assessment is for"},
            "title": {"required": "Enter a title for the assessment"},
            "subject_type": {"required": "Choose what is being assessed"},
        }
        widgets = {
            "subject_type": forms.RadioSelect,
            "decision": forms.RadioSelect,
            "people_consulted": forms.Textarea,
        }

    def __init__(self, *args, services, **kwargs):
        instance = kwargs["instance"]
        # Read before the form remembers what the person sees: the fields and questions the council asks.
        self.asked = asked_fields(instance.council_id)
        self.questions = asked_questions(instance, Question.Place.DETAILS)
        super().__init__(*args, **kwargs)
        for name in STANDARD_FIELDS:
            if name not in self.asked:
                del self.fields[name]
            else:
                self.fields[name].required = False
                self.fields[name].label = optional_label(STANDARD_FIELDS[name], self.asked[name])
        self.ask()
        offer_services(self.fields["service"], services)
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
        self.lay_out()  # with the fields and questions the council asks

    def saved_fields(self):
        """The EIA's fields the form saves: the common ones and the standard ones the council asks."""
        return [name for name in self.Meta.fields if name in self.fields]

    def saved_values(self, record):
        return {
            **{name: value for name, value in super().saved_values(record).items() if name in self.fields},
            **self.saved_answers(record),
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == Decision.CONTINUE and not cleaned.get("decision_reason", "").strip():
            self.add_error("decision_reason", "Explain why continuing despite the adverse impact is justified")
        refuse_beyond_eia_limit(self.instance, [(self, [*Assessment.text_boxes, *self.answer_text_boxes()])])
        return cleaned

    def get_layout(self):
        return Layout(
            Fieldset(
                Field.select("service"),
                Field.text("title"),
                Field.text("old_reference", field_width=20),
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
            *self._standard_layout(),
            *self.question_layout("The council's questions"),
            Fieldset(Field.text("head_of_service"), legend="Sign-off", legend_size=Size.MEDIUM),
        )

    def _standard_layout(self):
        asked = [name for name in STANDARD_FIELDS if name in self.fields]
        if not asked:
            return []
        widths = {"people_consulted": Field.textarea, "assessment_date": Field, "meeting_date": Field}
        return [
            Fieldset(
                *(widths.get(name, Field.text)(name) for name in asked),
                legend="More about the assessment",
                legend_size=Size.MEDIUM,
            )
        ]


def refuse_beyond_eia_limit(assessment, forms_and_boxes):
    """Refuse what the forms (each with the text boxes it edits) would save if it took the EIA past its limit."""
    refuse_beyond_record_limit(
        assessment,
        [saved_and_new_length(form, boxes) for form, boxes in forms_and_boxes],
        limit=EIA_TEXT_LIMIT,
        what="EIA",
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
    # The screenings' table below the EIAs' turns its pages on its own.
    screenings_page = forms.IntegerField(required=False, min_value=1, max_value=LARGEST_ID)
