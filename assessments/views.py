from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from assessments.forms import AssessmentActionForm, AssessmentDetailsForm, GridFormSet, StartAssessmentForm
from assessments.models import LEVEL_DEFINITIONS, Assessment, AssessmentAction, ImpactRow, Status
from assessments.pdf import assessment_pdf_response
from councils.access import get_for_person, has_role, scoped
from councils.forms import error_list
from councils.models import Membership, Role, Service

EDITOR_ROLES = (Role.AUTHOR,)
PAGE_SIZE = 20

REVIEW_FILTERS = {
    "overdue": "Review overdue",
    "90": "Review due in the next 90 days",
    "365": "Review due in the next year",
}


def _services_for(user, roles=None):
    memberships = Membership.objects.filter(user=user)
    if roles:
        memberships = memberships.filter(role__in=roles)
    return Service.objects.filter(council__in=memberships.values("council_id")).select_related("council")


def _get_assessment(request, pk, *, for_editing=False):
    assessment = get_for_person(Assessment.objects.select_related("council", "service"), request.user, pk=pk)
    if for_editing:
        if not has_role(request.user, assessment.council, *EDITOR_ROLES):
            raise PermissionDenied
        if assessment.status != Status.DRAFT:
            raise PermissionDenied
    return assessment


def _crumbs(*pairs):
    return [("Home", reverse("home")), ("Equality impact assessments", reverse("assessments:list")), *pairs]


@require_GET
def assessment_list(request):
    assessments = scoped(Assessment.objects.select_related("service", "council"), request.user)
    services = _services_for(request.user)
    query = request.GET.get("q", "").strip()
    chosen = {name: request.GET.get(name, "") for name in ("service", "status", "review")}

    if query:
        assessments = assessments.filter(title__icontains=query)
    service = services.filter(pk=chosen["service"]).first() if chosen["service"].isdigit() else None
    if service:
        # A service includes the teams under it.
        assessments = assessments.filter(Q(service=service) | Q(service__council=service.council_id,
                                                                 service__path__startswith=f"{service.path} > "))
    if chosen["status"] in Status.values:
        assessments = assessments.filter(status=chosen["status"])
    today = timezone.localdate()
    if chosen["review"] == "overdue":
        assessments = assessments.filter(review_due__lt=today)
    elif chosen["review"] in ("90", "365"):
        assessments = assessments.filter(review_due__gte=today,
                                         review_due__lte=today + timedelta(days=int(chosen["review"])))

    page = Paginator(assessments, PAGE_SIZE).get_page(request.GET.get("page"))
    filters = request.GET.copy()
    filters.pop("page", None)
    return render(request, "assessments/list.html", {
        "page": page,
        "query": query,
        "chosen": chosen,
        "services": services,
        "statuses": Status.choices,
        "review_filters": REVIEW_FILTERS.items(),
        "filter_query": filters.urlencode(),
        "is_filtered": bool(query or any(chosen.values())),
        "can_start": Membership.objects.filter(user=request.user, role__in=EDITOR_ROLES).exists(),
        "crumbs": [("Home", reverse("home")), ("Equality impact assessments", None)],
    })


@require_http_methods(["GET", "POST"])
def assessment_start(request):
    services = _services_for(request.user, roles=EDITOR_ROLES)
    if not services.exists():
        raise PermissionDenied
    form = StartAssessmentForm(request.POST or None, services=services)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            assessment = form.save(commit=False)
            assessment.council = assessment.service.council
            assessment.created_by = request.user
            assessment.save()
            assessment.copy_grid_from_council()
        messages.success(request, f"You started ‘{assessment.title}’. It is saved as a draft.")
        return redirect(assessment)
    return render(request, "assessments/start.html", {
        "form": form,
        "errors": error_list(form),
        "crumbs": _crumbs(("Start a new assessment", None)),
    })


