import logging
import sys
import time

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import Http404, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST, require_safe

from councils import single_sign_on
from councils.access import councils_for, memberships
from councils.accounts import MUST_CHOOSE, own_password_chosen, password_page
from councils.forms import (
    ChangePasswordForm,
    ChooseNewPasswordForm,
    ForgottenPasswordForm,
    ResetPasswordForm,
    SignInForm,
    error_list,
)
from councils.logs import log_event
from councils.middleware import ENDED_BECAUSE, LAST_SEEN, SIGNED_OUT, time_left
from councils.models import Role
from councils.password_resets import reset_link_lasts
from councils.throttling import address_locked_out, limited

# A new password does not lift a lock-out: the council admin unlocks the account (README, "Security settings").
LOCKED_OUT = (
    "You have tried to sign in too many times. Wait 15 minutes and try again, "
    "or ask your council admin to unlock your account."
)
SIGN_ON_FAILED = "Signing in with your council account did not work. Try again, or ask your council's IT team."
# Said to everyone at an address from which too many sign-ins failed, whoever they are: they may not have tried.
# Only the time (or whoever runs EqA) lifts it: a council admin unlocks accounts, not addresses.
ADDRESS_LOCKED_OUT = (
    "Too many sign-ins have failed from your network. Wait 15 minutes and try again. If it "
    "happens again, tell your council admin: somebody on your network may be guessing passwords."
)


def sign_in_ways():
    """What the sign-in page offers, as the site is set up: the council account first, then a password."""
    return {
        "sign_on": single_sign_on.enabled(),
        "sign_on_provider": settings.SIGN_ON_PROVIDER_NAME,
        "password_sign_in": settings.PASSWORD_SIGN_IN,
    }


class SignInView(auth_views.LoginView):
    """The sign-in page: single sign-on first where the site has it, then a username and password unless the site
    has switched password sign-in off."""

    form_class = SignInForm
    template_name = "registration/sign_in.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if not settings.PASSWORD_SIGN_IN:
            raise Http404
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        errors = error_list(context["form"])
        if self.request.GET.get("sign-on") == "failed":
            errors = [(SIGN_ON_FAILED, "sign-on"), *errors]
        context.update(
            errors=errors,
            session_ended=self.request.session.pop(ENDED_BECAUSE, None),
            **sign_in_ways(),
        )
        return context


sign_in = login_not_required(SignInView.as_view())


class SignOutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        # The sign-in page says so: on a shared computer, a person wants to know they are out.
        request.session[ENDED_BECAUSE] = SIGNED_OUT
        return response


sign_out = SignOutView.as_view()


class ChangePasswordView(auth_views.PasswordChangeView):
    """ "Change your password", for everyone signed in: Django's view, which keeps the person signed in here (and
    signs out their other sessions) once the password is changed."""

    form_class = ChangePasswordForm
    template_name = "registration/password_form.html"
    http_method_names = ["get", "post"]
    title = "Change your password"
    intro = (
        "You stay signed in here. Anywhere else you are signed in to EqA, you will need to sign in again with "
        "the new password."
    )
    button_label = "Change your password"
    done = "Your password is changed."

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            errors=error_list(context["form"]),
            title=self.title,
            intro=self.intro,
            button_label=self.button_label,
            next=self.next_url(),
            cancel_url=self.cancel_url(),
        )
        return context

    def next_url(self):
        wanted = self.request.POST.get("next") or self.request.GET.get("next") or ""
        # A path of this site only, as the page-to-go-back-to always is.
        if wanted.startswith("/") and url_has_allowed_host_and_scheme(
            wanted, {self.request.get_host()}, self.request.is_secure()
        ):
            return wanted
        return ""

    def form_valid(self, form):
        response = super().form_valid(form)
        own_password_chosen(self.request.user)
        self.request.session.pop(MUST_CHOOSE, None)
        log_event("password", outcome="changed", request=self.request)
        messages.success(self.request, self.done)
        return response

    def get_success_url(self):
        return self.next_url() or reverse("home")

    def cancel_url(self):
        return self.next_url() or reverse("home")


class ChooseNewPasswordView(ChangePasswordView):
    """ "Choose a new password": where a person who signed in with a temporary password is sent, whatever page
    they asked for (councils.accounts.ChooseNewPasswordMiddleware), until they have chosen their own."""

    form_class = ChooseNewPasswordForm
    title = "Choose a new password"
    intro = (
        "You signed in with a temporary password. Choose a password of your own before you carry on: only you "
        "should know it."
    )
    button_label = "Save your new password"
    done = "Your new password is saved. Use it the next time you sign in."

    def dispatch(self, request, *args, **kwargs):
        if (
            request.user.is_authenticated
            and request.method.lower() in self.http_method_names
            and not request.session.get(MUST_CHOOSE)
        ):
            # Only after a temporary password: anybody else changes theirs knowing the current one.
            return redirect("home")
        return super().dispatch(request, *args, **kwargs)

    def cancel_url(self):
        return None  # there is nowhere else to go until a password is chosen


password_change = password_page(ChangePasswordView.as_view())
password_choose = password_page(ChooseNewPasswordView.as_view())


