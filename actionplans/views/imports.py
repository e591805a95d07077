"""Importing a plan's actions from a spreadsheet: upload the file (it is read and checked; nothing is saved while
it has problems), say what its columns are when EqA does not know them all, and what its statuses mean when they are
not the council's words (both remembered for the council, so that next month's file asks nothing), look at what it
would add and change, then confirm. And the council's remembered choices of columns and statuses, which its plan
editors and council admins can see and change."""

import json
from datetime import timedelta
from functools import partial
from types import SimpleNamespace

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from actionplans import importer
from actionplans.forms import ImportForm
from actionplans.forms.imports import ColumnsForm, StatusesForm, StatusValueForm
from actionplans.models import ImportColumnMapping, ImportStatusValue, PendingImport, StatusWord
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
        problems, values, rows = [], [], []
        try:
            table = importer.read_table(form.cleaned_data["file"])
            reading = importer.reading_for(plan, table)
            if not reading.asks:
                values, preview = _checked(plan, table, reading.choices)
                problems, rows = preview.errors, preview.rows
        except importer.FileRefused as refused:
            problems = refused.problems
        if not problems:
            pending = _wait(request, plan, table, reading, rows, values)
            return redirect(_next_step(pending), pk=plan.pk, import_pk=pending.pk)
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


def _checked(plan, table, choices, chosen=()):
    """The file's statuses as read now (importer.status_values), and its rows checked (a Preview). While a status
    is left for the person to choose, its rows' status problems are left out (the person is asked instead), and
    the Preview's rows are not for confirming. The keys in `chosen` are the statuses the person has just chosen."""
    values = importer.status_values(plan, table, choices, chosen)
    preview = importer.check(plan, table, choices)
    asked = {(number, "status") for value in values if value.asked for number in value.rows}
    preview.errors = [problem for problem in preview.errors if (problem.row, problem.column) not in asked]
    return values, preview


def _next_step(pending):
    """The page an upload goes to next: what its columns are, then what its statuses are, then its preview."""
    if pending.choices is None:
        return "actionplans:import-columns"
    if any(importer.Value.from_json(value).asked for value in pending.statuses):
        return "actionplans:import-statuses"
    return "actionplans:import-preview"


def _wait(request, plan, table, reading, rows, values):
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
        statuses=[value.as_json() for value in values],
    )


def _waiting(request, pk, import_pk):
    """The plan and the person's upload waiting for it; or, when the plan takes no import now or the upload is too
    old to use or no longer waiting, the page to go to instead. Another person's upload is 404."""
    plan = _plan_for_import(request, pk)
    pending = PendingImport.objects.filter(pk=import_pk, plan=plan, created_by=request.user).first()
    if pending is None:
        if PendingImport.objects.filter(pk=import_pk).exists():  # somebody else's
            raise Http404
        # Its person confirmed it (and has come Back to it), or uploaded another file since.
        messages.info(
            request,
            "That upload is not waiting any more: it was imported, or another file was uploaded "
            "after it. Nothing more was imported.",
        )
        return plan, None, redirect(plan)
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
        framework=plan.framework,
    )
    revision = opened_revision(request, reading.mapping or NOTHING_REMEMBERED)
    clashes, saved_by, problems = None, SAVED_BY_OTHER, []
    if request.method == "POST" and form.is_valid():

        def save(revision):
            choices = form.choices()
            try:
                values, preview = _checked(plan, table, choices)
            except importer.FileRefused as refused:
                raise ValidationError([problem.text for problem in refused.problems]) from None
            if preview.errors:
                raise ValidationError([problem.text for problem in preview.errors])
            with transaction.atomic():
                importer.remember(
                    council=plan.council, headers=table.headers, choices=choices, by=request.user, revision=revision
                )
                pending.choices, pending.chosen = choices, PendingImport.Chosen.BY_PERSON
                pending.rows = preview.rows
                pending.statuses = [value.as_json() for value in values]
                pending.save(update_fields=["choices", "chosen", "rows", "statuses"])

        try:
            clashes, current = save_or_compare(save, partial(_clashes, form), form.keep_others_changes, revision)
        except ValidationError as refused:
            problems = refused.messages
        else:
            if not clashes:
                return redirect(_next_step(pending), pk=plan.pk, import_pk=pending.pk)
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
    if (step := _next_step(pending)) != "actionplans:import-preview":
        return redirect(step, pk=plan.pk, import_pk=pending.pk)
    table = _table(pending)
    statuses_read = _statuses_read(plan, pending)
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
                        statuses=[(value.text, word, value.how) for value, word in statuses_read],
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
            "statuses_read": statuses_read,
            "statuses_changeable": any(value.how != "own" for value, _ in statuses_read),
            "fingerprint": shown.fingerprint(),
            "errors": errors,
            "upload_url": reverse("actionplans:import", args=[plan.pk]),
            "crumbs": _import_crumbs(plan, ("Check and confirm", None)),
        },
    )


