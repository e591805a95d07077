"""A council's annual equality report, for anyone of the council: its page, the records behind each figure, the
committee PDF and the spreadsheet. Each app gives its own parts (councils/reports.py); this app's are
assessments/annual_report.py. Read-only: every page is a GET, its period in the query string."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from assessments.forms.annual import PeriodForm, period_query
from assessments.views.common import crumbs
from councils.access import councils_for
from councils.forms import error_list
from councils.pdf import pdf_response, render_pdf
from councils.reports import appendices_from_apps, parts_from_apps, records_from_apps
from councils.spreadsheets import xlsx_response


def _council_and_period(request, slug):
    """The council (of the person's: 404 otherwise) and the period form read from the query string."""
    council = get_object_or_404(councils_for(request.user), slug=slug)
    return council, PeriodForm(request.GET)


def _back_to_the_form(slug, request):
    # A download or list asked for a period that cannot be: the report's page says what is wrong with it.
    return redirect(f"{reverse('assessments:annual-report', args=[slug])}?{request.GET.urlencode()}")


def _shown(council, parts, query):
    """Each part with each figure's link to its records."""
    records_url = reverse("assessments:annual-report-records", args=[council.slug])
    return [
        {
            "table": table,
            "rows": [
                (
                    row,
                    [
                        (figure, f"{records_url}?{figure.query(query)}" if figure.asks else "", column)
                        for figure, column in zip(row.figures, table.columns, strict=True)
                    ],
                )
                for row in table.rows
            ],
        }
        for table in parts
    ]


def _heading(period):
    return f"Annual equality report: {period.label}"


@require_GET
def annual_report(request, slug):
    council, form = _council_and_period(request, slug)
    valid = not form.is_bound or form.is_valid()
    period = form.period if valid else None
    query = period_query(period) if valid else {}
    return render(
        request,
        "assessments/annual_report.html",
        {
            "council": council,
            "form": form,
            "errors": error_list(form),
            "period": period,
            "heading": _heading(period) if valid else "Annual equality report",
            "parts": _shown(council, parts_from_apps(council, period), query) if valid else [],
            "query": urlencode(query),
            "crumbs": crumbs((f"Annual equality report: {council.name}", None)),
        },
    )


@require_GET
def annual_report_records(request, slug):
    council, form = _council_and_period(request, slug)
    if form.is_bound and not form.is_valid():
        return _back_to_the_form(slug, request)
    period = form.period
    asked = {"figure": "covered", **{name: value for name, value in request.GET.items() if name not in form.fields}}
    found = records_from_apps(council, period, asked)
    if found is None:
        raise Http404("No figure of the annual report lists these records")
    query = period_query(period)
    report_url = f"{reverse('assessments:annual-report', args=[slug])}?{urlencode(query)}"
    return render(
        request,
        "assessments/annual_report_records.html",
        {
            "council": council,
            "period": period,
            "found": found,
            "report_url": report_url,
            "crumbs": crumbs((_heading(period), report_url), (found.title, None)),
        },
    )


@require_GET
def annual_report_pdf(request, slug):
    """The report as a committee paper, with the records behind its figures in an appendix; made when it is
    downloaded and not kept."""
    council, form = _council_and_period(request, slug)
    if form.is_bound and not form.is_valid():
        return _back_to_the_form(slug, request)
    period = form.period
    pdf = render_pdf(
        "assessments/annual_report_pdf.html",
        {
            "council": council,
            "period": period,
            "heading": _heading(period),
            "parts": parts_from_apps(council, period),
            "appendices": appendices_from_apps(council, period),
            "made": timezone.localdate(),
        },
    )
    return pdf_response(pdf, f"annual-equality-report-{council.slug}-{period.label}.pdf")


@require_GET
def annual_report_xlsx(request, slug):
    """Every figure a row: its part, its row and column, this period's count, the previous period's, and the
    change."""
    council, form = _council_and_period(request, slug)
    if form.is_bound and not form.is_valid():
        return _back_to_the_form(slug, request)
    period = form.period
    header = [
        "Part",
        "Row",
        "Figure",
        f"This period ({period.dates})",
        f"Previous period ({period.previous.dates})",
        "Change",
    ]
    rows = [
        [table.title, row.heading, column, figure.now, figure.before, figure.change]
        for table in parts_from_apps(council, period)
        for row in table.rows
        for column, figure in zip(table.columns, row.figures, strict=True)
    ]
    return xlsx_response(
        f"annual-equality-report-{council.slug}-{period.label}.xlsx", "Annual equality report", header, rows
    )
