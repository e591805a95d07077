"""A person who leaves the council, and their account restored after a mistake: the council admin's pages
(councils/leavers.py does the work)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from councils.access import get_council_to_manage
from councils.audit import person
from councils.leavers import in_words, leaving_refusal, left_here, person_leave, person_restore, work_of
from councils.logs import log_event
from councils.models import Membership, Role
from councils.services import RoleRefused
from councils.settings_forms import LeaverForm
from councils.settings_views import confirm_page, form_page


def _people_url(council):
    return reverse("councils:people", args=[council.slug])


@require_http_methods(["GET", "POST"])
def person_deactivate(request, slug, person_pk):
    council = get_council_to_manage(request, slug)
    someone = get_object_or_404(get_user_model().objects.filter(memberships__council=council).distinct(), pk=person_pk)
    people_url, name = _people_url(council), person(someone)
    refused = leaving_refusal(council=council, someone=someone, by=request.user)
    if refused:
        messages.error(request, refused)
        return redirect(people_url)
    form = LeaverForm(request.POST or None, council=council, leaver=someone)
    if request.method == "POST" and form.is_valid():
        successor = form.cleaned_data["successor"]
        try:
            change = person_leave(council=council, someone=someone, successor=successor, by=request.user)
        except RoleRefused as why:
            messages.error(request, str(why))
            return redirect(people_url)
        log_event("account", outcome="left", request=request, person=someone.username, closed=change.details["closed"])
        moved = in_words(change.details["moved"])
        messages.success(
            request,
            f"{name} has left the council. "
            + (f"{moved} passed to {person(successor)}." if moved else "They had no work to pass on.")
            + ("" if change.details["closed"] else " They keep their account for their roles in another council."),
        )
        return redirect(people_url)
    roles = Membership.objects.filter(council=council, user=someone).order_by("role").values_list("role", flat=True)
    elsewhere = Membership.objects.filter(user=someone).exclude(council=council).exists()
    return form_page(
        request,
        council,
        form,
        f"Deactivate {name}",
        back_url=people_url,
        button_label=f"Deactivate {name} and pass on their work",
        crumbs=[("People and roles", people_url)],
        template="councils/settings/leaver.html",
        context={
            "someone": someone,
            "work": [(work.noun(count), count) for work, count in work_of(someone, council)],
            "roles": [Role(role).label for role in roles],
            "elsewhere": elsewhere,
        },
    )


@require_http_methods(["GET", "POST"])
def person_restore_page(request, slug, person_pk):
    council = get_council_to_manage(request, slug)
    change = next((change for change in left_here(council) if change.user_id == person_pk), None)
    if change is None:
        # Nobody who left this council: anybody else answers as any record outside the council does.
        raise Http404("no such person left the council")
    people_url, name = _people_url(council), person(change.user)
    if request.method == "POST":
        person_restore(council=council, change=change, by=request.user)
        log_event("account", outcome="restored", request=request, person=change.user.username)
        messages.success(
            request,
            f"{name} can sign in again, with the roles they had. Their work stays with "
            f"{person(change.successor) if change.successor else 'whoever took it over'}.",
        )
        return redirect(people_url)
    roles = ", ".join(Role(role).label for role in change.details.get("roles", []))
    return confirm_page(
        request,
        council,
        f"Restore {name}",
        f"Restore {name}’s account?",
        f"Use this if {name} was deactivated by mistake. They can sign in again and get back their roles ({roles}). "
        f"The work passed to {person(change.successor) if change.successor else 'somebody else'} stays with them: "
        f"pass anything back on the records themselves.",
        button_label=f"Restore {name}",
        keep_url=people_url,
        keep_label="Cancel",
        crumbs=[("People and roles", people_url)],
    )
