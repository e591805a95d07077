"""Rows an author adds to one draft EIA's grid, for a group the council's list lacks (an armed forces community,
care leavers): named by the author, rated on the grid page like any other row, and removable while the EIA is a
draft. They cover no statutory item, so the coverage check is as it was."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from assessments import services
from assessments.forms import AddedRowForm
from assessments.models import ImpactRow
from assessments.views.common import eia_crumbs, get_assessment_to_edit, refusals_go_back
from councils.conflicts import edit_page
from councils.once import creates_once


def _grid_url(assessment_pk, row=None):
    return reverse("assessments:grid", args=[assessment_pk]) + (f"#row-{row.position}" if row else "")


@require_http_methods(["GET", "POST"])
@creates_once(landing=lambda row: _grid_url(row.assessment_id, row))
@refusals_go_back
def row_add(request, pk):
    def form_of(assessment):
        return AddedRowForm(request.POST or None, instance=ImpactRow(assessment=assessment))

    assessment, _ = get_assessment_to_edit(request, pk, form_of)
    form = form_of(assessment)
    return edit_page(
        request,
        assessment,
        form,
        save=lambda rev: services.row_add(assessment=assessment, form=form, by=request.user, revision=rev),
        to=_grid_url(assessment.pk),
        message=lambda: f"The row ‘{form.instance.label}’ is added to this EIA's grid. Fill it in below.",
        what="assessment",
        template="assessments/row_form.html",
        context={
            "assessment": assessment,
            "form": form,
            "crumbs": eia_crumbs(assessment, ("Impact grid", _grid_url(assessment.pk)), ("Add a row", None)),
        },
    )


@require_http_methods(["GET", "POST"])
@refusals_go_back
def row_remove(request, pk, row_pk):
    assessment, _ = get_assessment_to_edit(request, pk)
    # Only a row the author added: the council's rows are the EIA's record of what it was asked to consider.
    row = get_object_or_404(assessment.rows, pk=row_pk, added_by_author=True)
    if request.method == "POST":
        # Removing overwrites no text, so somebody else's save in between does not stop it.
        services.row_remove(assessment=assessment, row=row, by=request.user, revision=None)
        messages.success(request, f"The row ‘{row.label}’ is removed from this EIA's grid.")
        return redirect(_grid_url(assessment.pk))
    return render(
        request,
        "assessments/row_remove.html",
        {
            "assessment": assessment,
            "row": row,
            "crumbs": eia_crumbs(assessment, ("Impact grid", _grid_url(assessment.pk)), ("Remove a row", None)),
        },
    )
