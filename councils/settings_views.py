"""Council settings: where a council admin manages their own council's people and roles (settings_people.py),
services and review periods (and, through each app's AppConfig.council_settings_links, what the apps keep per
council). Every page is the council admin's of that council only: anyone else of the council gets 403, anyone
outside it 404."""

from django.apps import apps
from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from councils.access import get_council_to_manage
from councils.audit import history_page
from councils.forms import error_list
from councils.models import Service
from councils.references import format_reference
from councils.services import ServiceInUse, service_remove
from councils.settings_forms import (
    PublicRegisterForm,
    ReferencePatternForm,
    ReviewPeriodsForm,
    ScreeningSettingsForm,
    ServiceForm,
)
from councils.settings_history import council_settings_history, covered


def settings_crumbs(council, *pairs):
    """Breadcrumbs of a council settings page; the apps' settings pages use them too."""
    return [("Home", reverse("home")), (f"Council settings: {council.name}", council.get_absolute_url()), *pairs]


def _links(council):
    links = [
        (
            "People and roles",
            reverse("councils:people", args=[council.slug]),
            "Who uses EqA for the council, and what each may do.",
        ),
        (
            "Groups and roles",
            reverse("councils:group-roles", args=[council.slug]),
            "Which groups of your council's sign-in give which role, when people sign in with their council account.",
        ),
        (
            "Services",
            reverse("councils:services", args=[council.slug]),
            "The council's directorates, services and teams, which EIAs and approvers belong to.",
        ),
        (
            "Review periods and moderation",
            reverse("councils:review-periods", args=[council.slug]),
            "How long a signed-off EIA lasts before its review, and whether EIAs are moderated.",
        ),
        (
            "Reference numbers",
            reverse("councils:references", args=[council.slug]),
            "The pattern of the reference number each new screening and EIA gets, such as EIA-2025-001.",
        ),
        (
            "Screening",
            reverse("councils:screening", args=[council.slug]),
            "Whether an EIA starts with a screening, and when a screened-out decision is reviewed.",
        ),
        (
            "Public register",
            reverse("councils:public-register", args=[council.slug]),
            "Whether anyone may read the council's published EIAs and screened-out decisions without signing in.",
        ),
    ]
    for config in apps.get_app_configs():
        if hasattr(config, "council_settings_links"):
            links.extend(config.council_settings_links(council))
    links.append(
        (
            "History of changes",
            reverse("councils:settings-history", args=[council.slug]),
            "Every change made to these settings, newest first.",
        )
    )
    return links


def move_in_list(request, items, pk, *, noun):
    """Move the item `pk` of a council's ordered list (a queryset, locked here) one place up or down, as the POST's
    direction says, and tell the person where it is now ("The question ‘…’ is moved up, to place 2 of 3"); 404 when
    the list has no such item. The list is numbered afresh, as items made before there was ordering may share a
    position."""
    direction = request.POST.get("direction")
    step = {"up": -1, "down": 1}.get(direction)
    with transaction.atomic():
        found = list(items.select_for_update().order_by("position", "id"))
        index = next((i for i, item in enumerate(found) if item.pk == int(pk)), None)
        if index is None:
            raise Http404
        if step is None:
            return
        if not 0 <= index + step < len(found):
            end = "first" if step < 0 else "last"
            messages.info(request, f"The {noun} ‘{found[index]}’ is already {end}, so it was not moved.")
            return
        found.insert(index + step, found.pop(index))
        for position, item in enumerate(found, start=1):
            if item.position != position:
                item.position = position
                item.save(update_fields=["position"])
    messages.success(
        request,
        f"The {noun} ‘{found[index + step]}’ is moved {direction}, to place {index + step + 1} of {len(found)}.",
    )


def form_page(
    request,
    council,
    form,
    title,
    *,
    back_url,
    crumbs=(),
    intro="",
    button_label="Save",
    template="councils/settings/form_page.html",
    context=None,
):
    """A council settings page that is one form; the apps' settings pages use it too, a page with more to say than
    its form in a template that extends councils/settings/form_page.html."""
    return render(
        request,
        template,
        {
            **(context or {}),
            "council": council,
            "form": form,
            "errors": error_list(form),
            "title": title,
            "intro": intro,
            "back_url": back_url,
            "button_label": button_label,
            "crumbs": settings_crumbs(council, *crumbs, (title, None)),
        },
    )


def confirm_page(
    request, council, title, heading, explanation, *, button_label, keep_url, crumbs=(), keep_label="Keep it"
):
    """A council settings page that asks before a change; the apps' settings pages use it too."""
    return render(
        request,
        "councils/settings/confirm.html",
        {
            "council": council,
            "title": title,
            "heading": heading,
            "explanation": explanation,
            "button_label": button_label,
            "keep_url": keep_url,
            "keep_label": keep_label,
            "crumbs": settings_crumbs(council, *crumbs, (title, None)),
        },
    )


@require_GET
def settings_index(request, slug):
    council = get_council_to_manage(request, slug)
    return render(
        request,
        "councils/settings/index.html",
        {
            "council": council,
            "links": _links(council),
            "crumbs": [("Home", reverse("home")), (f"Council settings: {council.name}", None)],
        },
    )


