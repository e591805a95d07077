"""Every EIA gets the council's next reference number when it is started, by the council's pattern: in order, never
given twice (not even after its draft is deleted), kept by a review, and findable and shown wherever the EIA is."""

import io
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from assessments.models import Assessment, IssuedPdf
from assessments.reminders import send_review_reminders
from assessments.services import assessment_approve
from councils.models import Council, Role
from tests.factories import AssessmentFactory, CouncilFactory, MembershipFactory, ServiceFactory
from tests.lifecycle_helpers import person_with_role, ready_assessment
from tests.page_forms import form_data

YEAR = timezone.localdate().year


def start(client, service, title):
    client.post(reverse("assessments:start"), {"service": service.pk, "title": title, "subject_type": "service"})
    return Assessment.objects.get(title=title)


def test_eias_are_numbered_in_the_order_they_are_started(client, author, service):
    client.force_login(author)
    first, second = start(client, service, "Day care"), start(client, service, "Meals on wheels")
    assert (first.reference, second.reference) == (f"EIA-{YEAR}-001", f"EIA-{YEAR}-002")


def test_a_deleted_drafts_number_is_never_given_again(client, author, service):
    client.force_login(author)
    deleted = start(client, service, "Day care")
    client.post(reverse("assessments:delete", args=[deleted.pk]))
    assert not Assessment.objects.filter(pk=deleted.pk).exists()
    assert start(client, service, "Meals on wheels").reference == f"EIA-{YEAR}-002"


def test_the_councils_own_pattern_is_used(client, author, council, service):
    Council.objects.filter(pk=council.pk).update(reference_pattern="ASC/{n}", last_reference_number=41)
    client.force_login(author)
    assert start(client, service, "Day care").reference == "ASC/42"


def test_each_council_counts_its_own(client, author, service):
    elsewhere = ServiceFactory(council=CouncilFactory())
    MembershipFactory(council=elsewhere.council, user=author, role=Role.AUTHOR)
    client.force_login(author)
    start(client, service, "Day care")
    assert start(client, elsewhere, "Meals on wheels").reference == f"EIA-{YEAR}-001"


def test_a_number_an_earlier_pattern_gave_is_passed_over(client, author, council, service):
    client.force_login(author)
    Council.objects.filter(pk=council.pk).update(reference_pattern="EIA-1{n}")
    start(client, service, "Day care")  # EIA-11
    Council.objects.filter(pk=council.pk).update(reference_pattern="EIA-{n}", last_reference_number=10)
    assert start(client, service, "Meals on wheels").reference == "EIA-12"


@pytest.mark.django_db(transaction=True)
def test_two_eias_started_at_the_same_moment_get_two_numbers(council, service):
    """Two authors press Start together, on two connections: each EIA gets a number of its own."""
    authors = [person_with_role(council, Role.AUTHOR, f"author-{n}") for n in (1, 2)]
    together = threading.Barrier(2)
    answers = []

    def start_as(person):
        try:
            client = Client()
            client.force_login(person)
            together.wait()
            answers.append(
                client.post(
                    reverse("assessments:start"),
                    {"service": service.pk, "title": f"Started by {person.username}", "subject_type": "service"},
                ).status_code
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=start_as, args=(person,)) for person in authors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert answers == [302, 302]
    assert sorted(Assessment.objects.values_list("reference", flat=True)) == [f"EIA-{YEAR}-001", f"EIA-{YEAR}-002"]
    assert Council.objects.get(pk=council.pk).last_reference_number == 2


def test_a_review_keeps_the_reference_of_the_eia_it_reviews(client, author, assessment):
    assessment.old_reference = "ASC 14/2019"
    assessment.save()
    Assessment.objects.filter(pk=assessment.pk).update(status="approved")
    client.force_login(author)
    client.post(reverse("assessments:start-review", args=[assessment.pk]))
    review = Assessment.objects.get(previous_version=assessment)
    assert (review.reference, review.version, review.old_reference) == (assessment.reference, 2, "ASC 14/2019")


def test_the_reference_before_eqa_is_typed_in_on_the_details_page(client, author, assessment):
    client.force_login(author)
    url = reverse("assessments:edit", args=[assessment.pk])
    response = client.post(url, form_data(client.get(url), old_reference="ASC 14/2019"))
    assert response.status_code == 302
    assert Assessment.objects.get(pk=assessment.pk).old_reference == "ASC 14/2019"


