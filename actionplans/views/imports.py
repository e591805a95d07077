"""Importing a plan's actions from a spreadsheet: upload the file (it is read and checked; nothing is saved while
it has problems), say what its columns are when EqA does not know them all (remembered for the council, so that
the next file with the same headings asks nothing), look at what it would add and change, then confirm. And the
council's remembered choices of columns, which its plan editors and council admins can see and change."""

from datetime import timedelta
from functools import partial
from types import SimpleNamespace

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from actionplans import importer
from actionplans.forms import ImportForm
from actionplans.forms.imports import ColumnsForm
from actionplans.models import ImportColumnMapping, PendingImport
from actionplans.permissions import EDITORS
from actionplans.views.common import crumbs, plan_crumbs, plans
from councils.access import councils_where, fetch, refuse
from councils.conflicts import (
    HEADINGS,
    SAVED_BY_OTHER,
    conflict_errors,
    differences,
    edit_page,
    opened_revision,
    save_or_compare,
    saved_since,
)
from councils.forms import error_list
from councils.lifecycle import TransitionRefused
from councils.models import Role

# An upload waits this long for its person to confirm it; after that it is read again from the file.
PENDING_FOR = timedelta(hours=24)
# Who may see and change the council's remembered choices of columns: whoever imports plans, and the council admin.
MAPPERS = (*EDITORS, Role.COUNCIL_ADMIN)
# The revision a form is opened on when the council has no choices remembered for the file's headings.
NOTHING_REMEMBERED = SimpleNamespace(revision=0)


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


def _table(pending):
    return importer.Table.from_json(pending.filename, pending.table)


@require_http_methods(["GET", "POST"])
def upload(request, pk):
    plan = _plan_for_import(request, pk)
    if (response := _refused_plan(request, plan)) is not None:
        return response
    posted = request.method == "POST"
    form = ImportForm(request.POST if posted else None, request.FILES if posted else None)
    errors, reading = error_list(form), None
    if posted and form.is_valid():
        problems, rows = [], []
        try:
            table = importer.read_table(form.cleaned_data["file"])
            reading = importer.reading_for(plan, table)
            if not reading.asks:
                preview = importer.check(plan, table, reading.choices)
                problems, rows = preview.errors, preview.rows
        except importer.FileRefused as refused:
            problems = refused.problems
        if not problems:
            pending = _wait(request, plan, table, reading, rows)
            step = "actionplans:import-columns" if reading.asks else "actionplans:import-preview"
            return redirect(step, pk=plan.pk, import_pk=pending.pk)
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
            "columns": importer.columns_for(plan.framework),
            # The council's choices the file was read by, when its problems may come of them.
            "remembered": reading.mapping if reading and reading.chosen == PendingImport.Chosen.REMEMBERED else None,
            "statuses": importer.status_reader(plan),
            "crumbs": plan_crumbs(plan, ("Import actions", None)),
        },
    )


def _wait(request, plan, table, reading, rows):
    """The upload, waiting for its person to choose its columns or confirm it: one per person and plan, and none
    left waiting for ever."""
    PendingImport.objects.filter(plan=plan, created_by=request.user).delete()
    PendingImport.objects.filter(plan=plan, created_at__lt=timezone.now() - PENDING_FOR).delete()
    return PendingImport.objects.create(
        plan=plan,
        created_by=request.user,
        filename=table.filename,
        table=table.as_json(),
        choices=None if reading.asks else reading.choices,
        chosen=reading.chosen,
        rows=rows,
    )


def _waiting(request, pk, import_pk):
    """The plan and the person's upload waiting for it; or, when the plan takes no import now or the upload is too
    old to use, the page to go to instead."""
    plan = _plan_for_import(request, pk)
    pending = get_object_or_404(PendingImport, pk=import_pk, plan=plan, created_by=request.user)
    if (response := _refused_plan(request, plan)) is not None:
        return plan, pending, response
    if pending.created_at < timezone.now() - PENDING_FOR:
        if request.method == "POST":  # A GET changes nothing; the next upload clears stale ones too.
            pending.delete()
        messages.error(
            request,
            "That upload was more than a day old, so it was not imported. Upload the file "
            "again to see what it changes now.",
        )
        return plan, pending, redirect("actionplans:import", pk=plan.pk)
    return plan, pending, None


def _import_crumbs(plan, *pairs):
    return plan_crumbs(plan, ("Import actions", reverse("actionplans:import", args=[plan.pk])), *pairs)


