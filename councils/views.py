from django.apps import apps
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from councils.access import councils_for
from councils.forms import SignInForm, error_list


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "registration/sign_in.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["errors"] = error_list(context["form"])
        return context


sign_in = login_not_required(SignInView.as_view())
sign_out = auth_views.LogoutView.as_view()


@login_not_required
@never_cache
@require_GET
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


@require_GET
def home(request):
    councils = list(councils_for(request.user))
    return render(request, "councils/home.html", {
        "councils": councils,
        "panels": dashboard_panels(request) if councils else [],
    })
