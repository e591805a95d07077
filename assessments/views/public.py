"""A council's public register, for anyone, without signing in: the page (searched and filtered), the same as CSV and
JSON (open data), and each signed-off PDF. A council that has not switched its register on, and anything not on it,
answers 404.

It may be read by a crowd. Each answer is kept in the cache under the council's register revision, which every
status change of the council's records, and every other change of what the register shows, moves on
(Council.objects.register_changed), and the day (a review goes overdue at midnight), so a newly published record
shows at once, on every server; browsers and proxies may keep it for five
minutes, and a signed-off PDF, which never changes, for a year. Each address may ask REGISTER_REQUESTS_PER_MINUTE
times a minute."""

import hashlib
import json

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from assessments import public_register as register
from assessments.forms.filters import RegisterFilters
from assessments.models import IssuedPdf, ScreeningIssuedPdf
from assessments.views.legacy import word_file_response
from councils.models import Council, Service
from councils.pdf import pdf_response
from councils.spreadsheets import csv_file
from councils.throttling import limited, throttled

PAGE_SIZE = 20
KEPT_FOR = 300  # seconds: in the cache, and by browsers and proxies
PDF_KEPT_FOR = 365 * 24 * 3600


def _kept(request, slug, answer):
    """The answer from the cache, or made by `answer(council)` and kept, with headers that let browsers and proxies
    keep it too; 304 when the browser holds it already; 429 past the address's limit. The request is counted and the
    register's revision read in one statement on PostgreSQL; the council is read whole only to make an answer."""
    too_many, found = limited(
        request, "register", settings.REGISTER_REQUESTS_PER_MINUTE, Council.objects.register_revision_sql(slug)
    )
    if too_many:
        return too_many
    if found is None:
        raise Http404("This council has no public register")
    # The filters as read, not the query string as sent: a parameter the register ignores (a tracking tag, a value
    # it throws away) is answered from the same copy. The address asked for, as the JSON's links carry it.
    filters = sorted(RegisterFilters.chosen_in(request.GET).items())
    parts = [*found, timezone.localdate(), request.build_absolute_uri(request.path), filters]
    key = "register:" + hashlib.sha256(repr(parts).encode()).hexdigest()
    etag = f'"{key[-32:]}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        response = cache.get(key)
        if response is None:
            response = answer(Council.objects.get(pk=found[0]))
            cache.set(key, response, KEPT_FOR)
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={KEPT_FOR}"
    return response


def _council(slug):
    council = Council.objects.filter(slug=slug, register_public=True).first()
    if council is None:
        raise Http404("This council has no public register")
    return council


def _chosen(request, council):
    filters = RegisterFilters(request.GET)
    chosen = filters.chosen()
    service = Service.objects.filter(council=council, pk=chosen["service"]).first() if chosen["service"] else None
    if service is None:
        chosen["service"] = ""  # none, or another council's: no filter
    found = register.entries(
        council,
        q=chosen["q"],
        service=service,
        year=int(chosen["year"]) if chosen["year"] else None,
        characteristic=chosen["characteristic"],
        overdue=bool(chosen["overdue"]),
    )
    return filters, chosen, found


@login_not_required
@require_safe
def register_page(request, slug):
    def answer(council):
        filters, chosen, found = _chosen(request, council)
        return render(
            request,
            "assessments/public_register.html",
            {
                "council": council,
                "page": Paginator(found, PAGE_SIZE).get_page(chosen.pop("page")),
                "chosen": chosen,
                "filter_query": filters.query_string(),
                "is_filtered": any(chosen.values()),
                "services": Service.objects.filter(council=council).order_by("path"),
                "years": register.years(council),
                "characteristics": register.characteristics(council),
            },
        )

    return _kept(request, slug, answer)


@login_not_required
@require_safe
def register_csv(request, slug):
    def answer(council):
        _, _, found = _chosen(request, council)
        roles = register.named_roles(council)
        header = [*register.CSV_HEADER, *(register.NAMED_STEPS[role] for role in roles)]
        rows = [entry.csv_row(roles, request.build_absolute_uri) for entry in found]
        # Made whole, not streamed: the answer is kept in the cache for the next to ask.
        return csv_file(f"{council.slug}-equality-register.csv", header, rows)

    return _kept(request, slug, answer)


@login_not_required
@require_safe
def register_json(request, slug):
    def answer(council):
        _, _, found = _chosen(request, council)
        document = {
            "council": council.name,
            "register": request.build_absolute_uri(request.path.removesuffix("register.json")),
            "records": [entry.as_json(request.build_absolute_uri) for entry in found],
        }
        return HttpResponse(
            json.dumps(document, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
        )

    return _kept(request, slug, answer)


def _pdf(request, issued, filename):
    return _kept_for_good(request, issued, lambda: pdf_response(issued.read(), filename))


def _kept_for_good(request, kept, response):
    """A kept file never changes: browsers and proxies may keep it for good, and a browser that holds it is told so
    without the file being read. `response()` makes the answer that sends it."""
    etag = f'"{kept.sha256}"'
    answer = HttpResponse(status=304) if request.headers.get("If-None-Match") == etag else response()
    answer["Cache-Control"] = f"public, max-age={PDF_KEPT_FOR}, immutable"
    answer["ETag"] = etag
    return answer


@login_not_required
@require_safe
@throttled("register", lambda: settings.REGISTER_REQUESTS_PER_MINUTE)
def eia_pdf(request, slug, issued_pk):
    council = _council(slug)
    issued = get_object_or_404(
        IssuedPdf.objects.select_related("assessment"), pk=issued_pk, assessment__in=register.published_eias(council)
    )
    return _pdf(request, issued, f"{issued.assessment.reference or 'eia'}-{issued.assessment.title}.pdf")


@login_not_required
@require_safe
@throttled("register", lambda: settings.REGISTER_REQUESTS_PER_MINUTE)
def screening_pdf(request, slug, issued_pk):
    council = _council(slug)
    issued = get_object_or_404(
        ScreeningIssuedPdf.objects.select_related("screening"),
        pk=issued_pk,
        screening__in=register.screened_out(council),
    )
    return _pdf(request, issued, f"{issued.screening.reference or 'screening'}-{issued.screening.title}.pdf")


@login_not_required
@require_safe
@throttled("register", lambda: settings.REGISTER_REQUESTS_PER_MINUTE)
def word_file(request, slug, legacy_pk):
    """An EIA made before EqA, as its Word file was brought in, byte for byte."""
    council = _council(slug)
    legacy = get_object_or_404(register.from_word(council), pk=legacy_pk)
    return _kept_for_good(request, legacy, lambda: word_file_response(legacy))
