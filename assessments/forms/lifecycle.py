"""The lifecycle steps that ask for more than a click: returning an EIA to its author, and recording its moderation."""

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.utils import dateformat, timezone

import councils.forms
from assessments.models import ModerationOutcome
from councils.fields import GOVUKDateField
from councils.forms import GDSFormMixin


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