class ForgottenPasswordView(auth_views.PasswordResetView):
    """ "Forgotten your password?": a link to choose a new one is emailed to each account with the address given.
    The next page says the same whether or not an account has it, so that nobody learns who has an account. Each
    address may ask PASSWORD_RESETS_PER_MINUTE times a minute, so that no one address can flood a person's inbox."""

    form_class = ForgottenPasswordForm
    template_name = "registration/password_forgotten.html"
    success_url = reverse_lazy("password-reset-sent")
    http_method_names = ["get", "post"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(errors=error_list(context["form"]), title="Forgotten your password?")
        return context

    def form_valid(self, form):
        # Counted only when an email may go: a form sent back with its errors floods nobody.
        too_many, _ = limited(self.request, "password-reset", settings.PASSWORD_RESETS_PER_MINUTE)
        if too_many:
            return too_many
        log_event("password-reset", outcome="asked", request=self.request)
        return super().form_valid(form)


class ResetPasswordView(auth_views.PasswordResetConfirmView):
    """The page the emailed link opens: a new password, once, while the link lasts. The person then signs in with it;
    everywhere they were signed in before is signed out."""

    form_class = ResetPasswordForm
    template_name = "registration/password_reset.html"
    success_url = reverse_lazy("password-reset-done")
    http_method_names = ["get", "post"]

    def dispatch(self, request, *args, **kwargs):
        # Django's view answers a link that does not work before it looks at the method.
        if request.method.lower() not in self.http_method_names:
            return self.http_method_not_allowed(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context.get("form")
        context.update(errors=error_list(form) if form else [], title="Choose a new password", lasts=reset_link_lasts())
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        own_password_chosen(form.user)
        log_event("password-reset", outcome="changed", request=self.request, user=form.user)
        return response


password_forgotten = login_not_required(password_page(ForgottenPasswordView.as_view()))
password_reset = login_not_required(password_page(ResetPasswordView.as_view()))
password_reset_sent = login_not_required(
    password_page(
        auth_views.PasswordResetDoneView.as_view(
            template_name="registration/password_reset_sent.html", extra_context={"lasts": reset_link_lasts}
        )
    )
)
password_reset_done = login_not_required(
    password_page(auth_views.PasswordResetCompleteView.as_view(template_name="registration/password_reset_done.html"))
)


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a sign-in from a username and address, or from an address, that have failed too
    often: the sign-in page, saying what to do."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    whole_address = address_locked_out(request)
    log_event(
        "sign-in",
        outcome="locked-out",
        request=request,
        username=str(username),
        level=logging.WARNING,
        locked="address" if whole_address else "username-and-address",
    )
    form = SignInForm(request, initial={"username": username})
    return render(
        request,
        "registration/sign_in.html",
        {
            "form": form,
            "errors": [(ADDRESS_LOCKED_OUT if whole_address else LOCKED_OUT, "id_username")],
            "next": request.POST.get("next", ""),
            **sign_in_ways(),
        },
        status=429,
    )


@require_POST
def keep_alive(request):
    """The timeout warning's "Stay signed in": the idle clock starts again. Answers how long the session has
    left now."""
    now = time.time()
    request.session[LAST_SEEN] = now
    left, extendable = time_left(request.session, now)
    return JsonResponse({"seconds_left": int(left), "extendable": extendable})


def permission_denied(request, exception=None):
    """The 403 page, with nothing of why beyond what the page says; the refusal is logged."""
    log_event("refused", outcome="forbidden", request=request, level=logging.WARNING)
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    """The 404 page. Logged, as another council's record answers 404 too: a run of them is somebody probing."""
    log_event("refused", outcome="not-found", request=request)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """The 500 page; or the 503 page while the database cannot be reached, which may happen before any view runs
    (loading the person's session). Load balancers and uptime checks then see the service as down, not broken.
    Rendered without the request: its context (the person, their councils) needs the database."""
    if isinstance(sys.exception(), (OperationalError, InterfaceError)):
        return HttpResponse(loader.get_template("503.html").render(), status=503)
    return HttpResponseServerError(loader.get_template("500.html").render())


def csrf_failure(request, reason=""):
    log_event("refused", outcome="csrf-failed", request=request, level=logging.WARNING, reason=reason)
    return render(request, "403.html", {"out_of_date": True}, status=403)


@login_not_required
@require_GET
def accessibility(request):
    return render(
        request,
        "councils/accessibility.html",
        {
            "service_owner": settings.SERVICE_OWNER,
            "accessibility_email": settings.ACCESSIBILITY_EMAIL,
        },
    )


@login_not_required
@never_cache
# HEAD too: some load balancers check with it.
@require_safe
def healthz(request):
    """200 when the database answers, 503 when it does not: for load balancers and uptime checks."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def dashboard_panels(request):
    """Each app's panels for the person's home page. An app offers them with a `dashboard_panels(request)` method
    on its AppConfig, returning a list of dicts with at least "title" and "template" (the template that draws the
    panel, given it as `panel`); this app never imports the others."""
    panels = []
    for config in apps.get_app_configs():
        if hasattr(config, "dashboard_panels"):
            panels.extend(config.dashboard_panels(request) or [])
    return panels


def dashboard_links(found):
    """Each app's links for the home page, (text, URL), for a person with the memberships `found`, each with its
    council: an app offers them with a `dashboard_links(memberships)` method on its AppConfig, and offers only
    what the person's roles allow, in their councils as each is set up."""
    links = []
    for config in apps.get_app_configs():
        if hasattr(config, "dashboard_links"):
            links.extend(config.dashboard_links(found))
    return links


def settings_links(councils, held):
    """The council settings of each council the person is council admin of."""
    return [
        (f"Council settings: {council.name}" if len(councils) > 1 else "Council settings", council.get_absolute_url())
        for council in councils
        if (Role.COUNCIL_ADMIN, council.pk) in held
    ]


@require_GET
def home(request):
    councils = list(councils_for(request.user))
    found = memberships(request) if councils else []
    held = {(m.role, m.council_id) for m in found}
    return render(
        request,
        "councils/home.html",
        {
            "councils": councils,
            "links": dashboard_links(found) + settings_links(councils, held),
            "panels": dashboard_panels(request) if councils else [],
        },
    )
