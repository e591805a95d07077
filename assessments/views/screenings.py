"""A screening's pages: starting one, its page, its details and answers (drafts only), deleting a draft, its steps,
its History and its PDFs. Every record is fetched through councils.access.fetch: another council's answers 404."""

from collections import Counter

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import date, pluralize
from django.urls import reverse
from django.utils.timezone import localtime
from django.views.decorators.http import require_GET, require_http_methods

from assessments import services
from assessments.forms.screening import (
    AnswersFormSet,
    RequireFullEiaForm,
    ScreeningDetailsForm,
    ScreeningReturnForm,
    StartScreeningForm,
)
from assessments.models import (
    Screening,
    ScreeningAnswerChoice,
    ScreeningIssuedPdf,
    ScreeningStatus,
    ScreeningStatusChange,
    ScreeningStep,
)
from assessments.screening_history import screening_history
from assessments.screening_pdf import issued_screening_pdf_response, screening_pdf_response
from assessments.screening_permissions import EDITOR_ROLES, may_edit, open_steps, refusal
from assessments.views.common import services_for
from councils.access import fetch, fetch_to_edit, my_councils, refuse
from councils.audit import history_page
from councils.conflicts import differences, edit_page, refusals_explained
from councils.drafts import delete_draft_page, offers_deletion
from councils.forms import error_list
from councils.lifecycle import TransitionRefused, author_refusal, status_in_words
from councils.models import ScreeningUse
from councils.once import create_page, creates_once
from councils.templatetags.people import person

Step = ScreeningStep


def screenings():
    return Screening.objects.select_related("council", "service")


def crumbs(*pairs):
    return [("Home", reverse("home")), ("Equality impact assessments", reverse("assessments:list")), *pairs]


def screening_crumbs(screening, *pairs):
    return crumbs((f"Screening: {screening.title}", screening.get_absolute_url()), *pairs)


def _not_editable(request, screening, standing, typed):
    return render(
        request,
        "assessments/screening_not_editable.html",
        {
            "screening": screening,
            "status": status_in_words(screening),
            "typed": typed,
            "crumbs": screening_crumbs(screening, ("Cannot be changed", None)),
        },
    )


# A step or an edit the screening's status no longer allows goes back to its page, saying why.
refusals_go_back = refusals_explained(_not_editable, to="assessments:screening")


def screening_services(user):
    """The services where the person may start a screening: theirs as an author, in councils that use screening."""
    return services_for(user, roles=EDITOR_ROLES).exclude(council__screening_use=ScreeningUse.NOT_USED)


@require_http_methods(["GET", "POST"])
@creates_once()
def screening_start(request):
    if not services_for(request.user, roles=EDITOR_ROLES).exists():
        raise PermissionDenied
    services_ = screening_services(request.user)
    if not services_.exists():
        return render(
            request,
            "assessments/screening_not_used.html",
            {"crumbs": crumbs(("Start a screening", None))},
        )
    form = StartScreeningForm(request.POST or None, services=services_, several=len(my_councils(request)) > 1)
    return create_page(
        request,
        form,
        create=lambda: services.screening_start(form=form, by=request.user),
        message=lambda screening: f"You started the screening ‘{screening.title}’. It is saved as a draft.",
        template="assessments/screening_start.html",
        context={"crumbs": crumbs(("Start a screening", None))},
    )


