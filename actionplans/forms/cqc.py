"""Recording a council's CQC local authority assessment result: its date, a score for each of the nine
current quality statements (grouped by theme) with optional key findings, and an optional summary."""

from crispy_forms_gds.layout import HTML, Field, Layout, Size
from django import forms
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.functional import cached_property
from django.utils.html import escape, format_html
from simple_history.utils import bulk_create_with_history

from actionplans.models import CqcResult, StatementScore
from councils.fields import GOVUKDateField
from councils.forms import GDSFormMixin, RemembersWhatWasSeen
from councils.once import CreatesOnce


class CqcResultForm(GDSFormMixin, RemembersWhatWasSeen, CreatesOnce, forms.Form):
    limit_names = {"title": "a title", "summary": "a summary"}

    council = forms.ModelChoiceField(
        queryset=None,
        label="Which council is it for?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the council the assessment is for",
            "invalid_choice": "Choose one of your councils",
        },
    )
    title = forms.CharField(
        label="Title",
        max_length=300,
        initial=CqcResult._meta.get_field("title").default,
        help_text="For example, ‘CQC local authority assessment’.",
        error_messages={"required": "Enter a title for the assessment"},
    )
    assessed_on = GOVUKDateField(
        what="the date of the assessment",
        label="Date of the assessment",
        help_text="The date CQC's report gives, for example 27 3 2024.",
    )
    summary = forms.CharField(
        label="Summary (optional)",
        required=False,
        widget=forms.Textarea,
        help_text="For example, CQC's summary of people's experiences.",
    )

    def __init__(self, *args, councils, statements, correcting=None, **kwargs):
        """councils: a queryset of the councils the person may record for; statements: the current quality
        statements, in theme order, with their themes; correcting: a result to correct (it stays with its
        council), whose saved values the form starts from, and remembers as first seen (RemembersWhatWasSeen), so
        that a correction saved in between merges, or shows what clashes."""
        self.statements = list(statements)
        self.instance = correcting
        if correcting is not None:
            kwargs["initial"] = _saved(correcting, self)
        super().__init__(*args, **kwargs)  # lays out the fields it has so far; laid out again below
        self._councils = list(councils)
        if len(self._councils) > 1 and correcting is None:
            self.fields["council"].queryset = councils
        else:
            del self.fields["council"]
        if correcting is None:
            del self.fields["seen"]
        summary = self.fields.pop("summary")
        for statement in self.statements:
            name = escape(statement.name)
            self.fields[self.score_field(statement)] = forms.TypedChoiceField(
                label=name,
                choices=StatementScore.Score.choices,
                coerce=int,
                widget=forms.RadioSelect,
                help_text=escape(statement.we_statement),
                error_messages={
                    "required": f"Choose a score for {statement.name}",
                    "invalid_choice": f"Choose a score from 1 to 4 for {statement.name}",
                },
            )
            self.fields[self.findings_field(statement)] = forms.CharField(
                label=format_html("Key findings for {} (optional)", statement.name),
                required=False,
                widget=forms.Textarea,
            )
        self.fields["summary"] = summary
        self.limit_names = {
            **self.limit_names,
            **{self.findings_field(statement): f"key findings for {statement.name}" for statement in self.statements},
        }
        self.lay_out()

    def saved_values(self, result):
        """What each field says as `result` is saved: its title, date and summary, and each statement's score (None
        when it has none) and key findings. Nothing for a result still to be recorded."""
        if result is None:
            return {}
        scores = {score.quality_statement_id: score for score in result.scores.all()}
        values = {"title": result.title, "assessed_on": result.assessed_on}
        for statement in self.statements:
            score = scores.get(statement.pk)
            values[self.score_field(statement)] = score.score if score else None
            values[self.findings_field(statement)] = score.key_findings if score else ""
        values["summary"] = result.summary
        return values

    def keep_saved(self, record, name, value):
        self.cleaned_data[name] = value

    def has_changed(self):
        """A correction changes something when what it says differs from what is saved (text as it is kept:
        without the spaces around it)."""
        if self.instance is None:
            return super().has_changed()
        return any(self.cleaned_data.get(name) != saved for name, saved in self.saved_values(self.instance).items())

    def question(self, name):
        """A field as the side-by-side differences name it: a score by its statement, as History does."""
        statement = self._scored.get(name)
        return f"Score for {statement.name}" if statement else self[name].label

    def shown(self, name, value):
        """A value of a field as a person reads it: a date in words, a score with its wording."""
        if value is None or value == "":
            return ""
        if name == "assessed_on":
            return format_date(value, "j F Y")
        return StatementScore.Score(value).label if name in self._scored else value

    @cached_property
    def _scored(self):
        return {self.score_field(statement): statement for statement in self.statements}

    @staticmethod
    def score_field(statement):
        return f"score_{statement.pk}"

    @staticmethod
    def findings_field(statement):
        return f"findings_{statement.pk}"

    def clean_assessed_on(self):
        assessed_on = self.cleaned_data["assessed_on"]
        if assessed_on and assessed_on > timezone.localdate():
            raise forms.ValidationError("The date of the assessment must be today or in the past", params={"part": 0})
        return assessed_on

    def get_layout(self):
        parts = []
        if "council" in self.fields:
            parts.append(Field.radios("council", legend_size=Size.SMALL))
        parts += [Field.text("title"), Field("assessed_on")]
        theme = None
        for statement in self.statements:
            if statement.theme_id != theme:
                theme = statement.theme_id
                parts.append(
                    HTML(
                        format_html(
                            '<h2 class="govuk-heading-m govuk-!-margin-top-8">Theme {}: {}</h2>',
                            statement.theme.number,
                            statement.theme.name,
                        )
                    )
                )
            parts += [
                Field.radios(self.score_field(statement), legend_size=Size.SMALL),
                Field.textarea(self.findings_field(statement), rows=5),
            ]
        parts += [
            HTML('<h2 class="govuk-heading-m govuk-!-margin-top-8">Summary</h2>'),
            Field.textarea("summary", rows=8),
        ]
        return Layout(*parts)

    def council_chosen(self):
        return self.cleaned_data["council"] if "council" in self.fields else self._councils[0]

    def save(self, *, by, framework):
        """The result and its scores. The caller holds the transaction."""
        data = self.cleaned_data
        result = CqcResult(
            council=self.council_chosen(),
            framework=framework,
            title=data["title"].strip(),
            assessed_on=data["assessed_on"],
            summary=data["summary"].strip(),
            created_by=by,
        )
        result._history_user = by
        result.save()
        bulk_create_with_history(
            [
                StatementScore(
                    result=result,
                    quality_statement=statement,
                    score=data[self.score_field(statement)],
                    key_findings=data[self.findings_field(statement)].strip(),
                )
                for statement in self.statements
            ],
            StatementScore,
            default_user=by,
        )
        return result

    def save_correction(self, result, *, by):
        """Save what differs from `result`, locked for the correction (actionplans.services.cqc_result_correct);
        History says what changed. Returns whether anything was changed."""
        keep_as_first_recorded(result, result)
        data = self.cleaned_data
        typed = {"title": data["title"].strip(), "assessed_on": data["assessed_on"], "summary": data["summary"].strip()}
        changed = [name for name, value in typed.items() if getattr(result, name) != value]
        if changed:
            for name in changed:
                setattr(result, name, typed[name])
            result._history_user = by
            result.save(update_fields=changed)
        scores = {score.quality_statement_id: score for score in result.scores.all()}
        corrected = bool(changed)
        for statement in self.statements:
            score = scores.get(statement.pk) or StatementScore(result=result, quality_statement=statement)
            now = {
                "score": data[self.score_field(statement)],
                "key_findings": data[self.findings_field(statement)].strip(),
            }
            if score.pk is None or any(getattr(score, name) != value for name, value in now.items()):
                keep_as_first_recorded(score, result)
                for name, value in now.items():
                    setattr(score, name, value)
                score._history_user = by
                score.save()
                corrected = True
        return corrected


def _saved(result, form):
    """The form's fields as the result is saved: the date as the GOV.UK date input's day, month and year."""
    initial = form.saved_values(result)
    initial["assessed_on"] = [result.assessed_on.day, result.assessed_on.month, result.assessed_on.year]
    return initial


def keep_as_first_recorded(record, result):
    """A result recorded before results kept their history has none: keep `record` (the result or one of its
    scores) as it was first recorded, so that History can say what a correction changed."""
    historical = type(record).history.model
    if record.pk is None or historical.objects.filter(id=record.pk).exists():
        return
    names = {field.attname for field in historical._meta.concrete_fields}
    historical.objects.create(
        **{
            field.attname: getattr(record, field.attname)
            for field in record._meta.concrete_fields
            if field.attname in names
        },
        history_date=result.created_at,
        history_type="+",
        history_user_id=result.created_by_id,
    )