@require_GET
def assessment_detail(request, pk):
    assessment = get_for_person(
        Assessment.objects.select_related("council", "service", "created_by").prefetch_related(
            "rows",
            Prefetch("actions", queryset=AssessmentAction.objects.prefetch_related(
                Prefetch("mitigates", queryset=ImpactRow.objects.only("id", "label", "position"))
            )),
        ),
        request.user, pk=pk,
    )
    rows = list(assessment.rows.all())
    return render(request, "assessments/detail.html", {
        "assessment": assessment,
        "rows": rows,
        "actions": assessment.actions.all(),
        "filled_rows": sum(row.is_filled for row in rows),
        "review": assessment.review_summary(),
        "uncovered": assessment.uncovered_characteristics(),
        "can_edit": assessment.status == Status.DRAFT
        and has_role(request.user, assessment.council, *EDITOR_ROLES),
        "crumbs": _crumbs((assessment.title, None)),
    })


@require_http_methods(["GET", "POST"])
def assessment_edit(request, pk):
    assessment = _get_assessment(request, pk, for_editing=True)
    services = _services_for(request.user, roles=EDITOR_ROLES).filter(council=assessment.council)
    form = AssessmentDetailsForm(request.POST or None, instance=assessment, services=services)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "The assessment's details are saved.")
        return redirect(assessment)
    return render(request, "assessments/edit.html", {
        "assessment": assessment,
        "form": form,
        "errors": error_list(form),
        "crumbs": _crumbs((assessment.title, assessment.get_absolute_url()), ("Details", None)),
    })


@require_http_methods(["GET", "POST"])
def assessment_grid(request, pk):
    assessment = _get_assessment(request, pk, for_editing=True)
    formset = GridFormSet(request.POST or None, queryset=assessment.rows.all(), prefix="rows")
    if request.method == "POST" and formset.is_valid():
        with transaction.atomic():
            formset.save()
            Assessment.objects.filter(pk=assessment.pk).update(updated_at=timezone.now())
        messages.success(request, "The impact grid is saved.")
        return redirect(assessment)
    return render(request, "assessments/grid.html", {
        "assessment": assessment,
        "formset": formset,
        "levels": LEVEL_DEFINITIONS,
        "errors": [(message, "main-content") for message in formset.non_form_errors()] + error_list(*formset.forms),
        "crumbs": _crumbs((assessment.title, assessment.get_absolute_url()), ("Impact grid", None)),
    })


@require_http_methods(["GET", "POST"])
def action_add(request, pk):
    assessment = _get_assessment(request, pk, for_editing=True)
    return _action_form(request, assessment, AssessmentAction(assessment=assessment))


@require_http_methods(["GET", "POST"])
def action_edit(request, pk, action_pk):
    assessment = _get_assessment(request, pk, for_editing=True)
    action = get_for_person(AssessmentAction.objects.filter(assessment=assessment), request.user,
                            council_field="assessment__council", pk=action_pk)
    return _action_form(request, assessment, action)


def _action_form(request, assessment, action):
    form = AssessmentActionForm(request.POST or None, instance=action, assessment=assessment)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if action.pk is None:
                action.position = assessment.actions.count() + 1
            form.save()
            Assessment.objects.filter(pk=assessment.pk).update(updated_at=timezone.now())
        messages.success(request, "The action is saved.")
        return redirect(reverse("assessments:detail", args=[assessment.pk]) + "#action-plan")
    title = "Add an action" if action.pk is None else "Change an action"
    return render(request, "assessments/action_form.html", {
        "assessment": assessment,
        "action": action,
        "form": form,
        "title": title,
        "errors": error_list(form),
        "crumbs": _crumbs((assessment.title, assessment.get_absolute_url()), (title, None)),
    })


@require_http_methods(["GET", "POST"])
def action_remove(request, pk, action_pk):
    assessment = _get_assessment(request, pk, for_editing=True)
    action = get_for_person(AssessmentAction.objects.filter(assessment=assessment), request.user,
                            council_field="assessment__council", pk=action_pk)
    if request.method == "POST":
        with transaction.atomic():
            action.delete()
            Assessment.objects.filter(pk=assessment.pk).update(updated_at=timezone.now())
        messages.success(request, "The action is removed.")
        return redirect(reverse("assessments:detail", args=[assessment.pk]) + "#action-plan")
    return render(request, "assessments/action_remove.html", {
        "assessment": assessment,
        "action": action,
        "crumbs": _crumbs((assessment.title, assessment.get_absolute_url()), ("Remove an action", None)),
    })


@require_GET
def assessment_pdf(request, pk):
    assessment = get_for_person(Assessment.objects.select_related("council", "service"), request.user, pk=pk)
    return assessment_pdf_response(assessment)