@require_GET
def screening_detail(request, pk):
    screening, standing = fetch(
        request,
        Screening.objects.select_related(
            "council", "service", "created_by", "approved_by", "assessment", "issued_pdf"
        ).prefetch_related(
            Prefetch("previous_version", queryset=Screening.objects.only("pk", "version")),
            Prefetch("next_version", queryset=Screening.objects.only("pk", "version", "previous_version")),
            "answers",
            Prefetch("status_changes", queryset=ScreeningStatusChange.objects.select_related("by")),
        ),
        pk=pk,
    )
    timeline = list(screening.status_changes.all())
    returned = (
        timeline[-1]
        if timeline
        and screening.status == ScreeningStatus.DRAFT
        and timeline[-1].note
        and timeline[-1].from_status == ScreeningStatus.SUBMITTED
        else None
    )
    steps = open_steps(screening, standing)
    outcome = screening.outcome()
    step_next = next_step(screening, outcome, steps)
    not_theirs = None
    if (
        screening.status == ScreeningStatus.SUBMITTED
        and Step.APPROVE not in steps
        and standing.approves_for(screening.service)
    ):
        not_theirs = author_refusal(screening, standing.person, "screening")
    return render(
        request,
        "assessments/screening_detail.html",
        {
            "screening": screening,
            "answers": screening.answers.all(),
            "questions": screening.questions_shown(),
            "outcome": outcome,
            "decision": screening.decision,
            "decided_by": _who_and_when(screening),
            "next_step": step_next,
            "left_to_do": left_to_do(screening) if step_next in ("start", "conclude", "answer") else [],
            "can_edit": may_edit(screening, standing),
            "can_delete": offers_deletion(screening, standing, timeline),
            "steps": steps,
            "Step": Step,
            "timeline": timeline,
            "returned": returned,
            "not_theirs_to_decide": not_theirs,
            "assessment": getattr(screening, "assessment", None),
            "issued_pdf": getattr(screening, "issued_pdf", None),
            "crumbs": crumbs((f"Screening: {screening.title}", None)),
        },
    )


def _who_and_when(screening):
    if screening.approved_by is None:
        return ""
    return f"{person(screening.approved_by)}, {date(localtime(screening.approved_at), 'j F Y')}"


def next_step(screening, outcome, steps):
    """What happens next, for the page to say to the person looking: a step they may take now, or who acts next.
    An author is told what to do only while they can do it; a decided screening says what was decided."""
    if Step.START_EIA in steps:
        return "start"
    if Step.SUBMIT in steps:
        return "conclude" if outcome.all_no else "answer"
    if Step.APPROVE in steps or Step.REQUIRE_FULL_EIA in steps:
        return "decide"
    if Step.REOPEN in steps:
        return "reopen"
    if screening.status == ScreeningStatus.SUBMITTED:
        return "awaits_decision"
    if screening.status == ScreeningStatus.FULL_EIA_NEEDED and screening.is_latest and not screening.has_started_eia():
        return "awaits_start"
    return ""


def left_to_do(screening):
    """What is left to do before the author may submit the draft or start its full EIA, each (what to do, link): the
    page offers the step only when this is empty, so it never offers a step that is then refused. Rows come one line
    for each kind, so thirteen rows without an answer are one line, not thirteen."""
    if screening.status != ScreeningStatus.DRAFT:
        return []
    problems = screening.submission_problems()
    rows = [where for _, where in problems if isinstance(where, int)]
    blank = {answer.position for answer in screening.answers.all() if not answer.answer}
    unanswered = [position for position in rows if position in blank]
    without_reason = [position for position in rows if position not in blank]
    answers = reverse("assessments:screening-answers", args=[screening.pk])
    left = []
    if unanswered:
        count = len(unanswered)
        left.append(
            (
                f"Answer every row: {count} row{pluralize(count)} {pluralize(count, 'has,have')} no answer",
                f"{answers}#answer-{unanswered[0]}",
            )
        )
    if without_reason:
        count = len(without_reason)
        left.append(
            (
                f"Give the reason for each Yes or Don't know: {count} {pluralize(count, 'has,have')} none",
                f"{answers}#answer-{without_reason[0]}",
            )
        )
    return left + problem_links(screening, [(message, where) for message, where in problems if where not in rows])


def _to_edit(request, pk, form):
    """The screening to edit; `form(screening)` is the page's form bound to what was sent, shown to a person whose
    old tab sent it after the screening moved on."""
    return fetch_to_edit(request, screenings(), may_edit=may_edit, editors=EDITOR_ROLES, form=form, pk=pk)


