"""Old EIAs brought in from Word: the council admin uploads the Word files (or a zip file of them), sees what EqA
read of each and what it did not, says what it could not read (the service; the review date where none was found),
and confirms; then anyone of the council reads them, downloads each file as it was, and an author starts its review
as a new draft EIA."""

from datetime import timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from assessments import services, word_import
from assessments.forms.legacy import LegacyFileForm, LegacyUploadForm
from assessments.legacy_history import legacy_history
from assessments.models import LegacyAssessment, PendingLegacyFile, PendingLegacyImport
from assessments.views.common import crumbs
from councils.access import councils_where, fetch, get_council_to_manage, refuse, scoped
from councils.audit import history_page
from councils.forms import QueryForm, error_list
from councils.models import Role, Service
from councils.settings_views import settings_crumbs

# An upload waits this long for its council admin to confirm it; after that it is uploaded again.
PENDING_FOR = timedelta(hours=24)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PAGE_SIZE = 50


def _records():
    return LegacyAssessment.objects.select_related("council", "service", "imported_by", "review")


def legacy_crumbs(*pairs):
    return crumbs(("EIAs brought in from Word", reverse("assessments:legacy-list")), *pairs)


@require_GET
def legacy_list(request):
    records = scoped(_records(), request.user).order_by("council__name", "title", "pk")
    importing = list(councils_where(request.user, Role.COUNCIL_ADMIN).order_by("name"))
    return render(
        request,
        "assessments/legacy_list.html",
        {
            "page": Paginator(records, PAGE_SIZE).get_page(QueryForm.chosen_in(request.GET)["page"]),
            "can_start": bool(importing),
            "importing": importing,
            "crumbs": legacy_crumbs(),
        },
    )


def _import_crumbs(council, *pairs):
    return settings_crumbs(
        council, ("Bring in EIAs from Word", reverse("assessments:legacy-import", args=[council.slug])), *pairs
    )


@require_http_methods(["GET", "POST"])
def legacy_upload(request, slug):
    council = get_council_to_manage(request, slug)
    posted = request.method == "POST"
    form = LegacyUploadForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        try:
            read = word_import.read_upload(form.cleaned_data["files"])
        except word_import.Refused as refused:
            form.add_error("files", refused.message)
        else:
            pending = _wait(request, council, read)
            return redirect("assessments:legacy-import-preview", slug=council.slug, import_pk=pending.pk)
    return render(
        request,
        "assessments/legacy_upload.html",
        {
            "council": council,
            "form": form,
            "errors": error_list(form),
            "crumbs": settings_crumbs(council, ("Bring in EIAs from Word", None)),
        },
    )


@transaction.atomic
def _wait(request, council, read):
    """The upload, waiting for its council admin to confirm it: one per person and council, none kept for ever."""
    PendingLegacyImport.objects.filter(council=council, created_by=request.user).delete()
    PendingLegacyImport.objects.filter(created_at__lt=timezone.now() - PENDING_FOR).delete()
    pending = PendingLegacyImport.objects.create(council=council, created_by=request.user)
    PendingLegacyFile.objects.bulk_create(
        PendingLegacyFile(
            pending=pending,
            position=position,
            filename=file.name,
            data=file.data,
            found=file.found.as_json() if file.found else None,
            refused=file.refused,
        )
        for position, file in enumerate(read, start=1)
    )
    return pending


def _file_forms(request, council, pending):
    services_offered = list(Service.objects.filter(council=council).order_by("path"))
    files = list(pending.files.defer("data"))
    shown = []
    for file in files:
        found = word_import.Found.from_json(file.found) if file.found else None
        form = None
        if found is not None:
            form = LegacyFileForm(
                request.POST if request.method == "POST" else None,
                prefix=f"file-{file.position}",
                council=council,
                found=found,
                services=services_offered,
            )
        shown.append((file, found, form))
    return shown


