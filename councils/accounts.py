"""People's passwords and lock-outs, as a council admin manages them for their own council's people, and the rule
that a person given a temporary password chooses their own before anything else. EqA sends no email: a council
admin passes a temporary password on themselves, by a safe route."""

import secrets
from functools import wraps

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from councils.audit import person
from councils.models import AccountChange, Membership, Role


def password_page(view):
    """A page of password sign-in, which answers 404 where the site has switched it off (PASSWORD_SIGN_IN)."""

    @wraps(view)
    def page(request, *args, **kwargs):
        if not settings.PASSWORD_SIGN_IN:
            raise Http404
        return view(request, *args, **kwargs)

    return page


# Letters and digits that cannot be mistaken for one another when read out: no 0/o, 1/l/i.
READABLE = "abcdefghjkmnpqrstuvwxyz23456789"
# Four groups of four: about 79 bits, and easy to read out over the phone.
GROUPS, GROUP = 4, 4
# The session of a person who signed in with a temporary password; set at sign-in, from the database.
MUST_CHOOSE = "eqa_must_choose_password"
# What such a person may still reach: the page itself, signing out and the pages anyone may see.
STILL_OPEN = {"password-choose", "sign-out", "keep-alive", "accessibility", "healthz"}


def temporary_password():
    return "-".join("".join(secrets.choice(READABLE) for _ in range(GROUP)) for _ in range(GROUPS))


def temporary_password_refusals(*, by, people):
    """Why `by` may not set a temporary password for each of `people`, by person's id: one query, whatever their
    number. Only for a person whose every role is in a council `by` is council admin of, so that no council admin
    can take over an account another council relies on; never for an account that runs EqA itself."""
    admin_of = Membership.objects.filter(user=by, role=Role.COUNCIL_ADMIN).values("council_id")
    elsewhere = set(
        Membership.objects.filter(user__in=[p.pk for p in people])
        .exclude(council__in=admin_of)
        .values_list("user_id", flat=True)
    )
    refusals = {}
    for someone in people:
        name = person(someone)
        if someone.is_superuser or someone.is_staff:
            refusals[someone.pk] = f"{name} helps run EqA itself, so only whoever runs EqA can set their password."
        elif someone.pk == by.pk:
            refusals[someone.pk] = "To change your own password, use ‘Change your password’ at the top of the page."
        elif someone.pk in elsewhere:
            refusals[someone.pk] = (
                f"{name} also has a role in a council you are not council admin of, so you "
                f"cannot set their password. Ask whoever runs EqA to set it."
            )
    return refusals


def temporary_password_set(*, council, someone, by):
    """Give `someone` a new password that works once: they must choose their own when they sign in with it. Their
    old password, and any session signed in with it, stops working. Returns the password, to be shown once."""
    password = temporary_password()
    with transaction.atomic():
        someone.set_password(password)
        someone.save(update_fields=["password"])
        AccountChange.objects.create(council=council, user=someone, kind=AccountChange.Kind.TEMPORARY_PASSWORD, by=by)
    return password


def own_password_chosen(user):
    """The person has chosen their own password: no temporary one stands any longer."""
    AccountChange.objects.filter(
        user=user, kind=AccountChange.Kind.TEMPORARY_PASSWORD, own_password_chosen_at__isnull=True
    ).update(own_password_chosen_at=timezone.now())


def locked_out(usernames):
    """Which of the usernames django-axes is refusing now, after AXES_FAILURE_LIMIT wrong passwords from one
    address within the cool-off time: one query."""
    return set(
        AccessAttempt.objects.filter(
            username__in=list(usernames),
            attempt_time__gte=timezone.now() - get_cool_off(),
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        ).values_list("username", flat=True)
    )


def account_unlock(*, council, someone, by):
    """Forget the wrong passwords tried for `someone`'s username, from every address, so that they can sign in
    at once. Returns whether they were locked out (if not, nothing is done or recorded)."""
    with transaction.atomic():
        if someone.username not in locked_out([someone.username]):
            return False
        reset(username=someone.username)
        AccountChange.objects.create(council=council, user=someone, kind=AccountChange.Kind.UNLOCKED, by=by)
    return True


@receiver(user_logged_in, dispatch_uid="eqa-must-choose-password")
def _must_choose_at_sign_in(sender, request, user, **kwargs):
    if AccountChange.objects.filter(
        user=user, kind=AccountChange.Kind.TEMPORARY_PASSWORD, own_password_chosen_at__isnull=True
    ).exists():
        request.session[MUST_CHOOSE] = True


class ChooseNewPasswordMiddleware:
    """A person signed in with a temporary password reaches nothing but the page to choose their own (and signing
    out), whatever they ask for: a page, a form's POST, a file."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated or not request.session.get(MUST_CHOOSE):
            return None
        if request.resolver_match.view_name in STILL_OPEN:
            return None
        url = reverse("password-choose")
        if request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        return redirect(url)
