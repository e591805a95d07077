"""What each column of a plan file is: the form of an upload's columns, and of a council's remembered choices; and
what each status a file writes is read as."""

import json

from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.utils.html import escape

from actionplans.importer import (
    CHOICE_NAMES,
    COLUMN_NAMES,
    EXTRA,
    IGNORE,
    choice_problems,
    columns_for,
    heading,
    letter,
    required_columns,
)
from actionplans.importer.problems import listed, quote
from actionplans.models import ImportStatusValue, StatusWord
from councils.forms import GDSFormMixin, RemembersWhatWasSeen

EMPTY_CHOICE = ("", "Choose what it is")


class ColumnsForm(GDSFormMixin, RemembersWhatWasSeen, forms.Form):
    """A select a column with a heading: one of EqA's fields, an extra field, or ignore. A column with no heading is
    left out (it has nothing to name an extra field by). The council's remembered choices (`mapping`, None when
    there are none) are what the form remembers as first seen, so that somebody else's change of them, saved
    in between, merges or is shown beside this person's (RemembersWhatWasSeen)."""

    def __init__(self, *args, headers, choices, mapping=None, samples=None, framework=None, **kwargs):
        """headers: the file's header row; choices: what each column is to start with (None: not chosen);
        samples: {column index: its first values}, shown under the choice; framework: the plan's, when the file is
        for a plan: its columns are offered in its words ("Area" for its themes), those it needs are required, and
        those it has no place for are not offered."""
        self.headers, self.start = list(headers), list(choices)
        self.required = required_columns(framework) if framework else None
        names = {key: name for key, name, _, _ in columns_for(framework)} if framework else COLUMN_NAMES
        offered = {**names, EXTRA: CHOICE_NAMES[EXTRA], IGNORE: CHOICE_NAMES[IGNORE]}
        self.instance = mapping
        self.shown = [index for index, text in enumerate(self.headers) if str(text).strip()]
        kwargs["initial"] = {self.field_name(index): self.start[index] or "" for index in self.shown}
        super().__init__(*args, **kwargs)
        for index in self.shown:
            self.fields[self.field_name(index)] = forms.ChoiceField(
                # The page shows labels and hints as HTML: a file's words are escaped.
                label=escape(str(self.headers[index]).strip()),
                choices=[EMPTY_CHOICE, *offered.items()],
                help_text=escape(self._hint(index, None if samples is None else samples.get(index, []))),
                error_messages={
                    "required": f"Choose what {heading(self.headers, index)} is, or ignore it",
                    "invalid_choice": f"Choose what {heading(self.headers, index)} is from the list",
                },
            )
        self.lay_out()

    @staticmethod
    def field_name(index):
        return f"column_{index}"

    @staticmethod
    def _hint(index, values):
        """The column's letter, and its first values when there is a file to show them from (`values` not None)."""
        column = f"Column {letter(index)}"
        if values is None:
            return f"{column}."
        if not values:
            return f"{column}. It is empty in every row."
        return f"{column}. For example, {' and '.join(quote(value, 40) for value in values)}."

    def saved_values(self, mapping):
        """Each column's choice as `mapping` has it; with none remembered, as the form started."""
        choices = self.start if mapping is None else self._fitted(mapping.choices)
        return {self.field_name(index): choices[index] or "" for index in self.shown}

    def _fitted(self, choices):
        return [*choices, *[None] * (len(self.headers) - len(choices))][: len(self.headers)]

    def keep_saved(self, record, name, value):
        self.cleaned_data[name] = value

    def has_changed(self):
        saved = self.saved_values(self.instance)
        return any(self.cleaned_data.get(name) != value for name, value in saved.items())

    def choices(self):
        """What each column is, as chosen: a column with no heading is ignored."""
        return [self.cleaned_data.get(self.field_name(index), IGNORE) for index in range(len(self.headers))]

    def clean(self):
        cleaned = super().clean()
        if all(self.field_name(index) in cleaned for index in self.shown):
            for index, message in choice_problems(self.headers, self.choices(), self.required):
                self.add_error(self.field_name(index) if index in self.shown else None, message)
        return cleaned

    def get_layout(self):
        return Layout(*(Field.select(self.field_name(index)) for index in self.shown))