def test_a_reference_before_eqa_longer_than_the_limit_is_refused_saying_so(client, author, assessment):
    client.force_login(author)
    url = reverse("assessments:edit", args=[assessment.pk])
    response = client.post(url, form_data(client.get(url), old_reference="A" * 61))
    assert "Enter a reference of 60 characters or fewer" in response.content.decode()


@pytest.mark.parametrize("page", ["detail", "edit", "grid", "coverage", "history", "action-add", "submit"])
def test_every_page_of_the_eia_shows_its_reference_in_its_caption(client, author, assessment, page):
    client.force_login(author)
    response = client.get(reverse(f"assessments:{page}", args=[assessment.pk]))
    assert f'<span class="govuk-caption-l">{assessment.reference} – ' in response.content.decode()


def test_the_eia_page_shows_the_reference_before_eqa_beside_its_own(client, author, assessment):
    Assessment.objects.filter(pk=assessment.pk).update(old_reference="ASC 14/2019")
    client.force_login(author)
    page = client.get(assessment.get_absolute_url()).content.decode()
    assert f"{assessment.reference} (before EqA: ASC 14/2019)" in page


class TestTheList:
    @pytest.fixture
    def eias(self, council, service, author):
        care = AssessmentFactory(council=council, service=service, created_by=author, title="Care at home")
        meals = AssessmentFactory(
            council=council, service=service, created_by=author, title="Meals", old_reference="ASC 14/2019"
        )
        return care, meals

    def titles(self, client, q):
        response = client.get(reverse("assessments:list"), {"q": q})
        return [a.title for a in response.context["page"].object_list], response.content.decode()

    def test_it_shows_each_eias_reference(self, client, author, eias):
        client.force_login(author)
        _, page = self.titles(client, "")
        assert all(f'<td class="govuk-table__cell">{eia.reference}</td>' in page for eia in eias)

    def test_its_search_finds_an_eia_by_its_reference(self, client, author, eias):
        client.force_login(author)
        assert self.titles(client, eias[0].reference)[0] == ["Care at home"]

    def test_its_search_finds_an_eia_by_its_reference_before_eqa(self, client, author, eias):
        client.force_login(author)
        assert self.titles(client, "asc 14/2019")[0] == ["Meals"]


def test_the_signed_off_pdf_prints_the_reference_and_the_one_before_eqa(
    council, service, author, approver, django_capture_on_commit_callbacks
):
    eia = ready_assessment(council, service, author, old_reference="ASC 14/2019")
    Assessment.objects.filter(pk=eia.pk).update(status="submitted")
    with django_capture_on_commit_callbacks(execute=True):
        assessment_approve(assessment=Assessment.objects.get(pk=eia.pk), by=approver)
    reader = PdfReader(io.BytesIO(IssuedPdf.objects.get(assessment=eia).read()))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert f"Equality impact assessment {eia.reference}" in text
    assert "Reference before EqA ASC 14/2019" in text


def test_the_history_says_the_reference_it_was_started_with_and_a_change_of_the_one_before(client, author, service):
    client.force_login(author)
    eia = start(client, service, "Day care")
    url = reverse("assessments:edit", args=[eia.pk])
    client.post(url, form_data(client.get(url), old_reference="ASC 14/2019"))
    page = client.get(reverse("assessments:history", args=[eia.pk])).content.decode()
    assert f"Started the assessment ‘Day care’, reference {eia.reference}" in page
    assert "Reference before EqA" in page and "ASC 14/2019" in page


def test_the_review_reminder_gives_the_reference(council, service, approver, mailoutbox):
    eia = AssessmentFactory(
        council=council,
        service=service,
        status="approved",
        old_reference="ASC 14/2019",
        review_due=timezone.localdate() + timedelta(days=30),
    )
    MembershipFactory(council=council, role=Role.APPROVER)
    send_review_reminders(timezone.localdate())
    assert eia.reference in mailoutbox[0].subject
    assert f"Reference: {eia.reference} (before EqA: ASC 14/2019)" in mailoutbox[0].body
