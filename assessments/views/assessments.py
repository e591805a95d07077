"""The EIAs of a person's councils, starting one, its page, and editing a draft: its details, its impact grid, the
characteristics the grid leaves out, and its actions (a section of the EIA, saved under its revision, as its grid
is). Every save is checked against what was saved since the page was opened: if somebody else saved first and
changed something this person typed differently, nothing is saved and the page shows both, side by side, with
everything typed still in the form."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_text_list
from django.views.decorators.http import require_GET, require_http_methods

from assessments import services
from assessments.characteristics import nation_duties
from assessments.forms import (
    REVIEW_FILTERS,
    AssessmentActionForm,
    AssessmentDetailsForm,
    AssessmentFilters,
    CoverageForm,
    GridFormSet,
    GridQuestionsForm,
    GridWithQuestions,
    StartAssessmentForm,
)
from assessments.models import (
    IN_FORCE,
    LEVEL_DEFINITIONS,
    Assessment,
    AssessmentAction,
    DecisionRecord,
    ImpactRow,
    IssuedPdf,
    Screening,
    ScreeningStatus,
    Status,
    StatusChange,
    Step,
)
from assessments.permissions import EDITOR_ROLES, follow_up_refusal, may_edit, open_steps
from assessments.views.common import (
    crumbs,
    eia_crumbs,
    eias,
    form_for,
    get_assessment_to_edit,
    refusals_go_back,
    services_for,
)
from councils.access import councils_where, fetch, my_councils, scoped
from councils.conflicts import action_checks, differences, edit_page
from councils.drafts import delete_draft_page, offers_deletion
from councils.lifecycle import author_refusal
from councils.models import ScreeningUse
from councils.once import create_page, creates_once

PAGE_SIZE = 20


@require_GET
def assessment_list(request):
    filters = AssessmentFilters(request.GET)
    chosen = filters.chosen()
    query = chosen.pop("q")
    page_number, screenings_page = chosen.pop("page"), chosen.pop("screenings_page")
    # The newest version of each EIA; but a review date belongs to the signed-off version, which stays due
    # while its review is being written.
    assessments = (
        Assessment.objects.filter(status__in=IN_FORCE)
        if chosen["review"] in REVIEW_FILTERS
        else Assessment.objects.latest_versions()
    )
    assessments = scoped(assessments.select_related("service", "council"), request)
    services = services_for(request.user)

    if query:
        # The reference an EIA had before EqA is what some officers still know it by.
        assessments = assessments.filter(
            Q(title__icontains=query) | Q(reference__icontains=query) | Q(old_reference__icontains=query)
        )
    service = services.filter(pk=chosen["service"]).first() if chosen["service"] else None
    if service:
        assessments = _in_service(assessments, service)
    if chosen["status"] in Status.values:
        assessments = assessments.filter(status=chosen["status"])
    today = timezone.localdate()
    assessments = _review_due(assessments, chosen["review"], today)

    screenings = _screenings(request, query, service, chosen, today)
    # Whether the person may start an EIA, and a screening: each council's screening setting where they write.
    uses = list(councils_where(request.user, *EDITOR_ROLES).values_list("screening_use", flat=True))
    return render(
        request,
        "assessments/list.html",
        {
            "page": Paginator(assessments, PAGE_SIZE).get_page(page_number),
            "query": query,
            "chosen": chosen,
            "services": services,
            "statuses": Status.choices,
            "review_filters": REVIEW_FILTERS.items(),
            "filter_query": filters.query_string(),
            "is_filtered": bool(query or any(chosen.values())),
            "can_start": bool(uses),
            "can_screen": any(use != ScreeningUse.NOT_USED for use in uses),
            "screenings": Paginator(screenings, PAGE_SIZE).get_page(screenings_page),
            "screenings_query": filters.query_string(turning="screenings_page"),
            "crumbs": [("Home", reverse("home")), ("Equality impact assessments", None)],
        },
    )


def _screenings(request, query, service, chosen, today):
    """The screenings beside the EIAs, by the same search and filters: the newest version of each, most recently
    changed first. A status means the same stage of a screening (its sign-off is the decision to screen out, and a
    screening is never moderated or published); a review date is a screened-out decision's."""
    # The version before, for the decision that stays in force while a reopened screening is being decided again;
    # and the full EIA a screening started, which carries its decision on.
    screenings = scoped(
        Screening.objects.latest_versions().select_related("service", "council", "previous_version", "assessment"),
        request,
    )
    if query:
        screenings = screenings.filter(Q(title__icontains=query) | Q(reference__icontains=query))
    if service:
        screenings = _in_service(screenings, service)
    if chosen["status"] in Status.values:
        stage = Status(chosen["status"]).name
        screenings = (
            screenings.filter(status=ScreeningStatus[stage]) if stage in ScreeningStatus.names else screenings.none()
        )
    if chosen["review"] in REVIEW_FILTERS:
        screenings = _review_due(screenings.filter(status=ScreeningStatus.APPROVED), chosen["review"], today)
    return screenings


