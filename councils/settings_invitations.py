"""Inviting someone by email: the council admin's pages (invite, send again, withdraw) and the page the emailed link
opens, where the person chooses a password and is signed in with their roles (councils/invitations.py)."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from councils.access import get_council_to_manage
from councils.audit import person
from councils.forms import ResetPasswordForm, error_list
from councils.invitations import (
    LinkRefused,
    invitation_accept,
    invitation_create,
    invitation_for,
    invitation_renew,
    invitation_withdraw,
    lasts,
    new_account,
    roles_in_words,
)
from councils.logs import log_event
from councils.models import Invitation
from councils.once import create_once, creates_once
from councils.settings_forms import InviteForm
from councils.settings_views import confirm_page, form_page


def _people_url(council):
    return reverse("councils:people", args=[council.slug])


@require_http_methods(["GET", "POST"])
@creates_once(landing=lambda invitation: _people_url(invitation.council))
def person_invite(request, slug):
    council = get_council_to_manage(request, slug)
    form = InviteForm(request.POST or None, council=council)
    people_url = _people_url(council)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = create_once(
                request,
                form,
                lambda: invitation_create(
                    council=council,
                    email=data["email"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    roles=data["roles"],
                    by=request.user,
                ),
            )
        except IntegrityError:
            # Somebody else invited the same address between the form's check and this save.
            messages.error(request, f"{data['email']} was invited by somebody else just now.")
            return redirect(people_url)
        messages.success(
            request,
            f"An invitation is on its way to {invitation.email}, as {roles_in_words(invitation.roles)}. Its link works "
            f"for {lasts()}.",
        )
        return redirect(people_url)
    return form_page(
        request,
        council,
        form,
        "Invite someone by email",
        back_url=people_url,
        button_label="Send the invitation",
        intro=f"EqA emails them a link that works for {lasts()}. When they open it and choose a password, their "
        f"account is made with the roles you choose here.",
        crumbs=[("People and roles", people_url)],
        template="councils/settings/invite.html",
    )


def _waiting(council, invitation_pk):
    return get_object_or_404(
        Invitation.objects.waiting().select_related("council", "invited_by"), council=council, pk=invitation_pk
    )


@require_http_methods(["GET", "POST"])
def invitation_resend(request, slug, invitation_pk):
    council = get_council_to_manage(request, slug)
    invitation = _waiting(council, invitation_pk)
    people_url = _people_url(council)
    if request.method == "POST":
        invitation_renew(invitation=invitation, by=request.user)
        messages.success(request, f"The invitation is on its way to {invitation.email} again.")
        return redirect(people_url)
    return confirm_page(
        request,
        council,
        "Send an invitation again",
        f"Send the invitation to {invitation.email} again?",
        f"They get a new link, which works for {lasts()}. The link sent before stops working.",
        button_label="Send it again",
        keep_url=people_url,
        keep_label="Cancel",
        crumbs=[("People and roles", people_url)],
    )


@require_http_methods(["GET", "POST"])
def invitation_withdraw_page(request, slug, invitation_pk):
    council = get_council_to_manage(request, slug)
    invitation = _waiting(council, invitation_pk)
    people_url = _people_url(council)
    if request.method == "POST":
        invitation_withdraw(invitation=invitation, by=request.user)
        messages.success(request, f"The invitation to {invitation.email} is withdrawn: its link no longer works.")
        return redirect(people_url)
    return confirm_page(
        request,
        council,
        "Withdraw an invitation",
        f"Withdraw the invitation to {invitation.email}?",
        "Its link stops working and no account is made. You can invite them again later.",
        button_label="Withdraw the invitation",
        keep_url=people_url,
        crumbs=[("People and roles", people_url)],
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def invitation_accept_page(request, token):
    """The page the emailed link opens: choose a password, and be signed in with the roles."""
    context = {"title": "Accept your invitation to EqA", "lasts": lasts()}
    try:
        invitation = invitation_for(token)
    except LinkRefused as refused:
        return render(request, "registration/invitation_accept.html", {**context, "refused": refused.message})
    form = ResetPasswordForm(new_account(invitation), request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept(token=token, form=form)
        except LinkRefused as refused:
            return render(request, "registration/invitation_accept.html", {**context, "refused": refused.message})
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        log_event("invitation", outcome="accepted", request=request)
        messages.success(request, f"Welcome to EqA, {person(user)}. Sign in next time with {user.username}.")
        return redirect("home")
    return render(
        request,
        "registration/invitation_accept.html",
        {
            **context,
            "invitation": invitation,
            "inviter": person(invitation.invited_by) if invitation.invited_by else "A council admin",
            "roles": roles_in_words(invitation.roles),
            "form": form,
            "errors": error_list(form),
        },
    )
