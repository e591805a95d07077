"""The app's URLs, and a trivial view: a Django response with no database and no template, the yardstick each
page's throughput is measured against (absolute times drift on a shared machine; ratios hold)."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

from eqa_site.urls import handler403, handler404  # noqa: F401
from eqa_site.urls import urlpatterns as app_urlpatterns


@login_not_required
def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("benchmark/trivial", trivial, name="benchmark-trivial"), *app_urlpatterns]
