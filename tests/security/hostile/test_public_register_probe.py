"""A hostile probe of a council's public register, read without signing in: what it may show and to whom, what the
cache may hand on from one request to the next, what a tampered query string does, and the limit on requests from
one address."""

import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment, ImpactRow, Status
from assessments.services import assessment_approve, screening_approve
from councils.models import Council, Role
from tests.assessments.test_public_register import published, register, rows, screened_out
from tests.factories import CouncilFactory, ServiceFactory
from tests.lifecycle_helpers import person_with_role

pytestmark = pytest.mark.usefixtures("quick_pdfs")


@pytest.fixture
def people(council):
    people = {
        role: person_with_role(council, role, f"probe-{role}") for role in (Role.AUTHOR, Role.APPROVER, Role.MANAGER)
    }
    people[Role.AUTHOR].first_name, people[Role.AUTHOR].last_name = "Junior", "Officer"
    people[Role.AUTHOR].save()
    people[Role.APPROVER].first_name, people[Role.APPROVER].last_name = "Head", "Ofservice"
    people[Role.APPROVER].save()
    return people


@pytest.fixture
def public(council):
    Council.objects.filter(pk=council.pk).update(register_public=True)
    council.refresh_from_db()
    return council


def urls(council):
    return [reverse(f"register:{name}", args=[council.slug]) for name in ("list", "csv", "json")]


