"""The review-date rule (Cheshire West and Chester's EIA template, docs/sources.md): the worse the negative
impact, the sooner the EIA is looked at again.

Plain arithmetic, no Django, so it can be tested and reasoned about on its own.
"""

import calendar
from dataclasses import dataclass
from datetime import date

HIGH, MEDIUM, LOW = "high", "medium", "low"
SEVERITY = {HIGH: 3, MEDIUM: 2, LOW: 1}


@dataclass(frozen=True)
class ReviewPeriods:
    """Months from sign-off to review, per worst negative level. A council sets its own."""

    high: int = 12
    medium: int = 24
    low: int = 36
    none: int = 36

    def months_for(self, level):
        return {HIGH: self.high, MEDIUM: self.medium, LOW: self.low}.get(level, self.none)


def worst_level(levels):
    """The most severe of the given levels ("high", "medium", "low"), or None when there are none."""
    present = [level for level in levels if level in SEVERITY]
    return max(present, key=SEVERITY.__getitem__, default=None)


def add_months(start, months):
    """Same day, `months` later; a day that month lacks becomes its last day (29 February + 1 year: 28 February)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def review_due(signed_off, worst, periods=ReviewPeriods()):
    return add_months(signed_off, periods.months_for(worst))


def describe_period(months):
    if months % 12 == 0:
        years = months // 12
        words = {1: "one year", 2: "two years", 3: "three years", 4: "four years", 5: "five years"}
        return words.get(years, f"{years} years")
    return "one month" if months == 1 else f"{months} months"


def describe_rule(worst, periods=ReviewPeriods()):
    """The rule in words, as an officer would say it: "Low impact: review within three years of sign-off"."""
    reason = f"{worst.capitalize()} impact" if worst else "No negative impact"
    return f"{reason}: review within {describe_period(periods.months_for(worst))} of sign-off"