def _in_service(records, service):
    """A service includes the teams under it."""
    return records.filter(
        Q(service=service) | Q(service__council=service.council_id, service__path__startswith=f"{service.path} > ")
    )


def _review_due(records, review, today):
    if review == "overdue":
        return records.filter(review_due__lt=today)
    if review in ("90", "365"):
        return records.filter(review_due__gte=today, review_due__lte=today + timedelta(days=int(review)))
    return records


@require_GET
def assessment_detail(request, pk):
    assessment, standing = fetch(
        request,
        Assessment.objects.select_related(
            "council",
            "service",
            "created_by",
            "approved_by",
            "moderated_by",
            "screening",
        ).prefetch_related(
            Prefetch("previous_version", queryset=Assessment.objects.only("pk", "version")),
            Prefetch("next_version", queryset=Assessment.objects.only("pk", "version", "previous_version")),
            "rows",
            Prefetch(
                "actions",
                queryset=AssessmentAction.objects.select_related("done").prefetch_related(
                    Prefetch("mitigates", queryset=ImpactRow.objects.only("id", "label", "position"))
                ),
            ),
            Prefetch("status_changes", queryset=StatusChange.objects.select_related("by")),
            "issued_pdfs",
            Prefetch("decisions", queryset=DecisionRecord.objects.select_related("signed_off_pdf")),
        ),
        pk=pk,
    )
    rows = list(assessment.rows.all())
    issued_pdfs = list(assessment.issued_pdfs.all())
    # What happens after sign-off: the decision it informed, its actions done.
    follows_up = follow_up_refusal(assessment, standing, "") is None
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
            "origin": assessment.origin_screening(),
            "rows": rows,
            "actions": assessment.actions.all(),
            "standard_fields": assessment.standard_fields_shown(),
            "questions": assessment.questions_shown(),
            "filled_rows": sum(row.is_filled for row in rows),
            "review": assessment.review_summary(),
            # Only those still to be explained: once each has its reason, the page lists the reasons instead.
            "unexplained": [c for c in uncovered if not assessment.uncovered_reasons.get(c.value, "").strip()],
            "coverage_reasons": [
                (c.label, assessment.uncovered_reasons[c.value])
                for c in uncovered
                if assessment.uncovered_reasons.get(c.value)
            ],
            "duties": nation_duties(assessment.council.nation),
            "can_edit": may_edit(assessment, standing),
            "steps": steps,
            "not_theirs_to_sign": _not_theirs_to_sign(assessment, standing, steps),
            "can_delete": offers_deletion(assessment, standing, timeline),
            "Step": Step,
            "timeline": timeline,
            "returned": returned,
            "issued_pdfs": issued_pdfs,
            "decisions": assessment.decisions.all(),
            # Only with the PDF issued at sign-off, which the decision is kept with.
            "may_record_decision": follows_up and any(issued.kind == IssuedPdf.Kind.SIGN_OFF for issued in issued_pdfs),
            "may_record_done": follows_up,
            "crumbs": eia_crumbs(assessment)[:-1] + [(assessment.title, None)],
        },
    )


def _not_theirs_to_sign(assessment, standing, steps):
    """Why an approver who could otherwise sign the EIA off may not: they are one of its authors."""
    if assessment.status != Status.SUBMITTED or Step.APPROVE in steps or not standing.approves_for(assessment.service):
        return None
    return author_refusal(assessment, standing.person, "assessment")


