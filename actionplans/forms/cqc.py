"""Recording a CQC local authority assessment result, the council's own or another council's to compare with: its
dates, a score for any of the nine current quality statements (grouped by theme) that CQC's report or press release
scores, with optional key findings, and an optional summary."""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import HTML, Field, Layout, Size
from django import forms
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.functional import cached_property
from django.utils.html import escape, format_html
from django.utils.text import capfirst
from simple_history.utils import bulk_create_with_history

from actionplans.models import CqcResult, StatementScore
from councils.fields import GOVUKDateField
from councils.forms import GDSFormMixin, RemembersWhatWasSeen
from councils.once import CreatesOnce

OWN, OTHER = "own", "other"
NOT_SCORED = "Not scored in this report"


class CqcResultForm(GDSFormMixin, RemembersWhatWasSeen, CreatesOnce, forms.Form):
    limit_names = {"title": "a title", "summary": "a summary", "assessed_council": "the other council's name"}

    council = forms.ModelChoiceField(
        queryset=None,
        label="Which of your councils is recording it?",
        help_text="Only that council's people will see it.",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose which of your councils is recording it",
            "invalid_choice": "Choose one of your councils",
        },
    )
    whose = forms.ChoiceField(
        label="Whose result is it?",
        choices=[(OWN, "Your council's own"), (OTHER, "Another council's, to compare with")],
        initial=OWN,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whose result it is",
            "invalid_choice": "Choose your council's own or another council's",
        },
    )
    assessed_council = forms.CharField(
        label="Name of the other council",
        required=False,
        max_length=CqcResult._meta.get_field("assessed_council").max_length,
        help_text="Only for another council's result: its name as CQC gives it, for example Gloucestershire County "
        "Council.",
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
    published_on = GOVUKDateField(
        what="the date the report was published",
        label="Date the report was published",
        help_text="The date CQC published its report, for example 31 1 2025.",
    )
    summary = forms.CharField(
        label="Summary (optional)",
        required=False,
        widget=forms.Textarea,
        help_text="For example, CQC's summary of people's experiences.",
    )

    def __init__(self, *args, councils, framework, statements, correcting=None, **kwargs):
        """councils: a queryset of the councils the person may record for; framework: the CQC framework the result
        is scored against, whose first day is the earliest an assessment can be; statements: its current quality
        statements, in theme order, with their themes; correcting: a result to correct (it stays with its
        council), whose saved values the form starts from, and remembers as first seen (RemembersWhatWasSeen), so
        that a correction saved in between merges, or shows what clashes."""
        self.statements = list(statements)
        self.earliest = framework.effective_from
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
                choices=SCORES,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                help_text=escape(statement.we_statement),
                error_messages={"invalid_choice": f"Choose a score from 1 to 4 for {statement.name}"},
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
        """What each field says as `result` is saved: whose result it is, its title, dates and summary, and each
        statement's score (None when it has none) and key findings. Nothing for a result still to be recorded."""
        if result is None:
            return {}
        scores = {score.quality_statement_id: score for score in result.scores.all()}
        values = {
            "whose": OTHER if result.is_comparison else OWN,
            "assessed_council": result.assessed_council,
            "title": result.title,
            "assessed_on": result.assessed_on,
            "published_on": result.published_on,
        }
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
        """A value of a field as a person reads it: a date in words, a choice or a score with its wording."""
        if value is None or value == "":
            return NOT_SCORED if name in self._scored else ""
        if name in ("assessed_on", "published_on"):
            return format_date(value, "j F Y")
        if name == "whose":
            return dict(self.fields["whose"].choices)[value]
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

    def _in_sense(self, name):
        """A date neither in the future nor before CQC's framework took effect."""
        day = self.cleaned_data[name]
        if day and day > timezone.localdate():
            raise forms.ValidationError(
                f"{capfirst(self.fields[name].named)} must be today or in the past", params={"part": 0}
            )
        if day and day < self.earliest:
            raise forms.ValidationError(
                f"{capfirst(self.fields[name].named)} must be {format_date(self.earliest, 'j F Y')} or later, when "
                "CQC's assessments of councils began",
                params={"part": 2},
            )
        return day

    def clean_assessed_on(self):
        return self._in_sense("assessed_on")

    def clean_published_on(self):
        return self._in_sense("published_on")

    def clean_assessed_council(self):
        return " ".join(self.cleaned_data["assessed_council"].split())

    def clean(self):
        data = super().clean()
        self._check_whose(data)
        assessed_on, published_on = data.get("assessed_on"), data.get("published_on")
        if assessed_on and published_on and published_on < assessed_on:
            self.add_error(
                "published_on",
                forms.ValidationError(
                    "The date the report was published must be the same as or after the date of the assessment, "
                    f"{format_date(assessed_on, 'j F Y')}",
                    params={"part": 0},
                ),
            )
        fields = [self.score_field(statement) for statement in self.statements]
        if fields and not any(data.get(name) is not None or name in self.errors for name in fields):
            self.add_error(fields[0], "Choose a score for at least one quality statement")
        return data

    def _check_whose(self, data):
        if "assessed_council" in self.errors:
            return
        name, whose = data.get("assessed_council", ""), data.get("whose")
        if whose == OTHER and not name:
            self.add_error("assessed_council", "Enter the name of the other council")
        elif whose == OWN and name:
            self.add_error(
                "assessed_council",
                "Choose ‘Another council's, to compare with’ for another council's result, or delete the name",
            )
        elif (
            whose == OTHER and "council" not in self.errors and name.casefold() == self.council_chosen().name.casefold()
        ):
            self.add_error("assessed_council", f"{name} is your council: choose ‘Your council's own’ instead")

    def get_layout(self):
        parts = []
        if "council" in self.fields:
            parts.append(Field.radios("council", legend_size=Size.SMALL))
        parts += [
            Field.radios("whose", legend_size=Size.SMALL),
            Field.text("assessed_council"),
            Field.text("title"),
            Field("assessed_on"),
            Field("published_on"),
        ]
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

    def _typed(self):
        """The result's own fields as typed."""
        data = self.cleaned_data
        return {
            "assessed_council": data["assessed_council"] if data["whose"] == OTHER else "",
            "title": data["title"].strip(),
            "assessed_on": data["assessed_on"],
            "published_on": data["published_on"],
            "summary": data["summary"].strip(),
        }

    def save(self, *, by, framework):
        """The result and the scores given. The caller holds the transaction."""
        data = self.cleaned_data
        result = CqcResult(council=self.council_chosen(), framework=framework, created_by=by, **self._typed())
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
                if data[self.score_field(statement)] is not None
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
        typed = self._typed()
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
            if now["score"] is None:
                if score.pk is not None:  # the report gives no score for it after all
                    keep_as_first_recorded(score, result)
                    score._history_user = by
                    score.delete()
                    corrected = True
                continue
            if score.pk is None or any(getattr(score, name) != value for name, value in now.items()):
                keep_as_first_recorded(score, result)
                if score.pk is None:
                    score._change_reason = StatementScore.ADDED_BY_CORRECTION
                for name, value in now.items():
                    setattr(score, name, value)
                score._history_user = by
                score.save()
                corrected = True
        return corrected


# The four scores, and a way to say that the report gives none: a radio once chosen cannot be unchosen.
SCORES = [
    *StatementScore.Score.choices[:-1],
    Choice(*StatementScore.Score.choices[-1], divider="or"),
    Choice("", NOT_SCORED),
]


def _saved(result, form):
    """The form's fields as the result is saved: each date as the GOV.UK date input's day, month and year."""
    initial = form.saved_values(result)
    for name in ("assessed_on", "published_on"):
        day = initial[name]
        initial[name] = [day.day, day.month, day.year] if day else None
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
