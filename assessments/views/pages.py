from datetime import timedelta

from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from assessments.forms import REVIEW_FILTERS, AssessmentFilters
from assessments.history import assessment_history
from assessments.models import Assessment, AssessmentAction, ImpactRow, IssuedPdf, Status, StatusChange, Step
from assessments.pdf import assessment_pdf_response, issued_pdf_response
from assessments.permissions import EDITOR_ROLES, may_edit, open_steps
from assessments.views.common import eia_crumbs, get_assessment, services_for
from councils.access import scoped
from councils.forms import QueryForm
from councils.lifecycle import author_refusal
from councils.models import Membership, Role

PAGE_SIZE = 20
REVIEWED = [Status.APPROVED, Status.MODERATED, Status.PUBLISHED]


@require_GET
def assessment_list(request):
    filters = AssessmentFilters(request.GET)
    chosen = filters.chosen()
    query = chosen.pop("q")
    # The newest version of each EIA; but a review date belongs to the signed-off version, which stays due
    # while its review is being written.
    assessments = (
        Assessment.objects.filter(status__in=REVIEWED)
        if chosen["review"] in REVIEW_FILTERS
        else Assessment.objects.latest_versions()
    )
    assessments = scoped(assessments.select_related("service", "council"), request.user)
    services = services_for(request.user)

    if query:
        assessments = assessments.filter(title__icontains=query)
    service = services.filter(pk=chosen["service"]).first() if chosen["service"] else None
    if service:
        # A service includes the teams under it.
        assessments = assessments.filter(
            Q(service=service) | Q(service__council=service.council_id, service__path__startswith=f"{service.path} > ")
        )
    if chosen["status"] in Status.values:
        assessments = assessments.filter(status=chosen["status"])
    today = timezone.localdate()
    if chosen["review"] == "overdue":
        assessments = assessments.filter(review_due__lt=today)
    elif chosen["review"] in ("90", "365"):
        assessments = assessments.filter(
            review_due__gte=today, review_due__lte=today + timedelta(days=int(chosen["review"]))
        )

    page = Paginator(assessments, PAGE_SIZE).get_page(chosen.pop("page"))
    return render(
        request,
        "assessments/list.html",
        {
            "page": page,
            "query": query,
            "chosen": chosen,
            "services": services,
            "statuses": Status.choices,
            "review_filters": REVIEW_FILTERS.items(),
            "filter_query": filters.query_string(),
            "is_filtered": bool(query or any(chosen.values())),
            "can_start": Membership.objects.filter(user=request.user, role__in=EDITOR_ROLES).exists(),
            "crumbs": [("Home", reverse("home")), ("Equality impact assessments", None)],
        },
    )


@require_GET
def assessment_detail(request, pk):
    assessment, standing = get_assessment(
        request,
        pk,
        Assessment.objects.select_related(
            "council",
            "service",
            "created_by",
            "approved_by",
            "moderated_by",
        ).prefetch_related(
            Prefetch("previous_version", queryset=Assessment.objects.only("pk", "version")),
            Prefetch("next_version", queryset=Assessment.objects.only("pk", "version", "previous_version")),
            "rows",
            Prefetch(
                "actions",
                queryset=AssessmentAction.objects.prefetch_related(
                    Prefetch("mitigates", queryset=ImpactRow.objects.only("id", "label", "position"))
                ),
            ),
            Prefetch("status_changes", queryset=StatusChange.objects.select_related("by")),
            "issued_pdfs",
        ),
    )
    rows = list(assessment.rows.all())
    uncovered = assessment.uncovered_characteristics()
    steps = open_steps(assessment, standing)
    timeline = list(assessment.status_changes.all())
    returned = (
        timeline[-1]
        if timeline
        and assessment.status == Status.DRAFT
        and timeline[-1].note
        and timeline[-1].from_status == Status.SUBMITTED
        else None
    )
    return render(
        request,
        "assessments/detail.html",
        {
            "assessment": assessment,
            "rows": rows,
            "actions": assessment.actions.all(),
            "filled_rows": sum(row.is_filled for row in rows),
            "review": assessment.review_summary(),
            # Only those still to be explained: once each has its reason, the page lists the reasons instead.
            "unexplained": [c for c in uncovered if not assessment.uncovered_reasons.get(c.value, "").strip()],
            "coverage_reasons": [
                (c.label, assessment.uncovered_reasons[c.value])
                for c in uncovered
                if assessment.uncovered_reasons.get(c.value)
            ],
            "can_edit": may_edit(assessment, standing),
            "steps": steps,
            "not_theirs_to_sign": _not_theirs_to_sign(assessment, standing, steps),
            "can_delete": _may_delete(assessment, standing, timeline),
            "Step": Step,
            "timeline": timeline,
            "returned": returned,
            "issued_pdfs": assessment.issued_pdfs.all(),
            "crumbs": eia_crumbs(assessment)[:-1] + [(assessment.title, None)],
        },
    )


def _may_delete(assessment, standing, timeline):
    """Whether to offer "Delete this draft": the page already has what the rule reads, so it asks no more."""
    if assessment.status != Status.DRAFT or any(change.to_status == Status.SUBMITTED for change in timeline):
        return False
    return standing.has(Role.COUNCIL_ADMIN) or assessment.created_by_id == standing.person.pk


def _not_theirs_to_sign(assessment, standing, steps):
    """Why an approver who could otherwise sign the EIA off may not: they are one of its authors."""
    if assessment.status != Status.SUBMITTED or Step.APPROVE in steps or not standing.approves_for(assessment.service):
        return None
    return author_refusal(assessment, standing.person, "assessment")


@require_GET
def assessment_history_page(request, pk):
    assessment, _ = get_assessment(request, pk)
    entries = assessment_history(assessment)
    page = Paginator(entries, 50).get_page(QueryForm(request.GET).chosen()["page"])
    return render(
        request,
        "assessments/history.html",
        {
            "assessment": assessment,
            "page": page,
            "crumbs": eia_crumbs(assessment, ("History", None)),
        },
    )


@require_GET
def assessment_pdf(request, pk):
    assessment, _ = get_assessment(request, pk)
    return assessment_pdf_response(assessment)


@require_GET
def issued_pdf(request, pk, issued_pk):
    assessment, _ = get_assessment(request, pk)
    return issued_pdf_response(
        get_object_or_404(IssuedPdf.objects.select_related("assessment"), assessment=assessment, pk=issued_pk)
    )