@require_http_methods(["GET", "POST"])
def review_periods(request, slug):
    council = get_council_to_manage(request, slug)
    form = ReviewPeriodsForm(request.POST or None, instance=council)
    if request.method == "POST" and form.is_valid():
        if form.has_changed():
            form.save()
            messages.success(
                request, "The review periods and moderation are saved. They apply to EIAs signed off from now on."
            )
        return redirect(council)
    return form_page(
        request,
        council,
        form,
        "Review periods and moderation",
        back_url=council.get_absolute_url(),
        intro="An EIA's review is due this many months after its sign-off, by its worst negative "
        "impact. A change applies to EIAs signed off from now on.",
    )


@require_http_methods(["GET", "POST"])
def references(request, slug):
    council = get_council_to_manage(request, slug)
    saved = council.reference_pattern
    form = ReferencePatternForm(request.POST or None, instance=council)
    if request.method == "POST" and form.is_valid():
        if form.has_changed():
            form.save()
            messages.success(
                request,
                "The pattern for reference numbers is saved. Records started from now on get references by it; "
                "existing records keep theirs.",
            )
        return redirect(council)
    following = format_reference(saved, year=timezone.localdate().year, n=council.last_reference_number + 1)
    return form_page(
        request,
        council,
        form,
        "Reference numbers",
        back_url=council.get_absolute_url(),
        intro=f"Every new screening and EIA gets the next reference number by this pattern when it is started; a "
        f"full EIA started from a screening carries on the screening's reference. The next one will be {following}. "
        f"The number {{n}} counts up for ever: it never restarts, not even in a new year, and a number is never "
        f"given twice, even when its draft is deleted. Changing the pattern never renumbers existing records: they "
        f"keep the references they have.",
    )


@require_http_methods(["GET", "POST"])
def screening(request, slug):
    council = get_council_to_manage(request, slug)
    form = ScreeningSettingsForm(request.POST or None, instance=council)
    if request.method == "POST" and form.is_valid():
        if form.has_changed():
            form.save()
            messages.success(request, "The screening settings are saved. They apply to EIAs started from now on.")
        return redirect(council)
    return form_page(
        request,
        council,
        form,
        "Screening",
        back_url=council.get_absolute_url(),
        intro="A screening is a short first step that decides whether a proposal needs a full EIA. A screened-out "
        "decision is signed off by an approver and reviewed after the period you set here.",
    )


@require_http_methods(["GET", "POST"])
def public_register(request, slug):
    council = get_council_to_manage(request, slug)
    form = PublicRegisterForm(request.POST or None, instance=council)
    if request.method == "POST" and form.is_valid():
        if form.has_changed():
            form.save()
            if council.register_public:
                register = reverse("register:list", args=[council.slug])
                messages.success(request, f"The public register is published at {request.build_absolute_uri(register)}")
            else:
                messages.success(
                    request, "The public register is not published: its address answers that it is not there."
                )
        return redirect(council)
    return form_page(
        request,
        council,
        form,
        "Public register",
        back_url=council.get_absolute_url(),
        intro="The public register lists the council's published EIAs and its screened-out decisions in force, with "
        "each signed-off PDF and its SHA-256, so that anyone can check a committee paper against it. Drafts, "
        "returned records and anything not yet published are never on it.",
    )


@require_GET
def services(request, slug):
    council = get_council_to_manage(request, slug)
    return render(
        request,
        "councils/settings/services.html",
        {
            "council": council,
            "services": Service.objects.filter(council=council).order_by("path"),
            "crumbs": settings_crumbs(council, ("Services", None)),
        },
    )


@require_http_methods(["GET", "POST"])
def service_form(request, slug, service_pk=None):
    council = get_council_to_manage(request, slug)
    service = get_object_or_404(Service, council=council, pk=service_pk) if service_pk else None
    form = ServiceForm(request.POST or None, instance=service, council=council)
    if request.method == "POST" and form.is_valid():
        if form.has_changed():
            saved = form.save()
            messages.success(request, f"The service ‘{saved.path}’ is saved.")
        return redirect("councils:services", council.slug)
    title = f"Change the service ‘{service.name}’" if service else "Add a service"
    services_url = reverse("councils:services", args=[council.slug])
    return form_page(request, council, form, title, back_url=services_url, crumbs=[("Services", services_url)])


@require_http_methods(["GET", "POST"])
def service_remove_page(request, slug, service_pk):
    council = get_council_to_manage(request, slug)
    service = get_object_or_404(Service, council=council, pk=service_pk)
    services_url = reverse("councils:services", args=[council.slug])
    if request.method == "POST":
        try:
            service_remove(service=service)
        except ServiceInUse as in_use:
            messages.error(request, str(in_use))
        else:
            messages.success(request, f"The service ‘{service.path}’ is removed.")
        return redirect(services_url)
    return confirm_page(
        request,
        council,
        "Remove a service",
        f"Are you sure you want to remove the service ‘{service.path}’?",
        "Only a service nothing refers to can be removed: no EIA is for it, it has no teams and no approver, nor "
        "group of the identity provider, signs off for it.",
        button_label="Remove the service",
        keep_url=services_url,
        crumbs=[("Services", services_url)],
    )


@require_GET
def settings_history(request, slug):
    council = get_council_to_manage(request, slug)
    return history_page(
        request,
        council_settings_history(council),
        template="councils/settings/history.html",
        context={
            "council": council,
            "covered": covered(),
            "crumbs": settings_crumbs(council, ("History of changes", None)),
        },
    )
