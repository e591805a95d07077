"""Reporting periods: a council's financial year runs from 1 April to 31 March, and a report compares a period with
the one of the same length just before it. Plain arithmetic, no Django."""

from dataclasses import dataclass
from datetime import date, timedelta

FIRST_MONTH = 4  # April


def _day(value):
    return f"{value.day} {value:%B %Y}"


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def is_financial_year(self):
        return (self.start.month, self.start.day) == (FIRST_MONTH, 1) and self.end == financial_year(
            self.start.year
        ).end

    @property
    def previous(self):
        """The period of the same length immediately before: the financial year before a financial year (which
        may be a day longer or shorter), else as many days."""
        if self.is_financial_year:
            return financial_year(self.start.year - 1)
        end = self.start - timedelta(days=1)
        return Period(end - (self.end - self.start), end)

    @property
    def label(self):
        if self.is_financial_year:
            return f"{self.start.year} to {self.end.year}"
        return f"{_day(self.start)} to {_day(self.end)}"

    @property
    def dates(self):
        return f"{_day(self.start)} to {_day(self.end)}"


def financial_year(starting):
    """The financial year that starts on 1 April of `starting`."""
    return Period(date(starting, FIRST_MONTH, 1), date(starting + 1, FIRST_MONTH, 1) - timedelta(days=1))


def financial_year_of(day):
    return financial_year(day.year if day.month >= FIRST_MONTH else day.year - 1)


def recent_financial_years(today, count=4):
    """The financial year under way and the `count` before it, newest first."""
    current = financial_year_of(today).start.year
    return [financial_year(year) for year in range(current, current - count - 1, -1)]


def last_whole_financial_year(today):
    return financial_year_of(today).previous
