"""The shape of a report's figures, which each app fills in and one set of templates shows: a page, a committee
PDF and a spreadsheet. A figure has its count for the period and for the period before, and the query string of
the page that lists the records it counts. An app adds its parts to the annual equality report through its
AppConfig's `annual_report_parts(council, period)`, and lists the records behind its figures through
`annual_report_records(council, period, asked)`: this app never imports the others."""

from dataclasses import dataclass, field

from django.apps import apps
from django.utils.http import urlencode


@dataclass(frozen=True)
class Figure:
    now: int
    before: int
    # What the records page is asked for to list what `now` counts ({"figure": "covered", "directorate": 3});
    # empty for a figure no list stands behind.
    asks: dict = field(default_factory=dict, compare=False)

    @property
    def change(self):
        return self.now - self.before

    @property
    def change_words(self):
        if not self.change:
            return "no change"
        return f"{'up' if self.change > 0 else 'down'} {abs(self.change)} from {self.before}"

    def query(self, period_query):
        return urlencode({**self.asks, **period_query}) if self.asks else ""


@dataclass(frozen=True)
class Row:
    heading: str
    figures: tuple
    is_total: bool = False


@dataclass(frozen=True)
class Chart:
    """Bars for one column of a table: each row's figure out of another column's (`whole`), else out of the
    largest. The table beside it gives the same figures."""

    column: int
    whole: int | None = None
    caption: str = ""

    def bars(self, table):
        rows = [row for row in table.rows if not row.is_total]
        largest = max((row.figures[self.column].now for row in rows), default=0)
        for row in rows:
            value = row.figures[self.column].now
            whole = row.figures[self.whole].now if self.whole is not None else largest
            share = round(100 * value / whole) if whole else 0
            yield row.heading, value, (row.figures[self.whole].now if self.whole is not None else None), share


@dataclass(frozen=True)
class Table:
    key: str  # its anchor on the page
    title: str
    about: str  # what it counts, in a sentence
    row_label: str
    columns: tuple  # each column's heading
    rows: tuple
    chart: Chart | None = None
    empty: str = "Nothing to count in this period."

    @property
    def bars(self):
        return list(self.chart.bars(self)) if self.chart and self.rows else []


@dataclass(frozen=True)
class Record:
    """One record behind a figure, as its list and the PDF's appendix show it."""

    title: str
    url: str
    service: str = ""
    detail: str = ""
    # What the PDF's appendix names it by, where that is shorter than its title: its reference.
    short: str = ""


@dataclass(frozen=True)
class Records:
    title: str
    records: list
    # The figure counts something other than the records listed (services with an in-date record): says what.
    note: str = ""


def _answers(hook, *args):
    """What each installed app that has the hook answers, in the order the apps are installed."""
    return [getattr(config, hook)(*args) for config in apps.get_app_configs() if hasattr(config, hook)]


def parts_from_apps(council, period):
    """Each app's parts of the annual report: a list of Table."""
    return [part for parts in _answers("annual_report_parts", council, period) for part in parts]


def records_from_apps(council, period, asked):
    """The records behind a figure, from whichever app's figure it is: Records, or None when none is."""
    return next((found for found in _answers("annual_report_records", council, period, asked) if found), None)


def appendices_from_apps(council, period):
    """Each app's appendix of the records its figures count, for the committee PDF: a list of Records."""
    return [found for each in _answers("annual_report_appendices", council, period) for found in each]
