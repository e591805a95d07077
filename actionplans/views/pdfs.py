"""A plan's committee PDF, and a dated progress report of a signed-off plan. Anyone of the plan's council may
download them, whatever their role; anyone else gets 404."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from actionplans.forms import ProgressReportForm
from actionplans.pdf import plan_pdf_response, progress_report_response
from actionplans.views.common import plan_crumbs, plans
from councils.access import fetch
from councils.forms import error_list


def _plans():
    return plans().select_related("approved_by")


@require_GET
def plan_pdf(request, pk):
    plan, _ = fetch(request, _plans(), pk=pk)
    return plan_pdf_response(plan)


# The date input's three boxes: the form was sent when any of them is in the query string.
DATE_PARTS = ("on_0", "on_1", "on_2")


@require_GET
def progress_report(request, pk):
    """A GET form (it changes nothing): without a date, the page; with a good one, the PDF."""
    plan, _ = fetch(request, _plans(), pk=pk)
    today = timezone.localdate()
    sent = any(part in request.GET for part in DATE_PARTS)
    form = ProgressReportForm(request.GET if sent else None, initial={"on": [today.day, today.month, today.year]})
    if plan.is_signed_off and sent and form.is_valid():
        return progress_report_response(plan, form.cleaned_data["on"])
    return render(
        request,
        "actionplans/progress_report.html",
        {
            "plan": plan,
            "form": form if plan.is_signed_off else None,
            "errors": error_list(form) if plan.is_signed_off else [],
            "crumbs": plan_crumbs(plan, ("Progress report", None)),
        },
    )
