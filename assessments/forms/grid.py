"""The impact grid: its rows as one formset, a row the author adds, and the reasons for the statutory characteristics
it leaves out."""

import json

from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseModelFormSet, modelformset_factory

from assessments.forms.details import refuse_beyond_eia_limit
from assessments.forms.questions import AnswersQuestions, asked_questions
from assessments.models import ImpactLevel, ImpactRow, Question
from councils.forms import GDSFormMixin, RemembersWhatWasSeen, TextLimits, saved_and_new_length
from councils.once import CreatesOnce
from councils.templatetags.text import mid_sentence

NO_LEVEL = [("", "No negative impact")]


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
            name: f"the {mid_sentence(self.Meta.labels[name])} for {self.instance.label}" for name in self.Meta.fields
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
                label=f"Why does the grid not consider {characteristic.phrase}?",
                widget=forms.Textarea,
                required=True,
                error_messages={"required": f"Say why the grid does not consider {characteristic.phrase}"},
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


class AddedRowForm(GDSFormMixin, CreatesOnce, forms.ModelForm):
    """A row the author adds to one EIA's grid, for a group the council's list lacks; rated on the grid page like
    any other row."""

    limit_names = {"label": "a name", "guidance": "a note"}

    guidance = forms.CharField(
        label="Note for whoever fills in the row (optional)",
        widget=forms.Textarea,
        required=False,
        max_length=2000,
        help_text="Who the group is, or what to think about, as the council's rows have guidance.",
    )

    class Meta:
        model = ImpactRow
        fields = ["label", "guidance"]
        labels = {"label": "Which group or area is the row for?"}
        help_texts = {"label": "For example ‘Armed forces community’, ‘Care leavers’ or ‘People on low incomes’."}
        error_messages = {
            "label": {
                "required": "Enter the group or area the row is for",
                "max_length": "Enter a name of 300 characters or fewer",
            }
        }

    def clean_label(self):
        # Two rows of one name would leave the grid, its form's labels and the PDF unable to say which is meant.
        label = self.cleaned_data["label"]
        said = " ".join(label.split()).casefold()
        for taken in self.instance.assessment.rows.values_list("label", flat=True):
            if " ".join(taken.split()).casefold() == said:
                raise ValidationError(
                    f"The grid already has a row ‘{taken}’: fill that row in on the impact grid, or name the group "
                    f"this row is for differently",
                    code="row_exists",
                )
        return label

    def get_layout(self):
        return Layout(Field.text("label"), Field.textarea("guidance", rows=3))


class GridQuestionsForm(GDSFormMixin, RemembersWhatWasSeen, AnswersQuestions, forms.Form):
    """The council's questions asked at the end of the impact grid, saved with the grid."""

    grid = None  # the grid's formset, saved with these answers

    def __init__(self, *args, instance, **kwargs):
        self.instance = instance
        self.questions = asked_questions(instance, Question.Place.GRID)
        super().__init__(*args, **kwargs)
        self.ask()
        self.lay_out()

    def saved_values(self, record):
        return self.saved_answers(record)

    def keep_saved(self, record, name, value):
        self.cleaned_data[name] = value

    def clean(self):
        cleaned = super().clean()
        # Answers whose text changed are counted with the grid's rows, saved with them: the rows alone were checked
        # by the grid's formset.
        saved, new = saved_and_new_length(self, self.answer_text_boxes())
        if saved != new:
            rows = self.grid.forms if self.grid is not None and self.grid.is_valid() else []
            refuse_beyond_eia_limit(
                self.instance, [*((form, ImpactRow.text_boxes) for form in rows), (self, self.answer_text_boxes())]
            )
        return cleaned

    def get_layout(self):
        return Layout("seen", *self.question_layout("The council's questions"))


class GridWithQuestions:
    """The grid's formset and the form of the questions at its end, checked and saved as one (edit_page reads a
    formset's errors from its `forms`)."""

    def __init__(self, formset, questions):
        self.formset, self.questions = formset, questions
        questions.grid = formset

    def is_valid(self):
        return all([self.formset.is_valid(), self.questions.is_valid()])

    def has_changed(self):
        return self.formset.has_changed() or self.questions.has_changed()

    @property
    def forms(self):
        return [*self.formset.forms, self.questions]

    def non_form_errors(self):
        return self.formset.non_form_errors()
