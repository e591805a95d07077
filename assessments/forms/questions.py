"""The council's own questions: asked in an EIA's forms (AnswersQuestions), and worded, ordered and retired by a
council admin on the council settings pages, as are the standard optional fields it asks."""

from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms

from assessments.models import STANDARD_FIELDS, Answer, FieldState, Question
from assessments.models.questions import EARLIEST_DATE, LATEST_DATE, snapshot
from councils.conflicts import differences
from councils.fields import GOVUKDateField
from councils.forms import GDSFormMixin
from councils.once import CreatesOnce
from councils.templatetags.text import mid_sentence, shorten

SHORT_ANSWER, LONG_ANSWER, REASON = 500, 5000, 2000
YES_NO = [("True", "Yes"), ("False", "No")]


def optional_label(text, required):
    return text if required else f"{text} (optional)"


def _reason_name(question):
    return f"{question.field_name}_reason"


def _date_named(question):
    """A date question as its messages name it, as a page may ask several: "Date the contract starts must be a real
    date"; one worded as a question, "The answer to ‘When does the contract start?’ must be a real date"."""
    text = shorten(question.text, 100)
    return f"the answer to ‘{text}’" if question.text.rstrip().endswith("?") else mid_sentence(text)


class AnswersQuestions:
    """A form that asks the council's active questions of one place, each answer under the field
    `question_<pk>` (and `question_<pk>_reason` for a yes or no), remembered as seen like the form's other fields.

    Set `self.questions` (the questions asked, in order) before the form's __init__, then call `ask()` after it."""

    questions = ()
    _own_answers = None

    def ask(self):
        if not self.questions:
            return
        answers = self._answers(self.instance)
        for question in self.questions:
            answer = answers.get(question.pk)
            label, hint = optional_label(question.text, question.required), question.hint
            name = question.field_name
            if question.kind == Question.Kind.YES_NO:
                self.fields[name] = forms.TypedChoiceField(
                    label=label,
                    help_text=hint,
                    choices=YES_NO,
                    coerce=lambda value: value == "True",
                    empty_value=None,
                    widget=forms.RadioSelect,
                    required=False,
                )
                self.fields[_reason_name(question)] = forms.CharField(
                    label=f"Why? ({question.text})",
                    widget=forms.Textarea,
                    max_length=REASON,
                    required=False,
                )
            elif question.kind == Question.Kind.DATE:
                self.fields[name] = GOVUKDateField(
                    what=_date_named(question),
                    between=(EARLIEST_DATE, LATEST_DATE),
                    label=label,
                    help_text=hint or "For example, 27 3 2026",
                    required=False,
                )
            else:
                long = question.kind == Question.Kind.LONG
                self.fields[name] = forms.CharField(
                    label=label,
                    help_text=hint,
                    widget=forms.Textarea if long else forms.TextInput,
                    max_length=LONG_ANSWER if long else SHORT_ANSWER,
                    required=False,
                )
            for field, value in self._values(question, answer).items():
                if field in self.fields and value not in (None, ""):
                    self.initial[field] = str(value) if isinstance(value, bool) else value

    def question_layout(self, legend):
        if not self.questions:
            return []
        items = []
        for question in self.questions:
            name = question.field_name
            if question.kind == Question.Kind.YES_NO:
                items += [
                    Field.radios(name, legend_size=Size.SMALL, inline=True),
                    Field.textarea(_reason_name(question), rows=3),
                ]
            elif question.kind == Question.Kind.DATE:
                items.append(Field(name))
            elif question.kind == Question.Kind.LONG:
                items.append(Field.textarea(name, rows=5))
            else:
                items.append(Field.text(name))
        return [Fieldset(*items, legend=legend, legend_size=Size.MEDIUM)]

    def keep_saved(self, record, name, value):
        """Take another person's saved answer (RemembersWhatWasSeen); the form comes before RemembersWhatWasSeen."""
        if name in self.answer_fields():
            self.cleaned_data[name] = value
        else:
            super().keep_saved(record, name, value)

    def _answers(self, record):
        """{question pk: answer} as `record` has them saved. The form's own record is read once, for both the
        fields' first values and what the person saw; another (the record as saved now, in a clash) afresh."""
        if record.pk is None:
            return {}
        if record is self.instance and self._own_answers is not None:
            return self._own_answers
        answers = {answer.question_id: answer for answer in Answer.objects.filter(**Answer.of(record))}
        if record is self.instance:
            self._own_answers = answers
        return answers

    @staticmethod
    def _values(question, answer):
        """{form field: the answer's value} for one question; empty when it has no answer."""
        if question.kind == Question.Kind.YES_NO:
            return {
                question.field_name: answer.yes_no if answer else None,
                _reason_name(question): answer.reason if answer else "",
            }
        if question.kind == Question.Kind.DATE:
            return {question.field_name: answer.date if answer else None}
        return {question.field_name: answer.text if answer else ""}

    def saved_answers(self, record):
        if not self.questions:
            return {}
        answers = self._answers(record)
        return {
            field: value
            for question in self.questions
            for field, value in self._values(question, answers.get(question.pk)).items()
        }

    def clash_table(self, current):
        """(what, typed, saved) of each field both this person and somebody else changed, for edit_page."""
        answers = self.saved_answers(current)
        return differences(
            (self[name], self.cleaned_data.get(name), answers[name] if name in answers else getattr(current, name))
            for name in self.clashes(current)
        )

    def answer_text_boxes(self):
        """The answers' fields of text, which count toward the EIA's limit on its text as Answer.text_boxes do."""
        return [
            _reason_name(question) if question.kind == Question.Kind.YES_NO else question.field_name
            for question in self.questions
            if question.kind != Question.Kind.DATE
        ]

    def answer_fields(self):
        return {field for question in self.questions for field in self._values(question, None)}

    def save_answers(self, record):
        """Save the answers the person changed to the EIA or screening `record`, each with its question as it is
        asked now."""
        changed = set(self.changed_data)
        for question in self.questions:
            fields = self._values(question, None)
            if not changed & set(fields):
                continue
            values = {"text": "", "yes_no": None, "reason": "", "date": None, **snapshot(question)}
            if question.kind == Question.Kind.YES_NO:
                values["yes_no"] = self.cleaned_data.get(question.field_name)
                values["reason"] = self.cleaned_data.get(_reason_name(question)) or ""
            elif question.kind == Question.Kind.DATE:
                values["date"] = self.cleaned_data.get(question.field_name)
            else:
                values["text"] = self.cleaned_data.get(question.field_name) or ""
            Answer.objects.update_or_create(**Answer.of(record), question=question, defaults=values)