@require_http_methods(["GET", "POST"])
def legacy_preview(request, slug, import_pk):
    council = get_council_to_manage(request, slug)
    pending = PendingLegacyImport.objects.filter(pk=import_pk, council=council, created_by=request.user).first()
    if pending is None:  # confirmed (and come Back to), replaced by another upload, or never the person's
        messages.info(request, "That upload is not waiting any more. Nothing more was brought in.")
        return redirect("assessments:legacy-list")
    if pending.created_at < timezone.now() - PENDING_FOR:
        messages.error(request, "That upload was more than a day old, so it was not imported. Upload the files again.")
        return redirect("assessments:legacy-import", slug=council.slug)
    shown = _file_forms(request, council, pending)
    forms_ = [form for _, _, form in shown if form is not None]
    if request.method == "POST" and forms_ and all(form.is_valid() for form in forms_):
        chosen = {
            file.position: (form.cleaned_data["title"], form.cleaned_data["service"], form.cleaned_data["review_due"])
            for file, _, form in shown
            if form is not None
        }
        made = services.legacy_import(pending=pending, chosen=chosen, by=request.user)
        if made is None:
            messages.info(request, "That upload was imported already. Nothing more was imported.")
        else:
            messages.success(
                request, f"You brought in {len(made)} EIA{'s' if len(made) != 1 else ''} from Word for {council.name}."
            )
        return redirect("assessments:legacy-list")
    return render(
        request,
        "assessments/legacy_preview.html",
        {
            "council": council,
            "pending": pending,
            "shown": shown,
            "readable": len(forms_),
            "refused": len(shown) - len(forms_),
            # Each message names its file: the same question is asked of each.
            "errors": [
                (f"{file.filename}: {message}", target)
                for file, _, form in shown
                if form is not None
                for message, target in error_list(form)
            ],
            "crumbs": _import_crumbs(council, ("Check and confirm", None)),
        },
    )


@require_GET
def legacy_page(request, pk):
    legacy, standing = fetch(request, _records(), pk=pk)
    return render(
        request,
        "assessments/legacy_record.html",
        {
            "legacy": legacy,
            "rows": legacy.found_rows,
            "can_review": standing.has(Role.AUTHOR),
            "crumbs": legacy_crumbs((legacy.title, None)),
        },
    )


@require_GET
def legacy_file(request, pk):
    legacy, _ = fetch(request, _records(), pk=pk)
    return word_file_response(legacy)


def word_file_response(legacy):
    """The Word file as it was uploaded, byte for byte."""
    response = HttpResponse(legacy.read(), content_type=DOCX)
    response["Content-Disposition"] = _attachment(legacy.original_filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _attachment(filename):
    return content_disposition_header(True, filename)


@require_GET
def legacy_history_page(request, pk):
    legacy, _ = fetch(request, _records(), pk=pk)
    return history_page(
        request,
        legacy_history(legacy),
        template="assessments/legacy_history.html",
        context={
            "legacy": legacy,
            "crumbs": legacy_crumbs((legacy.title, legacy.get_absolute_url()), ("History", None)),
        },
    )


def legacy_review(request, pk):
    """Start the old EIA's review as a new draft EIA: an author's, as starting any EIA is. Asked again, it goes to
    the review already started and starts nothing more. Only by POST, but the record is fetched first, so that
    another council's answers 404 to any method, as every record does."""
    legacy, standing = fetch(request, _records(), pk=pk)
    if not standing.has(Role.AUTHOR):
        refuse(request, legacy, "start its review")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    assessment, created = services.legacy_start_review(
        legacy=legacy, by=request.user, link=request.build_absolute_uri(legacy.get_absolute_url())
    )
    if created:
        messages.success(
            request, f"You started the review of ‘{legacy.title}’ as a new draft EIA, {assessment.reference}."
        )
    else:
        messages.info(request, f"Its review was started already, as {assessment.reference}. Here it is.")
    return redirect(assessment)
