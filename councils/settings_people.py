"""The council settings pages about people: who uses EqA for the council, their roles and an approver's services,
adding someone, and an account's temporary password or lock-out. Like every settings page, each is the council
admin's of that council only."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import IntegrityError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from councils.access import get_council_to_manage
from councils.accounts import (
    account_unlock,
    locked_out,
    password_page,
    temporary_password_refusals,
    temporary_password_set,
)
from councils.audit import person
from councils.leavers import left_here
from councils.logs import log_event
from councils.models import Invitation, Membership, Role, Service
from councils.services import RoleRefused, person_give_role, role_remove
from councils.settings_forms import AddPersonForm, ApproverServicesForm
from councils.settings_views import confirm_page, form_page, settings_crumbs


@require_GET
def people(request, slug):
    council = get_council_to_manage(request, slug)
    memberships = (
        Membership.objects.filter(council=council)
        .select_related("user", "user__sign_on_identity")
        .prefetch_related(Prefetch("services", queryset=Service.objects.order_by("path")))
        .order_by("user__last_name", "user__first_name", "user__username", "role")
    )
    by_person = {}
    for membership in memberships:
        by_person.setdefault(membership.user, []).append(membership)
    return render(
        request,
        "councils/settings/people.html",
        {
            "council": council,
            "people": by_person.items(),
            "locked_out": locked_out(someone.username for someone in by_person),
            "no_temporary_password": temporary_password_refusals(by=request.user, people=list(by_person)),
            "invitations": Invitation.objects.waiting().filter(council=council).order_by("email"),
            "left": left_here(council),
            "crumbs": settings_crumbs(council, ("People and roles", None)),
        },
    )


@require_http_methods(["GET", "POST"])
def person_add(request, slug):
    council = get_council_to_manage(request, slug)
    # "Give another role" on the people page names the person, so that their username need not be typed again.
    named = request.GET.get("username", "")[: AddPersonForm.base_fields["username"].max_length]
    form = AddPersonForm(request.POST or None, council=council, initial={"username": named})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership, made = person_give_role(
                council=council,
                username=data["username"],
                role=data["role"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
            )
        except IntegrityError:
            # Somebody else added the same account or role between the form's check and this save.
            messages.error(
                request,
                f"{data['username']} was given a role by somebody else just now. Check the list "
                f"before adding them again.",
            )
            return redirect("councils:people", council.slug)
        name, role = person(membership.user), Role(membership.role).label
        if made:
            messages.success(
                request,
                f"{name} now has an account, with the role {role}. To let them sign in, set a "
                f"temporary password for them.",
            )
        else:
            messages.success(request, f"{name} now has the role {role}.")
        return redirect("councils:people", council.slug)
    people_url = reverse("councils:people", args=[council.slug])
    return form_page(
        request,
        council,
        form,
        "Add a person",
        back_url=people_url,
        button_label="Add the person",
        intro="Give a person a role in the council. If they do not use EqA yet, this makes their account.",
        crumbs=[("People and roles", people_url)],
    )


def _membership(council, membership_pk):
    return get_object_or_404(Membership.objects.select_related("user", "council"), council=council, pk=membership_pk)


@require_http_methods(["GET", "POST"])
def role_remove_page(request, slug, membership_pk):
    council = get_council_to_manage(request, slug)
    membership = _membership(council, membership_pk)
    name, role = person(membership.user), membership.get_role_display()
    if request.method == "POST":
        try:
            role_remove(membership=membership)
        except RoleRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, f"{name} no longer has the role {role}.")
        return redirect("councils:people", council.slug)
    people_url = reverse("councils:people", args=[council.slug])
    return confirm_page(
        request,
        council,
        "Remove a role",
        f"Are you sure you want to remove the role {role} from {name}?",
        "They keep their account and any other roles. What they wrote or signed off stays as it is.",
        button_label="Remove the role",
        keep_url=people_url,
        crumbs=[("People and roles", people_url)],
    )


def _person(council, person_pk):
    """A person with a role in the council: anybody else answers 404."""
    return get_object_or_404(get_user_model().objects.filter(memberships__council=council).distinct(), pk=person_pk)


@password_page
@require_http_methods(["GET", "POST"])
def person_temporary_password(request, slug, person_pk):
    council = get_council_to_manage(request, slug)
    someone = _person(council, person_pk)
    people_url = reverse("councils:people", args=[council.slug])
    refused = temporary_password_refusals(by=request.user, people=[someone]).get(someone.pk)
    if refused:
        messages.error(request, refused)
        return redirect(people_url)
    name = person(someone)
    if request.method == "POST":
        password = temporary_password_set(council=council, someone=someone, by=request.user)
        log_event("password", outcome="temporary-password-set", request=request, person=someone.username)
        # Shown in this answer only, never in a message kept in the session or on a page that can be fetched again.
        return render(
            request,
            "councils/settings/temporary_password.html",
            {
                "council": council,
                "someone": someone,
                "password": password,
                "people_url": people_url,
                "crumbs": settings_crumbs(council, ("People and roles", people_url), ("Temporary password", None)),
            },
        )
    return confirm_page(
        request,
        council,
        "Set a temporary password",
        f"Set a temporary password for {name}?",
        f"EqA makes a new password and shows it to you once, for you to give to {name} in person or by phone, "
        f"never in an email with their username. Any password they had stops working. When they sign in with it, "
        f"they must choose their own.",
        button_label="Set a temporary password",
        keep_url=people_url,
        keep_label="Cancel",
        crumbs=[("People and roles", people_url)],
    )


@require_http_methods(["GET", "POST"])
def person_unlock(request, slug, person_pk):
    council = get_council_to_manage(request, slug)
    someone = _person(council, person_pk)
    people_url = reverse("councils:people", args=[council.slug])
    name = person(someone)
    if request.method == "POST":
        if account_unlock(council=council, someone=someone, by=request.user):
            log_event("sign-in", outcome="unlocked", request=request, person=someone.username)
            messages.success(request, f"{name} can sign in again now.")
        else:
            messages.info(request, f"{name} is not locked out: they can sign in.")
        return redirect(people_url)
    if someone.username not in locked_out([someone.username]):
        messages.info(request, f"{name} is not locked out: they can sign in.")
        return redirect(people_url)
    return confirm_page(
        request,
        council,
        "Unlock an account",
        f"Unlock {name}’s account?",
        f"{name} was locked out after {settings.AXES_FAILURE_LIMIT} wrong passwords. Unlocking lets them try again "
        f"now instead of in up to {int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)} minutes. If they have "
        f"forgotten their password, set a temporary one for them too.",
        button_label="Unlock the account",
        keep_url=people_url,
        keep_label="Cancel",
        crumbs=[("People and roles", people_url)],
    )


@require_http_methods(["GET", "POST"])
def approver_services(request, slug, membership_pk):
    council = get_council_to_manage(request, slug)
    membership = get_object_or_404(
        Membership.objects.select_related("user", "council"), council=council, pk=membership_pk, role=Role.APPROVER
    )
    # Sent with no box ticked is an answer (every service), not a form not yet filled in.
    form = ApproverServicesForm(request.POST if request.method == "POST" else None, instance=membership)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"The services {person(membership.user)} signs off are saved.")
        return redirect("councils:people", council.slug)
    people_url = reverse("councils:people", args=[council.slug])
    return form_page(
        request,
        council,
        form,
        f"Services {person(membership.user)} signs off",
        back_url=people_url,
        crumbs=[("People and roles", people_url)],
    )
