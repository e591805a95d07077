"""Importing a plan's actions from a spreadsheet: upload the file (it is read and checked; nothing is saved while
it has problems), look at what it would add and change, then confirm."""

from datetime import timedelta

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from actionplans import importer
from actionplans.forms import ImportForm
from actionplans.models import PendingImport
from actionplans.permissions import EDITORS
from actionplans.views.common import plan_crumbs, plans
from councils.access import fetch, refuse
from councils.forms import error_list
from councils.lifecycle import TransitionRefused

# An upload waits this long for its person to confirm it; after that it is read again from the file.
PENDING_FOR = timedelta(hours=24)


def _plan_for_import(request, pk):
    """The plan, if the person may edit its council's plans (else 403; another council's plan is 404)."""
    plan, standing = fetch(request, plans(), pk=pk)
    if not standing.has(*EDITORS):
        refuse(request, plan, "import")
    return plan


def _refused_plan(request, plan):
    """A plan that is not a draft takes no import: say so on the plan's page."""
    refused = importer.refusal(plan)
    if refused is None:
        return None
    messages.error(request, refused)
    return redirect(plan)


@require_http_methods(["GET", "POST"])
def upload(request, pk):
    plan = _plan_for_import(request, pk)
    if (response := _refused_plan(request, plan)) is not None:
        return response
    posted = request.method == "POST"
    form = ImportForm(request.POST if posted else None, request.FILES if posted else None)
    errors = error_list(form)
    if posted and form.is_valid():
        table, problems = None, []
        try:
            table = importer.read_table(form.cleaned_data["file"])
            preview = importer.check(plan, table)
            problems = preview.errors
        except importer.FileRefused as refused:
            problems = refused.problems
        if not problems:
            # One upload waiting per person and plan; and none left waiting for ever.
            PendingImport.objects.filter(plan=plan, created_by=request.user).delete()
            PendingImport.objects.filter(plan=plan, created_at__lt=timezone.now() - PENDING_FOR).delete()
            pending = PendingImport.objects.create(
                plan=plan, created_by=request.user, filename=table.filename, rows=preview.rows
            )
            if table.ignored:
                messages.info(request, "EqA left out the columns it does not read: " + ", ".join(table.ignored) + ".")
            return redirect("actionplans:import-preview", pk=plan.pk, import_pk=pending.pk)
        form.add_error(
            "file",
            problems[0].text
            if len(problems) == 1
            else f"The file has {len(problems)} problems, listed at the top of the page. Put them right in "
            f"the file and upload it again.",
        )
        errors = [(problem.text, "id_file") for problem in problems]
    return render(
        request,
        "actionplans/import_upload.html",
        {
            "plan": plan,
            "form": form,
            "errors": errors,
            "columns": importer.COLUMNS,
            "statuses": importer.status_reader(plan),
            "crumbs": plan_crumbs(plan, ("Import actions", None)),
        },
    )


@require_http_methods(["GET", "POST"])
def preview(request, pk, import_pk):
    plan = _plan_for_import(request, pk)
    pending = get_object_or_404(PendingImport, pk=import_pk, plan=plan, created_by=request.user)
    if (response := _refused_plan(request, plan)) is not None:
        return response
    if pending.created_at < timezone.now() - PENDING_FOR:
        if request.method == "POST":  # A GET changes nothing; the next upload clears stale ones too.
            pending.delete()
        messages.error(
            request,
            "That upload was more than a day old, so it was not imported. Upload the file "
            "again to see what it changes now.",
        )
        return redirect("actionplans:import", pk=plan.pk)
    shown = importer.compare(plan, pending.rows)
    errors = [(problem.text, "changes") for problem in shown.errors]
    if request.method == "POST" and not errors:
        if request.POST.get("fingerprint") != shown.fingerprint():
            errors = [
                (
                    "The plan has changed since you looked at this page, so nothing was imported. Check what the "
                    "file changes now, then confirm again.",
                    "changes",
                )
            ]
        else:
            try:
                with transaction.atomic():
                    # Locked and then removed, so the same upload is never applied twice.
                    locked = PendingImport.objects.select_for_update().filter(pk=pending.pk).first()
                    if locked is None:
                        raise Http404
                    result = importer.apply(plan, locked.rows, by=request.user, filename=locked.filename)
                    locked.delete()
            except TransitionRefused as refused:
                messages.error(request, refused.message)
                return redirect(plan)
            except importer.FileRefused as refused:
                errors = [(problem.text, "changes") for problem in refused.problems]
            else:
                messages.success(request, result.summary())
                return redirect(plan)
    return render(
        request,
        "actionplans/import_preview.html",
        {
            "plan": plan,
            "pending": pending,
            "preview": shown,
            "fingerprint": shown.fingerprint(),
            "errors": errors,
            "upload_url": reverse("actionplans:import", args=[plan.pk]),
            "crumbs": plan_crumbs(
                plan, ("Import actions", reverse("actionplans:import", args=[plan.pk])), ("Check and confirm", None)
            ),
        },
    )
