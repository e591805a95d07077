"""What every app's home page panels share: the person's memberships, read once for the whole page, and a panel of
the first ten rows of a queryset with, through a window function, how many there are in all: one query a panel,
however many records wait.

An app offers its panels with a `dashboard_panels(request)` method on its AppConfig (councils/views.py)."""

from django.db.models import Count, Window

from councils.models import Membership

TEMPLATE = "includes/dashboard_panel.html"
LIMIT = 10


def memberships(request):
    """The person's memberships with their service limits: two queries, once a request, whoever asks."""
    if not hasattr(request, "_eqa_memberships"):
        request._eqa_memberships = list(Membership.objects.filter(user=request.user).prefetch_related("services"))
    return request._eqa_memberships


def councils_with(found, *roles):
    """The ids of the councils where these memberships hold any of `roles`."""
    return sorted({m.council_id for m in found if m.role in roles})


def row(title, url, place, date, **extra):
    """A panel's row: a linked title, where it belongs (a service, a plan), a date, and any detail."""
    return {"title": title, "url": url, "place": place, "date": date, **extra}


def panel(
    key,
    title,
    queryset,
    make_row,
    *,
    date_label,
    empty,
    more_url,
    more_hint,
    detail_label="",
    place_label="Service",
    nouns=("assessment", "assessments"),
):
    found = list(queryset.annotate(panel_total=Window(Count("pk")))[:LIMIT])
    total = found[0].panel_total if found else 0
    return {
        "key": key,
        "title": title,
        "items": [make_row(obj) for obj in found],
        "count": total,
        "more": max(total - LIMIT, 0),
        "more_url": more_url,
        "more_hint": more_hint,
        "date_label": date_label,
        "detail_label": detail_label,
        "place_label": place_label,
        "noun": nouns[0] if total == 1 else nouns[1],
        "empty": empty,
        "template": TEMPLATE,
    }