@require_http_methods(["GET", "POST"])
@refusals_go_back
def screening_edit(request, pk):
    def details(screening):
        services_ = services_for(request.user, roles=EDITOR_ROLES).filter(council=screening.council)
        return ScreeningDetailsForm(request.POST or None, instance=screening, services=services_)

    screening, _ = _to_edit(request, pk, details)
    form = details(screening)
    return edit_page(
        request,
        screening,
        form,
        save=lambda rev: services.screening_update(screening=screening, form=form, by=request.user, revision=rev),
        compare=form.clash_table,
        to=screening,
        message="The screening's details are saved.",
        what="screening",
        template="assessments/screening_edit.html",
        context={"screening": screening, "form": form, "crumbs": screening_crumbs(screening, ("Details", None))},
    )


@require_http_methods(["GET", "POST"])
@refusals_go_back
def screening_answers(request, pk):
    def answers(screening):
        return AnswersFormSet(request.POST or None, queryset=screening.answers.all(), prefix="answers")

    screening, _ = _to_edit(request, pk, answers)
    formset = answers(screening)

    def saved_answers(current):
        answers = {a.pk: a for a in current.answers.all()}
        return [(form, answers[form.instance.pk]) for form in formset.forms if form.instance.pk in answers]

    def compare(current):
        return differences(
            (form[name], form.cleaned_data.get(name), getattr(answer, name))
            for form, answer in saved_answers(current)
            for name in form.clashes(answer)
        )

    def merge(current):
        for form, answer in saved_answers(current):
            form.keep_others_changes(answer)

    return edit_page(
        request,
        screening,
        formset,
        save=lambda rev: services.screening_answers_save(
            screening=screening, formset=formset, by=request.user, revision=rev
        ),
        compare=compare,
        merge=merge,
        to=screening,
        message="The answers are saved.",
        what="screening",
        template="assessments/screening_answers.html",
        context={
            "screening": screening,
            "formset": formset,
            "crumbs": screening_crumbs(screening, ("Answers", None)),
        },
    )


@require_http_methods(["GET", "POST"])
def screening_delete(request, pk):
    """Delete a draft that was never submitted, once the person confirms; kept in the council's deletion log."""
    screening, _ = fetch(request, screenings(), pk=pk)
    return delete_draft_page(
        request,
        screening,
        noun="screening",
        done_url="assessments:list",
        crumbs=screening_crumbs(screening, ("Delete this draft", None)),
    )


FORMS = {Step.RETURN: ScreeningReturnForm, Step.REQUIRE_FULL_EIA: RequireFullEiaForm}

DONE = {
    Step.SUBMIT: "The screening is submitted. Approvers of your council can now decide it.",
    Step.RETURN: "The screening is returned to its author with your reason.",
    Step.APPROVE: "The screening is decided: no full EIA is needed. Its PDF is issued and kept as it is now.",
    Step.REQUIRE_FULL_EIA: "The screening is decided: a full EIA is needed. Its author can now start it.",
    Step.REOPEN: "Version {version} of the screening is started as a draft, with a copy of version {previous}.",
}


def _take(step, screening, by, form):
    if step == Step.SUBMIT:
        return screening.submit(by=by)
    if step == Step.RETURN:
        return screening.return_for_changes(by=by, reason=form.cleaned_data["reason"])
    if step == Step.APPROVE:
        return services.screening_approve(screening=screening, by=by)
    if step == Step.REQUIRE_FULL_EIA:
        return screening.require_full_eia(by=by, reason=form.cleaned_data["reason"])
    if step == Step.START_EIA:
        return services.screening_start_eia(screening=screening, by=by)
    return screening.reopen(by=by)


