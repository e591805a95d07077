"""A council's public register, as the public reads it without signing in: only what was published, the signed-off
PDF with its SHA-256, the filters, the open data, the names the council chose to show, a newly published record at
once despite the cache, and a limit on requests from one address."""

import csv
import hashlib
import io
import json
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments import public_register
from assessments.models import Assessment, ScreeningStatus, Status
from assessments.services import assessment_approve, screening_approve
from councils.models import AddressRequests, Council, Role
from tests.factories import AssessmentFactory, CouncilFactory, ScreeningFactory, ServiceFactory, UserFactory
from tests.lifecycle_helpers import person_with_role, ready_assessment, ready_screening

pytestmark = pytest.mark.usefixtures("quick_pdfs")


@pytest.fixture
def people(council):
    people = {role: person_with_role(council, role, f"reg-{role}") for role in (Role.AUTHOR, Role.APPROVER)}
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


def published(council, service, people, title="Care at home services", **fields):
    eia = ready_assessment(council, service, people[Role.AUTHOR], title=title, **fields)
    eia = eia.submit(by=people[Role.AUTHOR])
    eia = assessment_approve(assessment=eia, by=people[Role.APPROVER])
    Council.objects.filter(pk=council.pk).update(eia_moderation_required=False)
    eia.council.refresh_from_db()
    return eia.publish(by=people[Role.APPROVER])


def screened_out(council, service, people, title="Day opportunities review"):
    screening = ready_screening(council, service, people[Role.AUTHOR], title=title)
    screening = screening.submit(by=people[Role.AUTHOR])
    return screening_approve(screening=screening, by=people[Role.APPROVER])


def register(client, council, **query):
    return client.get(reverse("register:list", args=[council.slug]), query)


def rows(client, council, **query):
    content = client.get(reverse("register:csv", args=[council.slug]), query).content.decode("utf-8-sig")
    header, *found = csv.reader(io.StringIO(content, newline=""))
    return [dict(zip(header, row, strict=True)) for row in found]


def test_a_council_that_has_not_switched_it_on_has_no_register(client, council, service, people):
    published(council, service, people)
    assert register(client, council).status_code == 404
    assert client.get(reverse("register:json", args=[council.slug])).status_code == 404


