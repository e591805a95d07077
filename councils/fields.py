import datetime

from crispy_forms_gds.widgets import DateInputWidget
from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst

from councils.templatetags.text import mid_sentence

# Dates outside these years are typing mistakes in a council's records (31/02, 99999).
EARLIEST_YEAR, LATEST_YEAR = 1900, 2200


def _boxes(parts):
    return [("" if part is None else str(part)).strip() for part in (list(parts or []) + ["", "", ""])[:3]]


class MonthOrDay:
    DAY, MONTH = "day", "month"


class GOVUKDateField(forms.MultiValueField):
    """A GOV.UK date input (day, month, year). With `month_allowed`, the day may be left blank.

    Cleans to a date, or with `month_allowed` to (date, "day" | "month"), the month's first day standing
    for the month. Its messages name the date, as GOV.UK's do ("The date of the meeting must be a real date"), by
    `what`, or else by its label: a page may ask for several dates. `between` (earliest, latest) bounds it.
    """

    widget = DateInputWidget

    def __init__(self, *, what=None, month_allowed=False, between=None, **kwargs):
        self.what = what
        self.month_allowed = month_allowed
        self.between = between
        fields = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(fields=fields, require_all_fields=False, **kwargs)
        for subfield in self.fields:
            subfield.required = False

    def compress(self, data_list):
        return data_list

    def has_changed(self, initial, data):
        # Box by box, as the page showed them: a date as saved (3) and as posted back ("3") are the same date.
        if not isinstance(initial, (list, tuple)):
            initial = self.widget.decompress(initial)
        return _boxes(initial) != _boxes(data)

    @property
    def named(self):
        """The date as a message names it, to begin a sentence or follow "Enter"."""
        return self.what or (mid_sentence(self.label) if self.label else "the date")

    def clean(self, value):
        day, month, year = [(part or "").strip() for part in (list(value or []) + ["", "", ""])[:3]]
        what = capfirst(self.named)
        if not (day or month or year):
            if self.required:
                raise ValidationError(f"Enter {self.named}", code="required")
            return (None, MonthOrDay.DAY) if self.month_allowed else None
        parts = {"day": (day, 0), "month": (month, 1), "year": (year, 2)}
        optional = {"day"} if self.month_allowed else set()
        missing = [name for name, (value, _) in parts.items() if not value and name not in optional]
        if missing:
            raise ValidationError(
                f"{what} must include a {' and '.join(missing)}",
                code="incomplete",
                params={"part": parts[missing[0]][1]},
            )
        # isdecimal, not isdigit: "²" is a digit that int() cannot read.
        if not all(part.isdecimal() for part in (day or "1", month, year)):
            raise ValidationError(f"{what} must be a real date, written in numbers", code="invalid")
        if len(year) != 4:  # "26" is not taken for 2026: GOV.UK asks for the year in full
            raise ValidationError(f"{what} must include a year with 4 numbers", code="year_digits", params={"part": 2})
        if not EARLIEST_YEAR <= int(year) <= LATEST_YEAR:
            raise ValidationError(
                f"{what} must have a year between {EARLIEST_YEAR} and {LATEST_YEAR}",
                code="invalid_year",
                params={"part": 2},
            )
        try:
            parsed = datetime.date(int(year), int(month), int(day or 1))
        except (ValueError, OverflowError):  # 31 February, or a day or month too long to be one
            raise ValidationError(f"{what} must be a real date", code="invalid") from None
        if self.between and not self.between[0] <= parsed <= self.between[1]:
            earliest, latest = self.between
            raise ValidationError(
                f"{what} must be between {earliest.day} {earliest:%B %Y} and {latest.day} {latest:%B %Y}",
                code="date_out_of_range",
            )
        if self.month_allowed:
            return parsed, MonthOrDay.DAY if day else MonthOrDay.MONTH
        return parsed