@require_http_methods(["GET", "POST"])
def columns(request, pk, import_pk):
    """What each column of the uploaded file is. Saved, the choices are remembered for the council, and the rows
    read by them are checked; a file with problems read this way is shown them here, and nothing is remembered."""
    plan, pending, response = _waiting(request, pk, import_pk)
    if response is not None:
        return response
    table = _table(pending)
    reading = importer.reading_for(plan, table)
    form = ColumnsForm(
        request.POST or None,
        headers=table.headers,
        choices=pending.choices or reading.choices,
        mapping=reading.mapping,
        samples={index: table.samples(index) for index in range(len(table.headers))},
        required=importer.required_columns(plan.framework),
    )
    revision = opened_revision(request, reading.mapping or NOTHING_REMEMBERED)
    clashes, saved_by, problems = None, SAVED_BY_OTHER, []
    if request.method == "POST" and form.is_valid():

        def save(revision):
            choices = form.choices()
            preview = importer.check(plan, table, choices)
            if preview.errors:
                raise ValidationError([problem.text for problem in preview.errors])
            with transaction.atomic():
                importer.remember(
                    council=plan.council, headers=table.headers, choices=choices, by=request.user, revision=revision
                )
                pending.choices, pending.chosen, pending.rows = choices, PendingImport.Chosen.BY_PERSON, preview.rows
                pending.save(update_fields=["choices", "chosen", "rows"])

        try:
            clashes, current = save_or_compare(save, partial(_clashes, form), form.keep_others_changes, revision)
        except ValidationError as refused:
            problems = refused.messages
        else:
            if not clashes:
                return redirect("actionplans:import-preview", pk=plan.pk, import_pk=pending.pk)
            saved_by, revision = saved_since(current, revision, request.user), current.revision
    return render(
        request,
        "actionplans/import_columns.html",
        {
            "plan": plan,
            "pending": pending,
            "table": table,
            "form": form,
            "revision": revision,
            "differences": clashes,
            "saved_first": HEADINGS[saved_by],
            "problems": problems,
            "errors": conflict_errors(clashes, "choice of columns", saved_by)
            + error_list(form)
            + [(message, _first_field(form)) for message in problems],
            "crumbs": _import_crumbs(plan, ("What the columns are", None)),
        },
    )


def _first_field(form):
    return f"id_{form.field_name(form.shown[0])}" if form.shown else "main-content"


def _clashes(form, current):
    """Each column both this person and somebody else chose differently: what this person chose beside what is
    saved now."""
    saved = form.saved_values(current)
    return differences((form[name], form.cleaned_data.get(name), saved[name]) for name in form.clashes(current))


@require_http_methods(["GET", "POST"])
def preview(request, pk, import_pk):
    plan, pending, response = _waiting(request, pk, import_pk)
    if response is not None:
        return response
    if pending.choices is None:
        return redirect("actionplans:import-columns", pk=plan.pk, import_pk=pending.pk)
    table = _table(pending)
    columns_read = importer.columns_of(table.headers, pending.choices, table.used)
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
                    result = importer.apply(
                        plan,
                        locked.rows,
                        by=request.user,
                        filename=locked.filename,
                        columns=columns_read,
                        rows_above=[number for number, _ in table.above],
                    )
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
            "table": table,
            "columns": importer.described(columns_read),
            "kept": [name for name, choice in columns_read if choice == importer.EXTRA],
            "chosen": PendingImport.Chosen(pending.chosen).label,
            "fingerprint": shown.fingerprint(),
            "errors": errors,
            "upload_url": reverse("actionplans:import", args=[plan.pk]),
            "crumbs": _import_crumbs(plan, ("Check and confirm", None)),
        },
    )


# The council's remembered choices of columns ---------------------------------------------------------------------


@require_GET
def mapping_list(request):
    councils = councils_where(request.user, *MAPPERS)
    if not councils.exists():
        refuse(request, None, "see the columns remembered for imports")
    mappings = ImportColumnMapping.objects.filter(council__in=councils).select_related("council", "last_edited_by")
    return render(
        request,
        "actionplans/import_mappings.html",
        {
            "mappings": [
                (mapping, importer.described(importer.columns_of(mapping.headers, mapping.choices)))
                for mapping in mappings
            ],
            "several": councils.count() > 1,
            "crumbs": crumbs(("Spreadsheet columns", None)),
        },
    )


@require_http_methods(["GET", "POST"])
def mapping_edit(request, pk):
    mapping, standing = fetch(request, ImportColumnMapping.objects.select_related("council"), pk=pk)
    if not standing.has(*MAPPERS):
        refuse(request, mapping, "change the columns remembered for imports")
    form = ColumnsForm(request.POST or None, headers=mapping.headers, choices=mapping.choices, mapping=mapping)
    listed = reverse("actionplans:import-mappings")
    return edit_page(
        request,
        mapping,
        form,
        save=lambda revision: importer.remember(
            council=mapping.council, headers=mapping.headers, choices=form.choices(), by=request.user, revision=revision
        ),
        compare=partial(_clashes, form),
        to=listed,
        message="The choice of columns is saved. The next file with these headings is read this way.",
        what="choice of columns",
        template="actionplans/import_mapping.html",
        context={
            "form": form,
            "mapping": mapping,
            "crumbs": crumbs(("Spreadsheet columns", listed), ("Change what the columns are", None)),
        },
    )