@require_http_methods(["GET", "POST"])
@creates_once()
def assessment_start(request):
    services_ = services_for(request.user, roles=EDITOR_ROLES)
    if not services_.exists():
        raise PermissionDenied
    councils = list(councils_where(request.user, *EDITOR_ROLES).order_by("name"))
    # A council whose EIAs always start with a screening starts them from the screening, once it finds one needed:
    # its services are not offered here, and the page says so, naming it.
    screen_first = [council.name for council in councils if council.screening_use == ScreeningUse.ALWAYS]
    direct = services_.exclude(council__screening_use=ScreeningUse.ALWAYS)
    if not direct.exists():
        return render(
            request,
            "assessments/start_with_screening.html",
            {
                "screen_first": get_text_list(screen_first, "and"),
                "screen_first_count": len(screen_first),
                "crumbs": crumbs(("Start a screening", None)),
            },
        )
    form = StartAssessmentForm(request.POST or None, services=direct, several=len(my_councils(request)) > 1)
    return create_page(
        request,
        form,
        create=lambda: services.assessment_start(form=form, by=request.user),
        message=lambda assessment: f"You started ‘{assessment.title}’. It is saved as a draft.",
        template="assessments/start.html",
        context={
            "crumbs": crumbs(("Start a new assessment", None)),
            "screen_first": get_text_list(screen_first, "and"),
            "screen_first_count": len(screen_first),
            "may_screen": any(council.screening_use == ScreeningUse.OPTIONAL for council in councils),
        },
    )


@require_http_methods(["GET", "POST"])
@refusals_go_back
def assessment_edit(request, pk):
    def details(assessment):
        services_ = services_for(request.user, roles=EDITOR_ROLES).filter(council=assessment.council)
        return form_for(request, AssessmentDetailsForm, instance=assessment, services=services_)

    assessment, _ = get_assessment_to_edit(request, pk, details)
    form = details(assessment)
    return edit_page(
        request,
        assessment,
        form,
        save=lambda rev: services.assessment_update(assessment=assessment, form=form, by=request.user, revision=rev),
        compare=form.clash_table,
        to=assessment,
        message="The assessment's details are saved.",
        what="assessment",
        template="assessments/edit.html",
        context={"assessment": assessment, "form": form, "crumbs": eia_crumbs(assessment, ("Details", None))},
    )


@require_http_methods(["GET", "POST"])
@refusals_go_back
def assessment_grid(request, pk):
    def grid(assessment):
        return GridWithQuestions(
            GridFormSet(request.POST or None, queryset=assessment.rows.all(), prefix="rows"),
            GridQuestionsForm(request.POST or None, instance=assessment),
        )

    assessment, _ = get_assessment_to_edit(request, pk, grid)
    both = grid(assessment)
    formset, questions = both.formset, both.questions
    # Arriving from the submit page's list of problems: each row still empty says so, as a save would.
    checking = request.method == "GET" and request.GET.get("check") == "submission"
    unfilled = [form.instance for form in formset.forms if checking and not form.instance.is_filled]

    def saved_rows(current):
        rows = {row.pk: row for row in current.rows.all()}
        return [(form, rows[form.instance.pk]) for form in formset.forms if form.instance.pk in rows]

    def compare(current):
        return differences(
            (form[name], form.cleaned_data.get(name), getattr(row, name))
            for form, row in saved_rows(current)
            for name in form.clashes(row)
        ) + questions.clash_table(current)

    def merge(current):
        for form, row in saved_rows(current):
            form.keep_others_changes(row)
        questions.keep_others_changes(current)

    return edit_page(
        request,
        assessment,
        both,
        save=lambda rev: services.grid_save(
            assessment=assessment, formset=formset, questions=questions, by=request.user, revision=rev
        ),
        compare=compare,
        merge=merge,
        to=assessment,
        message="The impact grid is saved.",
        what="assessment",
        template="assessments/grid.html",
        context={
            "assessment": assessment,
            "formset": formset,
            "questions": questions,
            "levels": LEVEL_DEFINITIONS,
            "unfilled": unfilled,
            "checking_submission": checking,
            "errors": [(row.unfilled_problem, f"row-{row.position}") for row in unfilled],
            "crumbs": eia_crumbs(assessment, ("Impact grid", None)),
        },
    )


