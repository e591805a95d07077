"""The decision a signed-off EIA informed: recorded once the meeting has taken it, with the PDF issued at sign-off,
saying whether the signed-off EIA existed before the meeting; shown on the EIA, in its re-issued PDF and on the
public register; corrected with History; and only by those who may, on a signed-off EIA."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.models import DecisionRecord, IssuedPdf, Status
from assessments.services import assessment_approve
from councils.models import Council, Role
from tests.lifecycle_helpers import person_with_role, ready_assessment
from tests.page_forms import form_data
from tests.pdf_text import pdf_text


@pytest.fixture
def signed_off(council, service, author, approver):
    """An EIA signed off 30 days ago, published on the council's public register."""
    eia = ready_assessment(council, service, author, title="Day opportunities for older people")
    eia = assessment_approve(assessment=eia.submit(by=author), by=approver)
    IssuedPdf.objects.filter(assessment=eia).update(issued_at=timezone.now() - timedelta(days=30))
    Council.objects.filter(pk=council.pk).update(register_public=True, eia_moderation_required=False)
    eia.council.refresh_from_db()
    return eia.publish(by=approver)


def days_ago(days):
    on = timezone.localdate() - timedelta(days=days)
    return {"meeting_date_0": on.day, "meeting_date_1": on.month, "meeting_date_2": on.year}


TYPED = {"meeting": "Cabinet", "report_reference": "CAB/2026/14", "outcome": "agreed_with_changes"}


def record(client, person, eia, **typed):
    client.force_login(person)
    url = reverse("assessments:decision-add", args=[eia.pk])
    return client.post(url, form_data(client.get(url), **{**TYPED, **days_ago(10), **typed}))


def said(response):
    return " ".join(response.content.decode().split())


def test_an_author_records_the_decision_and_it_says_the_signed_off_eia_existed_before_the_meeting(
    client, author, signed_off
):
    response = record(client, author, signed_off)

    decision = DecisionRecord.objects.get(assessment=signed_off)
    assert response.status_code == 302 and response["Location"].endswith(f"/assessments/{signed_off.pk}/#decisions")
    assert decision.signed_off_pdf == signed_off.issued_pdfs.get(kind=IssuedPdf.Kind.SIGN_OFF)
    assert (decision.meeting, decision.report_reference, decision.recorded_by) == ("Cabinet", "CAB/2026/14", author)
    assert decision.timing.in_time is True
    page = said(client.get(signed_off.get_absolute_url()))
    assert "The signed-off EIA existed before the meeting: it was issued on" in page and "20 days before" in page
    assert decision.signed_off_pdf.sha256 in page
    assert "Agreed with changes" in page


def test_the_pdf_is_issued_again_with_the_decision_and_the_earlier_ones_are_kept(
    client, author, signed_off, django_capture_on_commit_callbacks
):
    signed_off_bytes = signed_off.issued_pdfs.get(kind=IssuedPdf.Kind.SIGN_OFF).read()
    with django_capture_on_commit_callbacks(execute=True):
        record(client, author, signed_off)

    issued = signed_off.issued_pdfs.get(kind=IssuedPdf.Kind.DECISION)
    text = pdf_text(issued.read())
    assert "The decision it informed" in text
    assert "Cabinet" in text and "CAB/2026/14" in text and "Agreed with changes" in text
    assert "The signed-off EIA existed before the meeting" in text
    # The EIA's download is now the PDF with its decision; the one issued at sign-off is unchanged.
    assert pdf_text(client.get(reverse("assessments:pdf", args=[signed_off.pk]))) == text
    assert signed_off.issued_pdfs.get(kind=IssuedPdf.Kind.SIGN_OFF).read() == signed_off_bytes
    assert issued.fingerprint == signed_off.issued_pdfs.get(kind=IssuedPdf.Kind.SIGN_OFF).fingerprint


@pytest.mark.usefixtures("quick_pdfs")
def test_a_meeting_before_the_sign_off_is_recorded_as_the_warning_it_is(client, author, signed_off):
    record(client, author, signed_off, **days_ago(40))

    decision = DecisionRecord.objects.get(assessment=signed_off)
    assert decision.timing.in_time is False
    page = said(client.get(signed_off.get_absolute_url()))
    assert "10 days after the meeting: the signed-off EIA did not exist when the decision was taken" in page


@pytest.mark.usefixtures("quick_pdfs")
def test_a_meeting_on_the_day_of_sign_off_says_the_dates_cannot_tell(client, author, signed_off):
    record(client, author, signed_off, **days_ago(30))
    timing = DecisionRecord.objects.get(assessment=signed_off).timing
    assert timing.in_time is None
    assert "signed off on the day of the meeting" in timing.words


@pytest.mark.usefixtures("quick_pdfs")
def test_the_same_form_posted_twice_records_one_decision(client, author, signed_off):
    client.force_login(author)
    url = reverse("assessments:decision-add", args=[signed_off.pk])
    data = form_data(client.get(url), **TYPED, **days_ago(10))
    client.post(url, data)
    again = client.post(url, data, follow=True)
    assert DecisionRecord.objects.filter(assessment=signed_off).count() == 1
    assert "This was already saved. Here it is." in said(again)


