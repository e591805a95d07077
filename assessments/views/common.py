from django.shortcuts import render
from django.urls import reverse

from assessments.models import Assessment, Step
from assessments.models.assessment import REQUIRED_SECTIONS
from assessments.permissions import EDITOR_ROLES, may_edit, open_steps
from councils.access import councils_for, councils_where, fetch_to_edit
from councils.conflicts import refusals_explained
from councils.models import Service


def services_for(user, roles=None):
    councils = councils_where(user, *roles) if roles else councils_for(user)
    return Service.objects.filter(council__in=councils).select_related("council")


def eias():
    """What an EIA's pages fetch of it, at least."""
    return Assessment.objects.select_related("council", "service")


def get_assessment_to_edit(request, pk, form=None):
    """The EIA to edit; `form(assessment)` is the page's form bound to what was sent, shown to a person whose old
    tab sent it after the EIA moved on."""
    return fetch_to_edit(request, eias(), may_edit=may_edit, editors=EDITOR_ROLES, form=form, pk=pk)


def form_for(request, form_class, **kwargs):
    """The page's form, bound to what was posted. Arriving from the submit page's list of problems
    (?check=submission), it is bound to what is saved and checked, so each problem shows at its field with its
    message, as after a save; and a required section left empty says what submitting needs."""
    if request.method == "POST":
        return form_class(request.POST or None, **kwargs)
    form = form_class(**kwargs)
    if request.GET.get("check") != "submission":
        return form
    saved = {name: form[name].value() for name in form.fields}
    form = form_class({name: value for name, value in saved.items() if value is not None}, **kwargs)
    form.checking_submission = True
    form.is_valid()
    for field, message in REQUIRED_SECTIONS:
        if field in form.fields and field not in form.errors and not str(saved.get(field) or "").strip():
            form.add_error(field, message)
    return form


def crumbs(*pairs):
    return [("Home", reverse("home")), ("Equality impact assessments", reverse("assessments:list")), *pairs]


def eia_crumbs(assessment, *pairs):
    return crumbs((assessment.title, assessment.get_absolute_url()), *pairs)


def _not_editable(request, assessment, standing, typed):
    return render(
        request,
        "assessments/not_editable.html",
        {
            "assessment": assessment,
            "typed": typed,
            "may_start_review": Step.START_REVIEW in open_steps(assessment, standing),
            "crumbs": eia_crumbs(assessment, ("Cannot be changed", None)),
        },
    )


# A step or an edit that the EIA's status no longer allows goes back to the EIA's page, saying why; an edit page of an
# EIA that cannot be changed now says why and what to do instead.
refusals_go_back = refusals_explained(_not_editable, to="assessments:detail")
