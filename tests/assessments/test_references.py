"""Every EIA gets the council's next reference number when it is started, by the council's pattern: in order, never
given twice (not even after its draft is deleted), kept by a review, and findable and shown wherever the EIA is."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment
from councils.models import Council, Role
from tests.factories import CouncilFactory, MembershipFactory, ServiceFactory
from tests.lifecycle_helpers import person_with_role

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
