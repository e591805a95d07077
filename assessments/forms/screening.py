"""A screening's forms: starting one, its details, its answers (one formset, as the impact grid is), and the
approver's reason when they require a full EIA."""

from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.forms import BaseModelFormSet, modelformset_factory

import councils.forms
from assessments.forms.questions import AnswersQuestions, asked_questions
from assessments.models import Question, Screening, ScreeningAnswer, ScreeningAnswerChoice
from councils.forms import GDSFormMixin, RemembersWhatWasSeen, TextLimits, offer_services
from councils.once import CreatesOnce

LABELS = {
    "service": "Which service is it for?",
    "title": "What is the proposal called?",
    "proposal": "What is proposed?",
    "affects": "Who does it affect?",
    "conclusion": "Why is no full EIA needed? (only when every answer is No)",
}
HELP = {
    "title": "Name the policy, service or decision, for example ‘Day opportunities review’.",
    "proposal": "What will change, and why.",
    "affects": "Who uses the service or will feel the change, and how many.",
    "conclusion": "When no adverse impact is likely for any group, say why, for the approver who decides.",
}
ERRORS = {
    "service": {"required": "Choose the service the screening is for"},
    "title": {"required": "Enter a title for the screening"},
}
LIMIT_NAMES = {
    "title": "a title",
    "proposal": "what is proposed",
    "affects": "who it affects",
    "conclusion": "your reason",
}


class StartScreeningForm(GDSFormMixin, CreatesOnce, forms.ModelForm):
    limit_names = LIMIT_NAMES

    class Meta:
        model = Screening
        fields = ["service", "title", "proposal", "affects"]
        labels, help_texts, error_messages = LABELS, HELP, ERRORS

    def __init__(self, *args, services, several=False, **kwargs):
        super().__init__(*args, **kwargs)
        offer_services(self.fields["service"], services, several=several)

    def get_layout(self):
        return Layout(
            Field.select("service"), Field.text("title"), Field.textarea("proposal"), Field.textarea("affects")
        )


class ScreeningDetailsForm(GDSFormMixin, AnswersQuestions, RemembersWhatWasSeen, forms.ModelForm):
    """The screening's details, and the answers to the council's questions of the screening. What the council
    requires is checked on submitting, so a draft saves part-filled."""

    limit_names = LIMIT_NAMES

    class Meta:
        model = Screening
        fields = ["service", "title", "proposal", "affects", "conclusion"]
        labels, help_texts, error_messages = LABELS, HELP, ERRORS

    def __init__(self, *args, services, **kwargs):
        # Read before the form remembers what the person sees: the questions the council asks.
        self.questions = asked_questions(kwargs["instance"], Question.Place.SCREENING)
        super().__init__(*args, **kwargs)
        self.ask()
        offer_services(self.fields["service"], services)
        self.lay_out()  # with the questions the council asks

    def saved_values(self, record):
        return {**super().saved_values(record), **self.saved_answers(record)}

    def get_layout(self):
        return Layout(
            Field.select("service"),
            Field.text("title"),
            Field.textarea("proposal"),
            Field.textarea("affects"),
            Field.textarea("conclusion"),
            *self.question_layout("The council's questions"),
        )


class ScreeningAnswerForm(TextLimits, RemembersWhatWasSeen, forms.ModelForm):
    """One row of the screening; the page writes its GOV.UK markup itself, as the impact grid's does."""

    class Meta:
        model = ScreeningAnswer
        fields = ["answer", "reason"]
        widgets = {"answer": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label = self.instance.label
        self.fields["answer"].choices = ScreeningAnswerChoice.choices
        self.fields["answer"].label = f"Is there likely to be an adverse impact on {label}?"
        self.fields["reason"].label = f"Reason for your answer on {label}"
        self.limit_names = {"reason": f"the reason for {label}"}
        self.limit_text()

    def validate_unique(self):
        pass


class BaseAnswersFormSet(BaseModelFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["id"] = forms.IntegerField(widget=forms.HiddenInput, required=False, initial=form.instance.pk)

    def clean(self):
        super().clean()
        if any(form.instance.pk is None for form in self.forms):
            raise forms.ValidationError(
                "The rows of this screening have changed since you opened it. Copy what you typed, reload the page "
                "and enter it again.",
                code="rows_changed",
            )


AnswersFormSet = modelformset_factory(
    ScreeningAnswer, form=ScreeningAnswerForm, formset=BaseAnswersFormSet, extra=0, can_delete=False, edit_only=True
)


class ScreeningReturnForm(councils.forms.ReturnForm):
    seen_by = "The author sees this on the screening"


class RequireFullEiaForm(GDSFormMixin, forms.Form):
    limit_names = {"reason": "a reason"}

    reason = forms.CharField(
        label="Why is a full EIA needed?",
        widget=forms.Textarea,
        help_text="The author sees this on the screening and its full EIA.",
        error_messages={"required": "Say why a full EIA is needed, so the author knows what to assess"},
    )

    def get_layout(self):
        return Layout(Field.textarea("reason", rows=5))
