"""The Django admin, for superusers only. Council admins manage their own council through EqA's council settings
pages, which are scoped to the councils they are admin of; the admin is scoped to nothing, so nobody else may
reach any of it.

Every admin URL but the sign-in form is wrapped by `admin_view`; the sign-in form itself never shows: signing in
is EqA's own page, with its throttling and its log."""

from functools import wraps

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseRedirect
from django.urls import URLPattern, reverse


class SuperusersOnlyAdminSite(admin.AdminSite):
    site_header = "EqA: administration for superusers"
    site_title = "EqA administration"

    def has_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def get_urls(self):
        urls = super().get_urls()
        for pattern in urls:
            if isinstance(pattern, URLPattern) and hasattr(pattern.callback, "login_url"):
                # Read by LoginRequiredMiddleware: signed out, straight to EqA's sign-in, not the admin's.
                pattern.callback.login_url = settings.LOGIN_URL
        return urls

    def admin_view(self, view, cacheable=False):
        return _superusers_only(self, super().admin_view(view, cacheable))

    def login(self, request, extra_context=None):
        if self.has_permission(request):
            return HttpResponseRedirect(reverse("admin:index", current_app=self.name))
        _refuse_the_signed_in(request)
        return redirect_to_login(
            request.GET.get("next") or reverse("admin:index", current_app=self.name), settings.LOGIN_URL
        )


def _refuse_the_signed_in(request):
    # Not found, as for another council's record: the admin is not a page of theirs, and says nothing of itself.
    if request.user.is_authenticated:
        raise Http404


def _superusers_only(site, view):
    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not site.has_permission(request):
            _refuse_the_signed_in(request)
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return view(request, *args, **kwargs)

    return guarded
