"""The council's status words: worded, given a meaning and a colour by a council admin on the council settings pages;
and offered as GOV.UK radios, each with its colour and its meaning, on an action's update form."""

from crispy_forms.layout import LayoutObject
from crispy_forms.utils import TEMPLATE_PACK
from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.template.loader import render_to_string

from actionplans.models import StatusWord
from actionplans.models.words import WORD_LENGTH
from actionplans.statuses import Colour, Meaning
from councils.forms import GDSFormMixin, RemembersWhatWasSeen
from councils.once import CreatesOnce

# What each meaning is for, as the settings page and the update form say it.
MEANING_HINTS = {
    Meaning.NOT_STARTED: "Work on the action has not begun. A new action starts with the first word that means this.",
    Meaning.ON_TRACK: "Work has begun and is going to plan.",
    Meaning.AT_RISK: "Work has begun, but may not finish on time or may not work.",
    Meaning.OFF_TRACK: "The action will not finish as planned without a change.",
    Meaning.COMPLETE: "The lead officer says the action is done.",
    Meaning.VERIFIED: "Somebody other than the lead officers and whoever recorded it complete has checked the evidence "
    "that it is done. Only this is reported as verified in committee papers.",
    Meaning.CLOSED: "The action will not be done, for example because it was not achieved or was superseded.",
}


def word_choice(word, hint=None):
    """A word as a radio offers it: its colour beside it, and below it its meaning, unless the word says it."""
    hint = hint or ("" if word.says_its_meaning else word.meaning_label)
    return Choice(str(word.pk), word.word, hint=hint, colour=word.colour)


class WordRadios(LayoutObject):
    """A choice of status words as GOV.UK radios, each word with its colour swatch beside it and its hint below;
    choosing the word `reveals` (a choice's value) shows the `revealed` field under it (GOV.UK's conditional reveal;
    without script it is shown all along). The first radio is id_<name>_1, where the error summary links."""

    template = "actionplans/forms/word_radios.html"

    def __init__(self, field, legend_size=Size.SMALL, reveals=None, revealed=None):
        self.field, self.legend_size, self.reveals = field, Size.for_legend(legend_size), reveals
        self.fields = [field] + ([revealed] if revealed is not None else [])

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        revealed = self.fields[1].render(form, context, template_pack=template_pack) if len(self.fields) > 1 else ""
        return render_to_string(
            self.template,
            {
                **context.flatten(),
                "field": form[self.field],
                "legend_size": self.legend_size,
                "reveals": self.reveals,
                "revealed": revealed,
            },
        )


class StatusWordForm(GDSFormMixin, RemembersWhatWasSeen, CreatesOnce, forms.ModelForm):
    """A status word of the council. Adding one carries a one-time key (Back then Save again adds nothing);
    changing one remembers what the person first saw, for the conflict-checking edit. A word actions have had
    keeps its meaning: its meaning is shown, not offered."""

    limit_names = {"word": "a word"}

    class Meta:
        model = StatusWord
        fields = ["word", "meaning", "colour"]
        labels = {
            "word": "Status word",
            "meaning": "What does it mean?",
            "colour": "Colour shown beside it",
        }
        help_texts = {
            "word": "For example ‘Amber’, ‘Slipped’ or ‘Not achieved’. It is shown beside its colour on the plan's "
            "pages and in committee papers.",
            "meaning": "Reports count actions by what their words mean, so that plans of different councils compare.",
            "colour": "The word is always shown with it, so nobody has to tell the colours apart.",
        }
        error_messages = {
            "word": {"required": "Enter the status word"},
            "meaning": {"required": "Choose what the word means"},
            "colour": {"required": "Choose the colour shown beside the word"},
        }
        widgets = {"meaning": forms.RadioSelect, "colour": forms.RadioSelect}

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.council = council
        self.fields["word"].max_length = WORD_LENGTH
        self.fields["colour"].choices = [Choice(value, label, colour=value) for value, label in Colour.choices]
        self.keeps_meaning = self.instance.pk is not None and self.instance.in_use()
        if self.keeps_meaning:
            del self.fields["meaning"]
        else:
            self.fields["meaning"].choices = [
                Choice(value, label, hint=MEANING_HINTS[value]) for value, label in Meaning.choices
            ]
        if self.instance.pk:
            del self.fields["once"]
        self.lay_out()

    def saved_values(self, record):
        return {name: value for name, value in super().saved_values(record).items() if name in self.fields}

    def clean_word(self):
        word = " ".join(self.cleaned_data["word"].split())
        taken = StatusWord.objects.filter(council=self.council, word__iexact=word).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                f"The council already has the status word ‘{taken.first().word}’. Choose another word, or change "
                f"that one",
                code="taken",
            )
        return word

    def clean(self):
        cleaned = super().clean()
        sent = self.data.get(self.add_prefix("meaning"))
        if self.keeps_meaning and sent and sent != self.instance.meaning:
            # The page offered a meaning when it was opened; an action has had the word since.
            raise forms.ValidationError(MEANING_KEPT, code="in_use")
        return cleaned

    def clean_meaning(self):
        meaning = self.cleaned_data["meaning"]
        word = self.instance
        if word.pk and not word.retired and word.meaning == Meaning.NOT_STARTED != meaning and is_last_start(word):
            raise forms.ValidationError(LAST_START.format(change="change what this one means"), code="last_start")
        return meaning

    def get_layout(self):
        return Layout(
            Field.text("word", field_width=20),
            *([Field.radios("meaning", legend_size=Size.SMALL)] if "meaning" in self.fields else []),
            WordRadios("colour"),
        )


MEANING_KEPT = (
    "An action has had this word since you opened this page, so it keeps its meaning. For another meaning, add "
    "another word"
)
LAST_START = (
    "A new action starts with the council's first word that means not started, and this is its only one. Add another "
    "word that means not started before you {change}"
)


def is_last_start(word):
    """Whether the word is the council's only word offered that means not started."""
    return not (
        StatusWord.objects.offered()
        .filter(council_id=word.council_id, meaning=Meaning.NOT_STARTED)
        .exclude(pk=word.pk)
        .exists()
    )
