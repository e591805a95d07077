"""An action of a signed-off EIA's plan recorded as done, and when; corrected the same way."""

from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.utils import timezone

from assessments.models import ActionDone
from assessments.models.questions import EARLIEST_DATE, LATEST_DATE
from councils.fields import GOVUKDateField
from councils.forms import GDSFormMixin, RemembersWhatWasSeen
from councils.once import CreatesOnce


class ActionDoneForm(GDSFormMixin, RemembersWhatWasSeen, CreatesOnce, forms.ModelForm):
    limit_names = {"note": "what was done"}

    done_on = GOVUKDateField(
        what="the date it was done", between=(EARLIEST_DATE, LATEST_DATE), help_text="For example, 3 3 2026"
    )

    class Meta:
        model = ActionDone
        fields = ["done_on", "note"]
        labels = {"done_on": "When was it done?", "note": "What was done (optional)"}
        help_texts = {"note": "For example, ‘Letters reissued in easy read; 42 people told in person’."}
        widgets = {"note": forms.Textarea}

    def clean_done_on(self):
        on = self.cleaned_data["done_on"]
        if on and on > timezone.localdate():
            raise forms.ValidationError(
                "The date it was done must be today or in the past", code="future", params={"part": 0}
            )
        return on

    def get_layout(self):
        return Layout(Field("done_on"), Field.textarea("note", rows=4))