def asked_questions(record, place):
    """The council's questions of `place` a draft EIA or screening asks: those not retired, in order."""
    return list(
        Question.objects.filter(council=record.council_id, place=place, is_active=True).order_by("position", "id")
    )


class StandardFieldsForm(GDSFormMixin, forms.Form):
    """Which standard optional fields the council asks in its EIAs, and which must be filled before submitting."""

    def __init__(self, *args, states, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in STANDARD_FIELDS.items():
            self.fields[name] = forms.ChoiceField(
                label=label,
                choices=FieldState.choices,
                widget=forms.RadioSelect,
                error_messages={"required": f"Choose whether EIAs ask for the {mid_sentence(label)}"},
            )
            self.initial[name] = states.get(name, FieldState.OFF)
        self.lay_out()

    def get_layout(self):
        return Layout(*(Field.radios(name, legend_size=Size.SMALL) for name in STANDARD_FIELDS))


class QuestionForm(GDSFormMixin, CreatesOnce, forms.ModelForm):
    """A question of the council's own. Where it is asked and its kind of answer are chosen when it is added: an
    answer given keeps its kind."""

    limit_names = {"text": "a question", "hint": "a hint"}

    required = forms.TypedChoiceField(
        label="Must it be answered before the screening or EIA is submitted?",
        choices=[("True", "Yes, it is required"), ("False", "No, it is optional")],
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the question must be answered"},
    )

    class Meta:
        model = Question
        fields = ["place", "kind", "text", "hint", "required"]
        labels = {
            "place": "Where is it asked?",
            "kind": "What kind of answer does it take?",
            "text": "Question",
            "hint": "Hint (optional)",
        }
        help_texts = {
            "text": "For example, ‘Has the Welsh language been considered?’",
            "hint": "A sentence under the question that helps people answer it.",
        }
        error_messages = {
            "place": {"required": "Choose where the question is asked"},
            "kind": {"required": "Choose what kind of answer it takes"},
            "text": {"required": "Enter the question"},
        }
        widgets = {"place": forms.RadioSelect, "kind": forms.RadioSelect, "hint": forms.Textarea}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = Question.Place.choices
        self.fields["kind"].choices = Question.Kind.choices
        if self.instance.pk:
            self.initial["required"] = str(self.instance.required)
            del self.fields["place"], self.fields["kind"], self.fields["once"]
        self.lay_out()

    def get_layout(self):
        return Layout(
            *(["once"] if "once" in self.fields else []),
            *([Field.radios("place", legend_size=Size.SMALL)] if "place" in self.fields else []),
            Field.text("text"),
            Field.textarea("hint", rows=2),
            *([Field.radios("kind", legend_size=Size.SMALL)] if "kind" in self.fields else []),
            Field.radios("required", legend_size=Size.SMALL, inline=True),
        )