@pytest.mark.usefixtures("quick_pdfs")
def test_a_meeting_still_to_come_is_refused_and_what_was_typed_is_kept(client, author, signed_off):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = record(
        client,
        author,
        signed_off,
        meeting="Adult Social Care and Health Committee",
        meeting_date_0=tomorrow.day,
        meeting_date_1=tomorrow.month,
        meeting_date_2=tomorrow.year,
    )
    assert response.status_code == 200
    assert response.context["errors"][0][0].startswith("The date of the meeting must be today or in the past")
    assert "Adult Social Care and Health Committee" in said(response)
    assert not DecisionRecord.objects.exists()


@pytest.mark.usefixtures("quick_pdfs")
def test_a_draft_informs_no_decision_and_only_the_roles_that_may_record_one_do(
    client, council, service, author, viewer, outsider, signed_off
):
    draft = ready_assessment(council, service, author, title="Still a draft")
    client.force_login(author)
    refused = client.get(reverse("assessments:decision-add", args=[draft.pk]), follow=True)
    assert "Record the decision it informed once it is signed off" in said(refused)
    assert "Record the decision" not in said(client.get(draft.get_absolute_url())).replace(
        "Record the decision it informed once", ""
    )

    client.force_login(viewer)
    assert client.get(reverse("assessments:decision-add", args=[signed_off.pk])).status_code == 403
    assert "Record the decision" not in said(client.get(signed_off.get_absolute_url()))
    client.force_login(outsider)
    assert client.get(reverse("assessments:decision-add", args=[signed_off.pk])).status_code == 404
    assert not DecisionRecord.objects.exists()


@pytest.mark.usefixtures("quick_pdfs")
def test_a_correction_is_saved_issued_again_and_said_in_history(client, council, author, signed_off):
    record(client, author, signed_off)
    decision = DecisionRecord.objects.get()
    url = reverse("assessments:decision-correct", args=[signed_off.pk, decision.pk])
    clerk = person_with_role(council, Role.COUNCIL_ADMIN, "committee-clerk")
    client.force_login(clerk)

    client.post(url, form_data(client.get(url), outcome="deferred", **days_ago(5)))

    decision.refresh_from_db()
    assert decision.outcome == "deferred" and decision.timing.words.endswith("25 days before.")
    assert signed_off.issued_pdfs.filter(kind=IssuedPdf.Kind.DECISION).count() == 2
    history = said(client.get(reverse("assessments:history", args=[signed_off.pk])))
    assert "Recorded the decision of ‘Cabinet’ on" in history and ": agreed with changes" in history
    assert "What the meeting decided: the decision of ‘Cabinet’" in history
    assert "Agreed with changes" in history and "Deferred to a later meeting" in history


@pytest.mark.usefixtures("quick_pdfs")
def test_a_correction_opened_before_another_was_saved_is_told(client, council, author, approver, signed_off):
    record(client, author, signed_off)
    decision = DecisionRecord.objects.get()
    url = reverse("assessments:decision-correct", args=[signed_off.pk, decision.pk])
    first, second = Client(), Client()
    first.force_login(author)
    second.force_login(approver)
    first_page, second_page = form_data(first.get(url)), form_data(second.get(url))
    first.post(url, {**first_page, "report_reference": "CAB/2026/15"})

    response = second.post(url, {**second_page, "report_reference": "CAB/2026/16"})

    assert "Somebody else saved this decision after you opened this page" in said(response)
    assert "CAB/2026/16" in said(response)
    assert DecisionRecord.objects.get().report_reference == "CAB/2026/15"


@pytest.mark.usefixtures("quick_pdfs")
def test_the_public_register_shows_the_decision_at_once_in_its_page_csv_and_json(
    client, author, signed_off, django_capture_on_commit_callbacks
):
    public = Client()
    register = reverse("register:list", args=[signed_off.council.slug])
    assert "Decision it informed" not in said(public.get(register))  # kept in the cache now

    with django_capture_on_commit_callbacks(execute=True):
        record(client, author, signed_off)

    page = said(public.get(register))
    assert "Cabinet," in page and "(report CAB/2026/14): agreed with changes." in page
    assert "The signed-off EIA existed before the meeting" in page
    decision_pdf = signed_off.issued_pdfs.get(kind=IssuedPdf.Kind.DECISION)
    assert decision_pdf.sha256 in page
    (entry,) = json.loads(public.get(reverse("register:json", args=[signed_off.council.slug])).content)["records"]
    assert entry["decisions"][0]["signed_off_before_meeting"] is True
    assert entry["decisions"][0]["report_reference"] == "CAB/2026/14"
    assert entry["decision_pdf_sha256"] == decision_pdf.sha256
    rows = list(
        csv.DictReader(
            io.StringIO(public.get(reverse("register:csv", args=[signed_off.council.slug])).content.decode("utf-8-sig"))
        )
    )
    assert rows[0]["Decisions it informed"].startswith("Cabinet, ")
    assert public.get(entry["decision_pdf"]).status_code == 200
    assert signed_off.status == Status.PUBLISHED