def _statuses_read(plan, pending):
    """[(importer.Value, the council's word it is read as)] of each status the upload writes."""
    words = dict(StatusWord.objects.filter(council_id=plan.council_id).values_list("pk", "word"))
    values = [importer.Value.from_json(value) for value in pending.statuses]
    return [(value, words.get(value.word, "")) for value in values]


@require_http_methods(["GET", "POST"])
def statuses(request, pk, import_pk):
    """What each status the uploaded file writes in words not the council's own is read as. Saved, the choices are
    remembered for the council and the rows are checked; a file with problems read this way is shown them here,
    and nothing is remembered."""
    plan, pending, response = _waiting(request, pk, import_pk)
    if response is not None:
        return response
    if pending.choices is None:
        return redirect("actionplans:import-columns", pk=plan.pk, import_pk=pending.pk)
    table = _table(pending)
    values = importer.status_values(plan, table, pending.choices)
    words = list(StatusWord.objects.filter(council_id=plan.council_id).offered())
    saved = {
        choice.key: choice
        for choice in ImportStatusValue.objects.filter(council=plan.council, key__in=[value.key for value in values])
    }
    form = StatusesForm(request.POST if request.method == "POST" else None, values=values, words=words, saved=saved)
    problems = []
    if request.method == "POST" and form.is_valid():
        chosen = form.chosen()
        try:
            with transaction.atomic():
                importer.remember_statuses(council=plan.council, chosen=chosen, seen=form.seen(), by=request.user)
                checked, preview = _checked(plan, table, pending.choices, {value.key for value, _ in chosen})
                if preview.errors:
                    raise ValidationError([problem.text for problem in preview.errors])
                pending.rows, pending.statuses = preview.rows, [value.as_json() for value in checked]
                pending.save(update_fields=["rows", "statuses"])
        except importer.ChosenByOther as other:
            # Shown what the others chose, beside this person's own choices, on a form opened on them now.
            data = request.POST.copy()
            data["revisions"] = json.dumps({**form.seen(), **{choice.key: choice.revision for choice in other.current}})
            form = StatusesForm(data, values=values, words=words, saved=saved)
            form.is_valid()
            form.chosen_by_other(other.current, request.user)
        except ValidationError as refused:
            problems = refused.messages
        else:
            return redirect("actionplans:import-preview", pk=plan.pk, import_pk=pending.pk)
    return render(
        request,
        "actionplans/import_statuses.html",
        {
            "plan": plan,
            "pending": pending,
            "form": form,
            "own": [value for value in values if value.how == "own"],
            "problems": problems,
            "errors": error_list(form) + [(message, _first_status(form)) for message in problems],
            "crumbs": _import_crumbs(plan, ("What the statuses are", None)),
        },
    )


def _first_status(form):
    return f"id_{form.field_name(0)}" if form.shown else "main-content"


# The council's remembered choices of columns and statuses ------------------------------------------------------


@require_GET
def mapping_list(request):
    councils = councils_where(request.user, *MAPPERS)
    if not councils.exists():
        refuse(request, None, "see the columns remembered for imports")
    mappings = ImportColumnMapping.objects.filter(council__in=councils).select_related("council", "last_edited_by")
    values = ImportStatusValue.objects.filter(council__in=councils).select_related("council", "word", "last_edited_by")
    return render(
        request,
        "actionplans/import_mappings.html",
        {
            "mappings": [
                (mapping, importer.described(importer.columns_of(mapping.headers, mapping.choices)))
                for mapping in mappings
            ],
            "values": values,
            "several": councils.count() > 1,
            "crumbs": crumbs(("Spreadsheet columns and statuses", None)),
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
            "crumbs": crumbs(("Spreadsheet columns and statuses", listed), ("Change what the columns are", None)),
        },
    )


@require_http_methods(["GET", "POST"])
def status_value_edit(request, pk):
    value, standing = fetch(request, ImportStatusValue.objects.select_related("council", "word"), pk=pk)
    if not standing.has(*MAPPERS):
        refuse(request, value, "change the statuses remembered for imports")
    form = StatusValueForm(request.POST or None, instance=value)
    listed = reverse("actionplans:import-mappings")
    return edit_page(
        request,
        value,
        form,
        save=lambda revision: importer.rechoose_status(
            value, word=form.cleaned_data["word"], by=request.user, revision=revision
        ),
        to=listed,
        message=f"The status is saved. The next file that writes ‘{value.value}’ is read this way.",
        what="choice of status",
        template="actionplans/import_status_value.html",
        context={
            "form": form,
            "value": value,
            "crumbs": crumbs(("Spreadsheet columns and statuses", listed), ("Change what a status is read as", None)),
        },
    )
