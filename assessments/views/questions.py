"""Council settings, EIA fields and questions: which standard optional fields the council's EIAs ask (each optional
or required), and the questions of its own, which the council admin words, orders and retires. An answer keeps its
question as it was asked, so a change here never alters a record that answered it."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Max
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from assessments.forms import QuestionForm, StandardFieldsForm
from assessments.models import STANDARD_FIELDS, FieldState, Question, StandardField
from councils.access import get_council_to_manage
from councils.once import create_once, creates_once
from councils.settings_views import confirm_page, form_page, move_in_list, settings_crumbs

TITLE = "EIA fields and questions"


def _list_url(council):
    return reverse("assessments:settings-questions", args=[council.slug])


def _states(council):
    return dict(StandardField.objects.filter(council=council).values_list("name", "state"))


@require_http_methods(["GET", "POST"])
def questions_page(request, slug):
    """The fields and questions the council's EIAs ask. Its POST asks a retired question again (`ask_again`, the
    question's id); sent empty, it changes nothing and shows the page again."""
    council = get_council_to_manage(request, slug)
    if request.method == "POST":
        return _ask_again(request, council)
    states = _states(council)
    questions = list(Question.objects.filter(council=council).order_by("place", "position", "id"))
    places = [
        (place.asked, [question for question in questions if question.place == place]) for place in Question.Place
    ]
    return render(
        request,
        "assessments/settings/questions.html",
        {
            "council": council,
            "fields": [
                (label, FieldState(states.get(name, FieldState.OFF)).label) for name, label in STANDARD_FIELDS.items()
            ],
            "places": places,
            "has_questions": bool(questions),
            "crumbs": settings_crumbs(council, (TITLE, None)),
        },
    )


def _ask_again(request, council):
    """Bring back a retired question: drafts ask it again, where it was in its place's order."""
    pk = request.POST.get("ask_again", "")
    if not pk.isdigit():
        return redirect(_list_url(council))
    question = get_object_or_404(Question, council=council, pk=pk)
    if not question.is_active:
        question.is_active = True
        question.save(update_fields=["is_active"])
    messages.success(request, f"The question ‘{question.text}’ is asked again: drafts ask it from now on.")
    return redirect(f"{_list_url(council)}#question-{question.pk}")


@require_http_methods(["GET", "POST"])
def standard_fields_form(request, slug):
    council = get_council_to_manage(request, slug)
    states = _states(council)
    form = StandardFieldsForm(request.POST or None, states=states)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            for name in form.changed_data:
                StandardField.objects.update_or_create(
                    council=council, name=name, defaults={"state": form.cleaned_data[name]}
                )
        if form.changed_data:
            messages.success(request, "The fields EIAs ask are saved. EIAs already signed off keep what they said.")
        return redirect(_list_url(council))
    return form_page(
        request,
        council,
        form,
        "Standard fields of an EIA",
        back_url=_list_url(council),
        crumbs=[(TITLE, _list_url(council))],
        intro="Choose which of these fields the details of an EIA ask for. A required field must be filled before "
        "the EIA is submitted; a draft can be saved without it.",
    )


@require_http_methods(["GET", "POST"])
@creates_once(landing=lambda question: _list_url(question.council))
def question_form(request, slug, question_pk=None):
    council = get_council_to_manage(request, slug)
    question = get_object_or_404(Question, council=council, pk=question_pk) if question_pk else None
    form = QuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        if form.has_changed():
            saved = form.save(commit=False)
            if question is None:
                saved.council = council
                last = Question.objects.filter(council=council, place=saved.place).aggregate(last=Max("position"))
                saved.position = (last["last"] or 0) + 1
                create_once(request, form, lambda: saved.save() or saved)
            else:
                saved.save()
            messages.success(
                request, f"The question ‘{saved.text}’ is saved. Records that answered it keep it as asked."
            )
        return redirect(_list_url(council))
    title = "Change a question" if question else "Add a question"
    return form_page(
        request,
        council,
        form,
        title,
        back_url=_list_url(council),
        crumbs=[(TITLE, _list_url(council))],
        intro="Drafts ask the question as you word it here; a record that answered it keeps it as it was asked.",
    )


def question_move(request, slug, question_pk):
    """Move a question one place up or down among those of its place. Only by POST, but the council is checked
    first, so that another council's question answers 404 to any method, as every record does."""
    council = get_council_to_manage(request, slug)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    question = get_object_or_404(Question, council=council, pk=question_pk)
    move_in_list(request, Question.objects.filter(council=council, place=question.place), question_pk, noun="question")
    return redirect(f"{_list_url(council)}#question-{question_pk}")


@require_http_methods(["GET", "POST"])
def question_retire(request, slug, question_pk):
    """Stop asking a question. Records that answered it keep their answer, and the question as it was asked."""
    council = get_council_to_manage(request, slug)
    question = get_object_or_404(Question, council=council, pk=question_pk)
    if request.method == "POST":
        if question.is_active:
            question.is_active = False
            question.save(update_fields=["is_active"])
        messages.success(
            request, f"The question ‘{question.text}’ is retired: drafts no longer ask it. Records keep their answers."
        )
        return redirect(_list_url(council))
    return confirm_page(
        request,
        council,
        "Retire a question",
        f"Are you sure you want to retire the question ‘{question.text}’?",
        "Drafts will no longer ask it, and it will not be needed to submit one. Records that answered it keep "
        "their answer, and signed-off records show it as it was asked.",
        button_label="Retire the question",
        keep_url=_list_url(council),
        crumbs=[(TITLE, _list_url(council))],
    )