@require_http_methods(["GET", "POST"])
@creates_once(landing=lambda action: reverse("assessments:detail", args=[action.assessment_id]) + "#action-plan")
@refusals_go_back
def action_add(request, pk):
    def form(assessment):
        return _bound_action(request, assessment, AssessmentAction(assessment=assessment))

    assessment, _ = get_assessment_to_edit(request, pk, form)
    return _action_form(request, assessment, form(assessment))


@require_http_methods(["GET", "POST"])
@refusals_go_back
def action_edit(request, pk, action_pk):
    def form(assessment):
        return _bound_action(request, assessment, get_object_or_404(assessment.actions, pk=action_pk))

    assessment, _ = get_assessment_to_edit(request, pk, form)
    return _action_form(request, assessment, form(assessment))


def _bound_action(request, assessment, action):
    return AssessmentActionForm(request.POST or None, instance=action, assessment=assessment)


def _action_form(request, assessment, form):
    action = form.instance
    title = "Add an action" if action.pk is None else "Change an action"
    return edit_page(
        request,
        assessment,
        form,
        save=lambda rev: services.action_save(assessment=assessment, form=form, by=request.user, revision=rev),
        **action_checks(form, lambda current: current.actions.filter(pk=action.pk).first(), named_by="action_required"),
        to=reverse("assessments:detail", args=[assessment.pk]) + "#action-plan",
        message="The action is saved.",
        what="assessment",
        template="assessments/action_form.html",
        context={
            "assessment": assessment,
            "action": action,
            "form": form,
            "title": title,
            "crumbs": eia_crumbs(assessment, (title, None)),
        },
    )


@require_http_methods(["GET", "POST"])
@refusals_go_back
def action_remove(request, pk, action_pk):
    assessment, _ = get_assessment_to_edit(request, pk)
    action = get_object_or_404(assessment.actions, pk=action_pk)
    if request.method == "POST":
        # Removing overwrites no text, so somebody else's save in between does not stop it.
        services.action_remove(assessment=assessment, action=action, by=request.user, revision=None)
        messages.success(request, "The action is removed.")
        return redirect(reverse("assessments:detail", args=[assessment.pk]) + "#action-plan")
    return render(
        request,
        "assessments/action_remove.html",
        {
            "assessment": assessment,
            "action": action,
            "crumbs": eia_crumbs(assessment, ("Remove an action", None)),
        },
    )


@require_http_methods(["GET", "POST"])
@refusals_go_back
def coverage(request, pk):
    """Why the grid leaves out a statutory characteristic: needed before the EIA can be submitted."""

    def reasons(assessment):
        uncovered = (
            Assessment.objects.select_related("council").prefetch_related("rows").get(pk=assessment.pk)
        ).uncovered_characteristics()
        return form_for(request, CoverageForm, uncovered=uncovered, saved=assessment.uncovered_reasons)

    assessment, _ = get_assessment_to_edit(request, pk, reasons)
    form = reasons(assessment)

    def compare(current):
        saved = current.uncovered_reasons
        return differences(
            (form[name].label, form.reasons()[name], saved.get(name, "")) for name in form.clashes(saved)
        )

    return edit_page(
        request,
        assessment,
        form,
        save=lambda rev: services.uncovered_reasons_save(
            assessment=assessment, reasons=form.reasons(), by=request.user, revision=rev
        ),
        compare=compare,
        merge=lambda current: form.keep_others_changes(current.uncovered_reasons),
        to=assessment,
        message="Your reasons are saved.",
        what="assessment",
        template="assessments/coverage.html",
        context={
            "assessment": assessment,
            "form": form,
            "uncovered": form.names,
            "duties": nation_duties(assessment.council.nation),
            "crumbs": eia_crumbs(assessment, ("Characteristics the grid leaves out", None)),
        },
    )


@require_http_methods(["GET", "POST"])
def assessment_delete(request, pk):
    """Delete a draft that was never submitted, once the person confirms; kept in the council's deletion log."""
    assessment, _ = fetch(request, eias(), pk=pk)
    return delete_draft_page(
        request,
        assessment,
        noun="assessment",
        done_url="assessments:list",
        crumbs=eia_crumbs(assessment, ("Delete this draft", None)),
    )
