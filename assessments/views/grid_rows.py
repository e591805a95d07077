"""Council settings, the impact grid's rows: the list of characteristics a new EIA's grid is copied from, which
the council admin words, orders and retires. An EIA keeps its own copy, so a change here never alters one."""

from django.contrib import messages
from django.db.models import Max
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from assessments.characteristics import covers_text
from assessments.forms import GridRowForm
from assessments.models import Characteristic, ImpactRow
from councils.access import get_council_to_manage
from councils.once import create_once, creates_once
from councils.settings_views import confirm_page, form_page, move_in_list, settings_crumbs

TITLE = "Rows of the impact grid"


def _list_url(council):
    return reverse("assessments:settings-grid-rows", args=[council.slug])


@require_GET
def grid_rows(request, slug):
    council = get_council_to_manage(request, slug)
    rows = list(Characteristic.objects.filter(council=council).order_by("position", "id"))
    for row in rows:
        row.covers_text = covers_text(row.covers, council.nation)
    return render(
        request,
        "assessments/settings/grid_rows.html",
        {
            "council": council,
            "rows": rows,
            "crumbs": settings_crumbs(council, (TITLE, None)),
        },
    )


@require_http_methods(["GET", "POST"])
@creates_once(landing=lambda row: _list_url(row.council))
def grid_row_form(request, slug, row_pk=None):
    council = get_council_to_manage(request, slug)
    row = get_object_or_404(Characteristic, council=council, pk=row_pk) if row_pk else None
    form = GridRowForm(request.POST or None, instance=row, nation=council.nation)
    if request.method == "POST" and form.is_valid():
        if form.has_changed():
            saved = form.save(commit=False)
            if row is None:
                saved.council = council
                saved.position = (council.characteristics.aggregate(last=Max("position"))["last"] or 0) + 1
                create_once(request, form, lambda: saved.save() or saved)
            else:
                saved.save()
            messages.success(request, f"The row ‘{saved.label}’ is saved. New EIAs will have it as it is now.")
        return redirect(_list_url(council))
    title = f"Change the row ‘{row.label}’" if row else "Add a row"
    return form_page(
        request,
        council,
        form,
        title,
        back_url=_list_url(council),
        crumbs=[(TITLE, _list_url(council))],
        intro="EIAs already started keep their rows as they were; new EIAs have the row as you word it here.",
    )


def grid_row_move(request, slug, row_pk):
    """Move a row one place up or down the list. Only by POST, but the council is checked first, so that another
    council's row answers 404 to any method, as every record does."""
    council = get_council_to_manage(request, slug)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    move_in_list(request, Characteristic.objects.filter(council=council), row_pk, noun="row")
    return redirect(f"{_list_url(council)}#row-{row_pk}")


@require_http_methods(["GET", "POST"])
def grid_row_remove(request, slug, row_pk):
    """Remove a row no EIA has used; a row that has been used is retired instead, so that History and the EIAs
    that have it still say where it came from."""
    council = get_council_to_manage(request, slug)
    row = get_object_or_404(Characteristic, council=council, pk=row_pk)
    used = ImpactRow.objects.filter(characteristic=row).exists()
    if request.method == "POST":
        if used:
            if row.is_active:
                row.is_active = False
                row.save(update_fields=["is_active"])
            messages.success(
                request, f"The row ‘{row.label}’ is retired: new EIAs will not have it. EIAs that have it keep it."
            )
        else:
            row.delete()
            messages.success(request, f"The row ‘{row.label}’ is removed.")
        return redirect(_list_url(council))
    if used:
        heading, button_label = f"Are you sure you want to retire the row ‘{row.label}’?", "Retire the row"
        explanation = (
            "EIAs have used this row, so it is retired rather than removed: new EIAs will not have it, "
            "and the EIAs that have it keep it. You can offer it again by changing the row."
        )
    else:
        heading, button_label = f"Are you sure you want to remove the row ‘{row.label}’?", "Remove the row"
        explanation = "No EIA has used it. New EIAs will not have it."
    return confirm_page(
        request,
        council,
        "Remove a row",
        heading,
        explanation,
        button_label=button_label,
        keep_url=_list_url(council),
        crumbs=[(TITLE, _list_url(council))],
    )