def test_it_lists_what_was_published_and_a_screened_out_decision_and_nothing_else(
    client, public, service, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        eia = published(public, service, people)
        decided = screened_out(public, service, people)
    draft = ready_assessment(public, service, people[Role.AUTHOR], title="A draft nobody may see")
    signed_off = ready_assessment(public, service, people[Role.AUTHOR], title="Signed off, not yet published")
    signed_off = assessment_approve(assessment=signed_off.submit(by=people[Role.AUTHOR]), by=people[Role.APPROVER])
    theirs = CouncilFactory(name="Another Borough Council", slug="another", register_public=True)
    other = ready_assessment(theirs, ServiceFactory(council=theirs), UserFactory(), title="Their own EIA")
    Assessment.objects.filter(pk=other.pk).update(status=Status.PUBLISHED, approved_at=timezone.now())

    page = register(client, public)

    assert page.status_code == 200
    text = page.content.decode()
    assert eia.title in text and decided.title in text
    for hidden in (draft.title, signed_off.title, other.title):
        assert hidden not in text
    assert "2 records" in text
    # The signed-off PDF downloads as it was issued, and its SHA-256 is the one on the page.
    issued = eia.issued_pdfs.get()
    assert issued.sha256 in text
    pdf = client.get(reverse("register:eia-pdf", args=[public.slug, issued.pk]))
    assert hashlib.sha256(pdf.content).hexdigest() == issued.sha256
    assert pdf["Cache-Control"] == "public, max-age=31536000, immutable"
    screening_pdf = client.get(reverse("register:screening-pdf", args=[public.slug, decided.issued_pdf.pk]))
    assert hashlib.sha256(screening_pdf.content).hexdigest() == decided.issued_pdf.sha256


def test_a_pdf_of_anything_not_on_the_register_is_not_there(
    client, public, service, people, django_capture_on_commit_callbacks
):
    signed_off = ready_assessment(public, service, people[Role.AUTHOR])
    signed_off = assessment_approve(assessment=signed_off.submit(by=people[Role.AUTHOR]), by=people[Role.APPROVER])
    issued = signed_off.issued_pdfs.get()
    assert client.get(reverse("register:eia-pdf", args=[public.slug, issued.pk])).status_code == 404
    # Nor is another council's published PDF, asked for under this council's register.
    theirs = CouncilFactory(name="Another Borough Council", slug="another", register_public=True)
    their_people = {
        Role.AUTHOR: person_with_role(theirs, Role.AUTHOR, "their-author"),
        Role.APPROVER: person_with_role(theirs, Role.APPROVER, "their-approver"),
    }
    with django_capture_on_commit_callbacks(execute=True):
        their_eia = published(theirs, ServiceFactory(council=theirs), their_people)
    their_pdf = their_eia.issued_pdfs.get()
    assert client.get(reverse("register:eia-pdf", args=[public.slug, their_pdf.pk])).status_code == 404
    assert client.get(reverse("register:eia-pdf", args=[theirs.slug, their_pdf.pk])).status_code == 200


def test_it_names_only_the_roles_the_council_chose(client, public, service, people):
    published(public, service, people)
    page = register(client, public).content.decode()
    assert "Head Ofservice" in page and "Junior Officer" not in page

    Council.objects.filter(pk=public.pk).update(register_names=[])
    page = register(client, public).content.decode()
    assert "Head Ofservice" not in page and "Junior Officer" not in page
    assert "Signed off by" not in rows(client, public)[0]


def test_a_newly_published_record_shows_at_once_though_the_page_is_kept_in_the_cache(client, public, service, people):
    published(public, service, people, title="First published")
    assert "1 record" in register(client, public).content.decode()
    published(public, service, people, title="Second published")
    page = register(client, public).content.decode()
    assert "Second published" in page and "2 records" in page


def test_a_browser_that_holds_a_pdf_is_told_so_without_the_file_being_read(client, public, service, people):
    eia = published(public, service, people)
    issued = eia.issued_pdfs.get()
    url = reverse("register:eia-pdf", args=[public.slug, issued.pk])
    first = client.get(url)
    assert first["ETag"] == f'"{issued.sha256}"'
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert not [query for query in queries.captured_queries if "storedfile" in query["sql"]]


def test_a_browser_that_holds_the_page_is_told_it_has_not_changed(client, public, service, people):
    published(public, service, people)
    first = register(client, public)
    assert first["Cache-Control"] == "public, max-age=300"
    again = client.get(reverse("register:list", args=[public.slug]), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_a_page_kept_in_the_cache_costs_one_statement_on_postgresql(client, public, service, people):
    """A crowd's every request is counted against its address and reads the register's revision, in one statement
    on PostgreSQL; SQLite, which cannot count and read at once, takes three."""
    published(public, service, people)
    register(client, public)
    with CaptureQueriesContext(connection) as queries:
        assert register(client, public).status_code == 200
    # The first request of a minute also tidies the address's counts of earlier minutes.
    sent = [query["sql"] for query in queries.captured_queries if not query["sql"].startswith("DELETE")]
    assert len(sent) == (1 if connection.vendor == "postgresql" else 3), sent


def test_the_filters_find_by_service_year_characteristic_overdue_and_words(client, public, service, people):
    other_service = ServiceFactory(council=public, name="Housing")
    care = published(public, service, people, title="Care at home services")
    housing = published(public, other_service, people, title="Housing adaptations")
    # As if signed off two years ago, its review now overdue: what time passing does to a signed-off record.
    QuerySet.update(
        Assessment.objects.filter(pk=housing.pk),
        approved_at=timezone.now() - timedelta(days=800),
        review_due=timezone.localdate() - timedelta(days=1),
    )
    high_row = care.rows.exclude(negative_level="").get().label

    def titles(**query):
        return [row["Title"] for row in rows(client, public, **query)]

    assert titles(service=other_service.pk) == ["Housing adaptations"]
    assert titles(overdue="1") == ["Housing adaptations"]
    assert titles(year=timezone.now().year) == ["Care at home services"]
    assert titles(q="adaptations") == ["Housing adaptations"]
    assert sorted(titles(characteristic=high_row)) == ["Care at home services", "Housing adaptations"]
    assert titles(characteristic="Nobody rated") == []
    page = register(client, public, overdue="1").content.decode()
    assert "Overdue" in page and "Care at home services" not in page


def test_the_open_data_is_formula_safe_csv_and_json(client, public, service, people):
    eia = published(public, service, people, title='=HYPERLINK("http://evil")')
    row = rows(client, public)[0]
    assert row["Title"].startswith("'=")
    assert row["Worst negative impact"] == "High"
    assert row["Signed off by"] == "Head Ofservice"
    document = json.loads(client.get(reverse("register:json", args=[public.slug])).content)
    record = document["records"][0]
    assert record["title"] == eia.title
    assert record["pdf_sha256"] == eia.issued_pdfs.get().sha256
    assert record["pdf"].startswith("http://testserver/register/")
    assert record["signed_off_by"] == "Head Ofservice"
    assert record["moderated_pdf"] is None
    assert record["review_overdue"] is False
    # A spreadsheet's link opens from the spreadsheet.
    assert row["Signed-off PDF"] == record["pdf"]


def test_it_makes_the_same_queries_for_many_records_as_for_one(client, public, service, people):
    published(public, service, people, title="Only one")
    screened_out(public, service, people)

    def counted():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert register(client, public).status_code == 200
        # The count of the address's requests, which the first request of a minute also tidies, aside.
        return len([query for query in queries.captured_queries if "addressrequests" not in query["sql"]])

    one = counted()
    for number in range(6):
        published(public, service, people, title=f"Published {number}")
        screened_out(public, service, people, title=f"Screened out {number}")
    assert counted() == one


def test_an_address_asking_too_often_is_told_to_wait(client, public, settings):
    settings.REGISTER_REQUESTS_PER_MINUTE = 3
    for _ in range(3):
        assert register(client, public).status_code == 200
    refused = register(client, public)
    assert refused.status_code == 429
    assert "Wait a minute, then try again" in refused.content.decode()
    assert 0 < int(refused["Retry-After"]) <= 60
    # Another address is not held back.
    assert client.get(reverse("register:list", args=[public.slug]), REMOTE_ADDR="10.1.2.3").status_code == 200


def test_the_minute_before_counts_too_so_the_turn_of_a_minute_does_not_start_afresh(client, public, settings):
    settings.REGISTER_REQUESTS_PER_MINUTE = 3
    minute = timezone.now().replace(second=0, microsecond=0)
    crowd = {"scope": "register", "address": "127.0.0.1"}
    # Far more than the limit, two minutes ago: past the 60 seconds, so not counted.
    AddressRequests.objects.create(**crowd, minute=minute - timedelta(minutes=2), count=10**9)
    assert register(client, public).status_code == 200
    # Far more than the limit in the minute before: whatever the second now, some of it is within the 60 seconds.
    AddressRequests.objects.create(**crowd, minute=minute - timedelta(minutes=1), count=10**9)
    assert register(client, public).status_code == 429


def test_a_council_admin_switches_it_on_and_the_history_says_who_chose_what(client, council, council_admin):
    client.force_login(council_admin)
    settings_page = reverse("councils:public-register", args=[council.slug])
    assert "Publish the council" in client.get(settings_page).content.decode()
    answer = client.post(settings_page, {"register_public": "True", "register_names": ["approver", "moderator"]})
    assert answer.status_code == 302
    council.refresh_from_db()
    assert council.register_public and council.register_names == ["approver", "moderator"]
    client.logout()
    assert register(client, council).status_code == 200

    client.force_login(council_admin)
    history = client.get(reverse("councils:settings-history", args=[council.slug])).content.decode()
    assert "Approvers (heads of service), who signed off; Moderators (equality groups), who moderated it" in history
    assert "the public register is published" in history.lower()


def test_a_page_is_made_of_its_own_entries_in_the_order_the_whole_register_has(public, service, monkeypatch):
    """A register of thousands shows twenty at a time: the page's slice is made alone, and in the same order as the
    whole (the CSV's and JSON's), newest sign-off first, EIAs and screenings together."""
    signed_off = timezone.now() - timedelta(days=40)
    for number in range(3):
        on = signed_off + timedelta(days=10 * number)
        AssessmentFactory(
            council=public, service=service, title=f"Published {number}", status=Status.PUBLISHED, approved_at=on
        )
        ScreeningFactory(
            council=public,
            service=service,
            title=f"Screened out {number}",
            status=ScreeningStatus.APPROVED,
            approved_at=on + timedelta(days=5),
        )
    made, entry = [], public_register.Entry

    def counted(**fields):
        made.append(fields["pk"])
        return entry(**fields)

    monkeypatch.setattr(public_register, "Entry", counted)

    found = public_register.entries(public)
    whole = [(entry.kind, entry.title) for entry in found]
    assert whole == [
        ("screening", "Screened out 2"),
        ("eia", "Published 2"),
        ("screening", "Screened out 1"),
        ("eia", "Published 1"),
        ("screening", "Screened out 0"),
        ("eia", "Published 0"),
    ]
    made.clear()
    assert len(found) == 6
    assert [(entry.kind, entry.title) for entry in found[2:4]] == whole[2:4]
    assert len(made) == 2
    assert (found[5].kind, found[5].title) == whole[5]