def counted_queries(client, url, **extra):
    """The queries a request makes, the count of the address's requests aside."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return len([query for query in queries.captured_queries if "addressrequests" not in query["sql"]])


# What it shows


def test_the_worst_negative_impact_is_the_eias_worst_whichever_characteristic_is_filtered(
    client, public, service, people
):
    """An EIA with a High negative impact on one row and a Low one on another is found by the Low row's characteristic;
    its worst negative impact is still High: the filter does not narrow the rows the worst level is taken over."""
    eia = published(public, service, people)
    high = eia.rows.get(negative_level="high")
    low = eia.rows.exclude(pk=high.pk).first()
    QuerySet.update(ImpactRow.objects.filter(pk=low.pk), negative="Leaflets in English only.", negative_level="low")

    assert [row["Worst negative impact"] for row in rows(client, public)] == ["High"]
    assert [row["Worst negative impact"] for row in rows(client, public, characteristic=low.label)] == ["High"]
    page = register(client, public, characteristic=low.label).content.decode()
    assert "High" in page


def test_the_json_gives_no_pdf_link_for_a_record_whose_pdf_is_not_kept(client, public, service, people):
    """A record on the register without an issued PDF (the page says "Not kept", the CSV's cell is empty) has no PDF
    link in the JSON, not the JSON document's own address."""
    eia = published(public, service, people)
    eia.issued_pdfs.all().delete()

    assert rows(client, public)[0]["Signed-off PDF"] == ""
    document = json.loads(client.get(reverse("register:json", args=[public.slug])).content)
    assert document["records"][0]["pdf"] in ("", None)


# What the cache hands on


def test_the_cached_json_links_are_to_the_host_and_scheme_that_asked(client, public, service, people, settings):
    """The JSON's links are made from the request's host and scheme, so the cache keeps a copy for each: an https
    reader never gets http:// links, nor one allowed host's reader another's."""
    settings.ALLOWED_HOSTS = ["testserver", "register.example.gov.uk"]
    published(public, service, people)
    url = reverse("register:json", args=[public.slug])

    first = json.loads(client.get(url).content)
    assert first["register"] == f"http://testserver/register/{public.slug}/"

    secure = json.loads(client.get(url, secure=True).content)
    assert secure["register"] == f"https://testserver/register/{public.slug}/"
    assert secure["records"][0]["pdf"].startswith("https://")

    other_host = json.loads(client.get(url, HTTP_HOST="register.example.gov.uk").content)
    assert other_host["register"] == f"http://register.example.gov.uk/register/{public.slug}/"


@pytest.mark.parametrize("ignored", ["utm_source=newsletter", "fbclid=IwAR0x1", "q=%00", "year=99999", "junk=1"])
def test_a_parameter_the_register_ignores_is_answered_from_the_cache(client, public, service, people, ignored):
    """A parameter the register ignores (a tracking tag, a new fbclid for each click on a social network, a tampered
    value) is answered from the copy already kept: nobody can make it build the whole page again at will."""
    published(public, service, people)
    url = reverse("register:list", args=[public.slug])
    client.get(url)
    from_cache = counted_queries(client, url)

    assert counted_queries(client, f"{url}?{ignored}") == from_cache


def test_nothing_of_a_signed_in_visitor_is_kept_for_the_next_one(client, public, service, people):
    """a signed-in visitor's page goes in the cache, but nothing of them (their name, their
    councils, the CSRF token, a message waiting for them, their session's timing) is in it, and their copy is
    never kept by a browser or proxy."""
    published(public, service, people)
    manager = people[Role.MANAGER]
    manager.first_name, manager.last_name = "Mona", "Signedin"
    manager.save()
    client.force_login(manager)
    signed_in = client.get(reverse("register:list", args=[public.slug]))
    assert signed_in.status_code == 200
    assert "no-store" in signed_in["Cache-Control"] and "public" not in signed_in["Cache-Control"]

    client.logout()
    anonymous = client.get(reverse("register:list", args=[public.slug]))
    text = anonymous.content.decode()
    assert anonymous["Cache-Control"] == "public, max-age=300"
    for personal in (
        "Mona Signedin",
        "csrfmiddlewaretoken",
        "Sign out",
        "data-session-ends-in",
        "Change your password",
    ):
        assert personal not in text
    assert "set-cookie" not in {header.lower() for header in anonymous.headers}


def test_a_superseded_version_leaves_the_cached_register_page_csv_json_and_its_pdf(
    client, public, service, people, django_capture_on_commit_callbacks
):
    """a published EIA, kept in the cache, leaves every form of the register the moment a
    new version of it is signed off (the new version not yet published), and its PDF answers 404."""
    with django_capture_on_commit_callbacks(execute=True):
        first = published(public, service, people, title="First version title")
    pdf = reverse("register:eia-pdf", args=[public.slug, first.issued_pdfs.get().pk])
    for url in urls(public):
        assert "First version title" in client.get(url).content.decode()
    assert client.get(pdf).status_code == 200

    second = first.start_review(by=people[Role.AUTHOR])
    second = second.submit(by=people[Role.AUTHOR])
    assessment_approve(assessment=second, by=people[Role.APPROVER])

    for url in urls(public):
        assert "First version title" not in client.get(url).content.decode()
    assert client.get(pdf).status_code == 404


def test_a_screening_reopened_then_decided_again_is_shown_once_in_its_new_version(client, public, service, people):
    """a screened-out decision stays on while its reopened version is written, and is replaced,
    not joined, when that version is screened out too, whatever the cache holds."""
    first = screened_out(public, service, people, title="Day centres screening")
    assert [row["Title"] for row in rows(client, public)] == ["Day centres screening"]

    draft = first.reopen(by=people[Role.AUTHOR])
    assert [row["Title"] for row in rows(client, public)] == ["Day centres screening"]
    screening_approve(screening=draft.submit(by=people[Role.AUTHOR]), by=people[Role.APPROVER])
    found = rows(client, public)
    assert len(found) == 1
    assert json.loads(client.get(urls(public)[2]).content)["records"][0]["reference"] == draft.reference


def test_one_councils_cached_answer_is_never_anothers(client, public, service, people):
    """two councils' registers, each kept in the cache, and one of them switched off."""
    published(public, service, people, title="Ours only")
    theirs = CouncilFactory(name="Another Borough Council", slug="another", register_public=True)
    for url in urls(public):
        client.get(url)
    for url in urls(theirs):
        answer = client.get(url)
        assert answer.status_code == 200 and "Ours only" not in answer.content.decode()
    Council.objects.filter(pk=public.pk).update(register_public=False)
    for url in [*urls(public), reverse("register:eia-pdf", args=[public.slug, 1])]:
        assert client.get(url).status_code == 404


# Tampered requests


TAMPERED = [
    {"q": "\x00"},
    {"q": "a" * 100_000},
    {"q": "’ OR 1=1 -- <script>alert(1)</script> 😀"},
    {"q": "%_\\"},
    {"year": "99999"},
    {"year": "-1"},
    {"year": "2024\x00"},
    {"service": "99999999999999999999999999"},
    {"service": "-5"},
    {"service": "1e3"},
    {"page": "0"},
    {"page": "99999999999999999999"},
    {"page": "last"},
    {"characteristic": '"><img src=x onerror=alert(1)>'},
    {"characteristic": "\x00"},
    {"characteristic": "x" * 5000},
    {"overdue": "\x00"},
    {"q": ["a", "b", "c"], "year": ["2020", "2021"], "service": ["1", "x"]},
]


@pytest.mark.parametrize("query", TAMPERED)
def test_a_tampered_query_string_never_gives_a_server_error(client, public, service, people, query):
    published(public, service, people)
    for url in urls(public):
        answer = client.get(url, query)
        assert answer.status_code == 200, (url, query)
    page = register(client, public, **query).content.decode()
    assert "<img src=x" not in page and "<script>alert" not in page


@pytest.mark.parametrize("method", ["post", "put", "delete", "options", "patch"])
def test_other_methods_are_refused_without_a_server_error(client, public, method):
    for url in urls(public):
        assert getattr(client, method)(url).status_code in (403, 405)


def test_head_is_answered_as_get_is(client, public, service, people, django_capture_on_commit_callbacks):
    """Every general-purpose server must support HEAD as well as GET (RFC 9110, 9.1): link checkers, uptime
    monitors and the committee papers' link validation ask with HEAD."""
    with django_capture_on_commit_callbacks(execute=True):
        with_pdf = published(public, service, people)
    pdf = reverse("register:eia-pdf", args=[public.slug, with_pdf.issued_pdfs.get().pk])
    for url in [*urls(public), pdf]:
        assert client.head(url).status_code == 200, url


# The limit on requests


def test_a_request_without_an_address_or_from_ipv6_is_counted_not_an_error(client, public, settings):
    """no REMOTE_ADDR, or an IPv6 address as long as one can be, is counted and limited."""
    settings.REGISTER_REQUESTS_PER_MINUTE = 2
    url = reverse("register:list", args=[public.slug])
    for address in ("", "0000:0000:0000:0000:0000:ffff:192.168.100.228", "2001:db8::1"):
        extra = {"REMOTE_ADDR": address} if address else {}
        if not address:
            client.defaults.pop("REMOTE_ADDR", None)
        assert [client.get(url, **extra).status_code for _ in range(3)] == [200, 200, 429], address


def test_an_ipv6_client_cannot_escape_the_limit_by_moving_within_its_own_network(client, public, settings):
    """A single IPv6 host is given a /64 (2^64 addresses) and may use a new one for each request: IPv6 addresses are
    counted by their /64 network."""
    settings.REGISTER_REQUESTS_PER_MINUTE = 3
    url = reverse("register:list", args=[public.slug])
    answers = [client.get(url, REMOTE_ADDR=f"2001:db8:1:2::{number:x}").status_code for number in range(1, 6)]
    assert answers == [200, 200, 200, 429, 429]


def test_a_forged_forwarded_address_does_not_escape_the_limit(client, public, settings):
    """behind the TLS proxy, an address the client puts in X-Forwarded-For is not counted as
    its own; without a proxy the header is not read at all."""
    settings.REGISTER_REQUESTS_PER_MINUTE = 2
    url = reverse("register:list", args=[public.slug])
    for behind_proxy in (False, True):
        cache.clear()
        settings.BEHIND_TLS_PROXY = behind_proxy
        answers = [
            client.get(
                url,
                REMOTE_ADDR=f"10.0.{int(behind_proxy)}.1",
                HTTP_X_FORWARDED_FOR=f"198.51.100.{number}, 203.0.113.{int(behind_proxy) + 7}"
                if behind_proxy
                else f"198.51.100.{number}",
            ).status_code
            for number in range(4)
        ]
        assert answers == [200, 200, 429, 429], behind_proxy


# Formula-safe open data


def test_every_text_cell_of_the_csv_is_formula_safe(client, public, people):
    """a title, a service's path and a name shown are each quoted when a spreadsheet would
    run them."""
    people[Role.APPROVER].first_name, people[Role.APPROVER].last_name = "@SUM(1+1)*cmd|' /C calc'!A0", ""
    people[Role.APPROVER].save()
    hostile_service = ServiceFactory(council=public, name="+cmd|' /C calc'!A0")
    published(public, hostile_service, people, title="-2+3+cmd|' /C calc'!A0")
    row = rows(client, public)[0]
    for column in ("Title", "Service", "Signed off by"):
        assert row[column][0] not in "=+-@\t\r", (column, row[column])


def test_a_record_of_another_status_is_never_on_the_register(client, public, service, people):
    """an EIA moved to each status but published by a direct update is not shown, nor its
    PDF."""
    eia = published(public, service, people, title="Moved about")
    pdf = reverse("register:eia-pdf", args=[public.slug, eia.issued_pdfs.get().pk])
    for status in (Status.DRAFT, Status.SUBMITTED, Status.APPROVED, Status.MODERATED, Status.SUPERSEDED):
        QuerySet.update(Assessment.objects.filter(pk=eia.pk), status=status)
        Council.objects.filter(pk=public.pk).update(register_revision=timezone.now().microsecond + 1)
        for url in urls(public):
            assert "Moved about" not in client.get(url).content.decode(), (status, url)
        assert client.get(pdf).status_code == 404, status
