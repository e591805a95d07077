"""The council settings page of single sign-on: which of the identity provider's groups give which role in the
council (GroupRole), read at each sign-on (councils/single_sign_on.py). The council admin's of that council only."""

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from councils import single_sign_on
from councils.access import get_council_to_manage
from councils.models import GroupRole, Role, Service
from councils.settings_forms import GroupRoleForm
from councils.settings_views import confirm_page, form_page, settings_crumbs

TITLE = "Groups and roles"


def _list_url(council):
    return reverse("councils:group-roles", args=[council.slug])


@require_GET
def group_roles(request, slug):
    council = get_council_to_manage(request, slug)
    mappings = GroupRole.objects.filter(council=council).prefetch_related(
        Prefetch("services", queryset=Service.objects.order_by("path"))
    )
    return render(
        request,
        "councils/settings/group_roles.html",
        {
            "council": council,
            "mappings": mappings,
            "sign_on": single_sign_on.enabled(),
            "crumbs": settings_crumbs(council, (TITLE, None)),
        },
    )


@require_http_methods(["GET", "POST"])
def group_role_add(request, slug):
    council = get_council_to_manage(request, slug)
    # Sent with no service ticked is an answer (every service), as on an approver's services page.
    form = GroupRoleForm(request.POST if request.method == "POST" else None, council=council)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                mapping = form.save()
        except IntegrityError:
            # The same mapping saved by a second POST, or by another admin, between the check and this save.
            messages.info(request, f"The group ‘{form.cleaned_data['group']}’ already gives that role.")
        else:
            messages.success(
                request,
                f"The group ‘{mapping.group}’ now gives the role {Role(mapping.role).label}, from each person’s "
                f"next sign-in.",
            )
        return redirect(_list_url(council))
    return form_page(
        request,
        council,
        form,
        "Give a group a role",
        back_url=_list_url(council),
        button_label="Give the group the role",
        intro="Everyone in the group gets the role when they next sign in with their council account, and loses "
        "it when they next sign in out of the group.",
        crumbs=[(TITLE, _list_url(council))],
    )


@require_http_methods(["GET", "POST"])
def group_role_remove_page(request, slug, mapping_pk):
    council = get_council_to_manage(request, slug)
    mapping = get_object_or_404(GroupRole, council=council, pk=mapping_pk)
    role = mapping.get_role_display()
    if request.method == "POST":
        mapping.delete()
        messages.success(request, f"The group ‘{mapping.group}’ no longer gives the role {role}.")
        return redirect(_list_url(council))
    return confirm_page(
        request,
        council,
        "Stop a group giving a role",
        f"Are you sure the group ‘{mapping.group}’ should no longer give the role {role}?",
        "Its people keep the role until they next sign in, unless another of their groups gives it. A role "
        "given by hand on ‘People and roles’ stays as it is.",
        button_label="Stop giving the role",
        keep_url=_list_url(council),
        crumbs=[(TITLE, _list_url(council))],
    )