# What the new EIA's grid flags for each answer, in the message that says what was carried over.
CARRIED = [
    (ScreeningAnswerChoice.YES, "Yes (negative impact to rate)"),
    (ScreeningAnswerChoice.DONT_KNOW, "Don't know (to assess)"),
    (ScreeningAnswerChoice.NO, "No"),
]


def started_eia_message(assessment):
    """What starting the full EIA carried over, counted from the grid it made."""
    answers = Counter(assessment.rows.values_list("screening_answer", flat=True))
    rows, missing = answers.total(), answers[""]
    said = [f"{answers[value]} {label}" for value, label in CARRIED if answers[value]]
    message = (
        f"You started the full EIA ‘{assessment.title}’ with the screening's proposal and who it affects. Its impact "
        f"grid has {rows} row{pluralize(rows)}"
    )
    if said:
        listed = " and ".join([", ".join(said[:-1]), said[-1]]) if len(said) > 1 else said[0]
        message += f", with the screening's answer and reason beside each row it answered: {listed}."
    else:
        message += "."
    if missing:
        message += (
            f" {missing} row{pluralize(missing)} of the council's list {pluralize(missing, 'was,were')} not on the "
            f"screening, so {pluralize(missing, 'it has,they have')} no answer."
        )
    return message


def problem_links(screening, problems):
    links = []
    for message, where in problems:
        if where in ("proposal", "affects", "conclusion") or str(where).startswith("question_"):
            address = reverse("assessments:screening-edit", args=[screening.pk]) + f"#id_{where}"
        elif where:
            address = reverse("assessments:screening-answers", args=[screening.pk]) + f"#answer-{where}"
        else:
            address = screening.get_absolute_url()
        links.append((message, address))
    return links


@require_http_methods(["GET", "POST"])
@refusals_go_back
def take_screening_step(request, pk, step):
    screening, standing = fetch(request, screenings().prefetch_related("answers"), pk=pk)
    refused = refusal(step, screening, standing)
    if refused is not None:
        if refused.forbidden:
            refuse(request, screening, step)
        raise refused
    form_class = FORMS.get(step)
    form = form_class(request.POST or None) if form_class else None
    # A draft is checked before either step, so the page says what is left to do rather than offer the button.
    checked = step == Step.SUBMIT or (step == Step.START_EIA and screening.status == ScreeningStatus.DRAFT)
    problems = problem_links(screening, screening.submission_problems()) if checked else []
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            result = _take(step, screening, request.user, form)
        except TransitionRefused as not_ready:
            if not not_ready.problems:
                raise
            problems = problem_links(screening, not_ready.problems)
        else:
            if step == Step.START_EIA:
                messages.success(request, started_eia_message(result))
            else:
                messages.success(request, DONE[step].format(version=result.version, previous=screening.version))
            return redirect(result)
    return render(
        request,
        "assessments/screening_step.html",
        {
            "screening": screening,
            "step": step,
            "form": form,
            "problems": problems,
            "outcome": screening.outcome(),
            "review_months": screening.council.review_months_screened_out,
            "errors": problems + (error_list(form) if form else []),
            "crumbs": screening_crumbs(screening, (step.label, None)),
        },
    )


@require_GET
def screening_history_page(request, pk):
    screening, _ = fetch(request, screenings(), pk=pk)
    return history_page(
        request,
        screening_history(screening),
        template="assessments/screening_history.html",
        context={"screening": screening, "crumbs": screening_crumbs(screening, ("History", None))},
    )


@require_GET
def screening_pdf(request, pk):
    screening, _ = fetch(request, screenings().select_related("assessment").prefetch_related("answers"), pk=pk)
    return screening_pdf_response(screening)


@require_GET
def screening_issued_pdf(request, pk, issued_pk):
    screening, _ = fetch(request, screenings(), pk=pk)
    return issued_screening_pdf_response(
        get_object_or_404(ScreeningIssuedPdf.objects.select_related("screening"), screening=screening, pk=issued_pk)
    )
