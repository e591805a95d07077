import logging
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse

from assessments.models import Assessment, Step
from assessments.models.assessment import REQUIRED_SECTIONS
from assessments.permissions import EDITOR_ROLES, Standing, may_edit, open_steps
from councils.access import get_for_person
from councils.lifecycle import TransitionRefused
from councils.models import Membership, Service

security_log = logging.getLogger("eqa.security")


def services_for(user, roles=None):
    memberships = Membership.objects.filter(user=user)
    if roles:
        memberships = memberships.filter(role__in=roles)
    return Service.objects.filter(council__in=memberships.values("council_id")).select_related("council")


def get_assessment(request, pk, queryset=None):
    """The EIA, if it is of one of the person's councils (else 404), with the person's standing in its council."""
    if queryset is None:
        queryset = Assessment.objects.select_related("council", "service")
    assessment = get_for_person(queryset, request.user, pk=pk)
    return assessment, Standing(request.user, assessment.council)


class NotEditableNow(Exception):
    """An author's edit of an EIA that its status no longer allows (signed off, submitted, an older version): a
    bookmark or an old tab, answered with a page that says why and what to do instead."""

    def __init__(self, assessment, standing):
        super().__init__(assessment.status)
        self.assessment, self.standing = assessment, standing


def get_assessment_to_edit(request, pk):
    assessment, standing = get_assessment(request, pk)
    if not may_edit(assessment, standing):
        if standing.has(*EDITOR_ROLES):
            raise NotEditableNow(assessment, standing)
        refuse(request, assessment, "edit")
    return assessment, standing


def refuse(request, assessment, what):
    """Refuse (403) and log an attempt the pages never offered: a forged or stale request."""
    security_log.warning(
        "refused user=%s council=%s assessment=%s action=%s path=%r",
        request.user.pk,
        assessment.council_id,
        assessment.pk,
        what,
        request.path,
    )
    raise PermissionDenied


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


def refusals_go_back(view):
    """A step or an edit that the EIA's status no longer allows (somebody moved it on) goes back to the EIA's
    page, saying why; nothing was changed."""

    @wraps(view)
    def wrapper(request, pk, *args, **kwargs):
        try:
            return view(request, pk, *args, **kwargs)
        except TransitionRefused as refused:
            messages.error(request, refused.message)
            return redirect("assessments:detail", pk=pk)
        except NotEditableNow as refused:
            assessment = refused.assessment
            return render(
                request,
                "assessments/not_editable.html",
                {
                    "assessment": assessment,
                    "may_start_review": Step.START_REVIEW in open_steps(assessment, refused.standing),
                    "crumbs": eia_crumbs(assessment, ("Cannot be changed", None)),
                },
                status=403,
            )

    return wrapper
