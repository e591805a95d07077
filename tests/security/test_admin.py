"""The Django admin is a superuser's: a council admin with staff status sees nothing of it, and its own sign-in form
is no way around EqA's."""

import pytest
from django.urls import reverse

from assessments.models import Screening
from councils.models import Membership, Role
from tests.factories import AssessmentFactory, MembershipFactory, ServiceFactory, UserFactory
from tests.lifecycle_helpers import ready_screening

PASSWORD = "a long enough password for tests"


@pytest.fixture
def staff_council_admin(council):
    person = UserFactory(username="sam-staff", is_staff=True)
    person.set_password(PASSWORD)
    person.save()
    MembershipFactory(council=council, user=person, role=Role.COUNCIL_ADMIN)
    return person


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def test_it_answers_404_to_a_council_admin_with_staff_status(client, staff_council_admin, other_council):
    their_service = ServiceFactory(council=other_council)
    theirs = AssessmentFactory(council=other_council, service=their_service, title="Their own confidential EIA")
    their_screening = ready_screening(
        other_council, their_service, UserFactory(), title="Their own confidential screening"
    )
    client.force_login(staff_council_admin)
    for url in (
        "/admin/",
        "/admin/assessments/assessment/",
        f"/admin/assessments/assessment/{theirs.pk}/change/",
        "/admin/assessments/screening/",
        f"/admin/assessments/screening/{their_screening.pk}/change/",
        "/admin/councils/membership/add/",
        "/admin/no-such-page/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        page = response.content.decode()
        assert "Their own confidential EIA" not in page
        assert "Their own confidential screening" not in page


def test_it_answers_404_for_a_screening_of_the_council_admins_own_council_too(
    client, staff_council_admin, council, service, author
):
    ours = ready_screening(council, service, author)
    client.force_login(staff_council_admin)
    assert client.get(f"/admin/assessments/screening/{ours.pk}/change/").status_code == 404
    response = client.post(f"/admin/assessments/screening/{ours.pk}/delete/", {"post": "yes"})
    assert response.status_code == 404
    assert Screening.objects.filter(pk=ours.pk).exists()


def test_it_grants_no_role_in_another_council_through_the_admin(client, staff_council_admin, other_council):
    client.force_login(staff_council_admin)
    response = client.post(
        "/admin/councils/membership/add/",
        {"user": staff_council_admin.pk, "council": other_council.pk, "role": Role.COUNCIL_ADMIN},
    )
    assert response.status_code == 404
    assert not Membership.objects.filter(council=other_council).exists()


def test_its_sign_in_form_sends_a_signed_out_person_to_eqas_sign_in(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("sign-in"))


def test_its_sign_in_form_signs_nobody_in(client, staff_council_admin):
    response = client.post(reverse("admin:login"), {"username": "sam-staff", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("sign-in"))
    assert "_auth_user_id" not in client.session


def test_it_lets_a_superuser_in(client, superuser):
    client.force_login(superuser)
    assert client.get("/admin/").status_code == 200


def test_a_superuser_finds_every_councils_screenings(client, superuser, council, service, author, other_council):
    ready_screening(council, service, author, title="Our day opportunities review")
    ready_screening(other_council, ServiceFactory(council=other_council), UserFactory(), title="Their libraries review")
    client.force_login(superuser)
    page = client.get("/admin/assessments/screening/").content.decode()
    assert "Our day opportunities review" in page
    assert "Their libraries review" in page


def test_a_superuser_signing_in_on_eqas_page_goes_on_to_the_admin(client, superuser):
    superuser.set_password(PASSWORD)
    superuser.save()
    response = client.post(
        f"{reverse('sign-in')}?next=/admin/", {"username": "root", "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