class StatusesForm(GDSFormMixin, forms.Form):
    """A select a status the file writes in words that are not the council's own: the council's word it is read as,
    filled in where EqA matched the words or the council chose before. `revisions` (hidden) carries the revision
    of each of the council's choices as the page was first opened, so that a choice somebody else makes meanwhile
    is shown to this person, not overwritten (importer.remember_statuses)."""

    revisions = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, values, words, saved, **kwargs):
        """values: the file's statuses (importer.Value); words: the council's words offered; saved: {key: the
        council's ImportStatusValue} of the values, as saved now."""
        self.shown = [value for value in values if value.how != "own"]
        offered = {word.pk for word in words}
        kwargs["initial"] = {
            **{
                self.field_name(index): value.word if value.word in offered else ""
                for index, value in enumerate(self.shown)
            },
            "revisions": json.dumps({key: choice.revision for key, choice in saved.items()}),
        }
        super().__init__(*args, **kwargs)
        for index, value in enumerate(self.shown):
            self.fields[self.field_name(index)] = forms.TypedChoiceField(
                coerce=int,
                label=escape(value.text),
                choices=[("", "Choose a status"), *((word.pk, word.phrase) for word in words)],
                help_text=escape(_status_hint(value)),
                error_messages={
                    "required": f"Choose the council's status that {quote(value.text, 40)} is",
                    "invalid_choice": f"Choose the council's status that {quote(value.text, 40)} is from the list",
                },
            )
        self.lay_out()

    @staticmethod
    def field_name(index):
        return f"status_{index}"

    def chosen(self):
        """[(value, the word pk chosen)]."""
        return [(value, self.cleaned_data[self.field_name(index)]) for index, value in enumerate(self.shown)]

    def seen(self):
        """{key: the revision of the council's choice the page was first opened on}."""
        try:
            seen = json.loads(self.data.get("revisions") or "{}")
        except (ValueError, RecursionError):  # a forged form: not JSON, or nested past what Python reads
            return {}
        if not isinstance(seen, dict):
            return {}
        return {key: number for key, number in seen.items() if isinstance(number, int)}

    def chosen_by_other(self, current, person):
        """Say, at each status chosen differently since the page was opened, who chose what: somebody else, or this
        person in another tab or before going Back. Their own choice stays in the form, and saving again keeps it."""
        by_key = {choice.key: choice for choice in current}
        for index, value in enumerate(self.shown):
            choice = by_key.get(value.key)
            if choice is None:
                continue
            who = "You" if choice.last_edited_by_id == person.pk else "Somebody else"
            self.add_error(
                self.field_name(index),
                f"{who} chose {quote(value.text, 40)} as {choice.word.word} after this page was opened. Check the "
                f"choice and save again",
            )

    def get_layout(self):
        return Layout("revisions", *(Field.select(self.field_name(index)) for index, _ in enumerate(self.shown)))


def _status_hint(value):
    """Where the file writes the status, and how EqA read it."""
    rows = [str(number) for number in value.rows[:5]]
    if len(value.rows) > 5:
        rows.append(f"{len(value.rows) - 5:,} more")
    where = f"{'Row' if len(value.rows) == 1 else 'Rows'} {listed(rows)}"
    return f"{where}. Not one of the council's words." if value.how == "asked" else f"{where}. {value.how_label}."


class StatusValueForm(GDSFormMixin, RemembersWhatWasSeen, forms.ModelForm):
    """The council's word a status its plan files write is read as, chosen before and changed here."""

    class Meta:
        model = ImportStatusValue
        fields = ["word"]
        labels = {"word": "Read as"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["word"]
        field.queryset = StatusWord.objects.filter(council_id=self.instance.council_id).offered()
        field.label_from_instance = lambda word: word.phrase
        field.empty_label = None
        field.help_text = "The council's status word. Plans imported already keep the statuses they were given."
        self.lay_out()

    def get_layout(self):
        return Layout(Field.select("word"))
