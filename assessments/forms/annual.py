"""The period an annual equality report covers: one of the last few financial years, or another period from one
date to another. A GET form: it changes nothing, and its query string is the period the page, its records pages,
its PDF and its spreadsheet read."""

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.utils import timezone

from councils.fields import GOVUKDateField
from councils.forms import GDSFormMixin
from councils.periods import Period, financial_year, last_whole_financial_year, recent_financial_years

CUSTOM = "custom"
# The date boxes' names: the form was sent when any of them is in the query string.
DATE_PARTS = ("start_0", "start_1", "start_2", "end_0", "end_1", "end_2")


class PeriodForm(GDSFormMixin, forms.Form):
    year = forms.ChoiceField(label="Which period should the report cover?", widget=forms.RadioSelect)
    start = GOVUKDateField(
        what="the first day of the period",
        label="From",
        required=False,
        help_text="For another period only. For example, 1 4 2025.",
    )
    end = GOVUKDateField(
        what="the last day of the period",
        label="To",
        required=False,
        help_text="For example, 30 9 2025.",
    )

    def __init__(self, data=None, *, today=None):
        self.today = today or timezone.localdate()
        years = recent_financial_years(self.today)
        if data is not None and not any(name in data for name in ("year", *DATE_PARTS)):
            data = None
        super().__init__(data, initial={"year": str(last_whole_financial_year(self.today).start.year)})
        self.fields["year"].choices = [
            *((str(year.start.year), self._year_label(year)) for year in years),
            (CUSTOM, "Another period"),
        ]
        self.fields["year"].error_messages["invalid_choice"] = "Choose a financial year, or another period"
        self.fields["year"].error_messages["required"] = "Choose a financial year, or another period"

    def _year_label(self, year):
        words = f"Financial year {year.label}"
        return f"{words} (so far)" if year.end >= self.today else words

    def get_layout(self):
        return Layout(Field.radios("year", legend_size=Size.SMALL), Field("start"), Field("end"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("year") != CUSTOM:
            return cleaned
        start, end = cleaned.get("start"), cleaned.get("end")
        if "start" not in self.errors and start is None:
            self.add_error("start", forms.ValidationError("Enter the first day of the period", code="required"))
        if "end" not in self.errors and end is None:
            self.add_error("end", forms.ValidationError("Enter the last day of the period", code="required"))
        if start and start > self.today:
            self.add_error(
                "start", forms.ValidationError("The first day of the period must be today or before", code="future")
            )
        if start and end and end < start:
            self.add_error(
                "end",
                forms.ValidationError(
                    "The last day of the period must be the same as or after the first", code="order"
                ),
            )
        return cleaned

    @property
    def period(self):
        """The period chosen: the last whole financial year until one is."""
        if not self.is_bound:
            return last_whole_financial_year(self.today)
        chosen = self.cleaned_data["year"]
        if chosen == CUSTOM:
            return Period(self.cleaned_data["start"], self.cleaned_data["end"])
        return financial_year(int(chosen))


def period_query(period, today=None):
    """The query string that asks for `period` again, for the links of the report, its records and downloads: a
    financial year the form offers by its year, any other period by its dates."""
    if period in recent_financial_years(today or timezone.localdate()):
        return {"year": str(period.start.year)}
    return {
        "year": CUSTOM,
        **{
            f"start_{index}": part
            for index, part in enumerate((period.start.day, period.start.month, period.start.year))
        },
        **{f"end_{index}": part for index, part in enumerate((period.end.day, period.end.month, period.end.year))},
    }
