"""Council settings, services: a council admin adds, renames and moves their council's services."""

import re

from django.urls import reverse

from councils.models import Service
from tests.factories import ServiceFactory


def add_url(council):
    return reverse("councils:service-add", args=[council.slug])


def edit_url(service):
    return reverse("councils:service-edit", args=[service.council.slug, service.pk])


def test_it_adds_a_service_under_another(client, council, council_admin, service):
    client.force_login(council_admin)
    response = client.post(add_url(council), {"name": "Brokerage", "parent": service.pk})
    assert response["Location"] == reverse("councils:services", args=[council.slug])
    assert Service.objects.get(name="Brokerage").path == "Adult Social Care > Strategic Commissioning > Brokerage"


def test_it_renames_a_service_and_its_teams_follow(client, council, council_admin, service):
    client.force_login(council_admin)
    client.post(edit_url(service.parent), {"name": "Adults"})
    service.refresh_from_db()
    assert service.path == "Adults > Strategic Commissioning"


def test_it_does_not_offer_a_service_under_its_own_team(client, council, council_admin, service):
    client.force_login(council_admin)
    response = client.post(edit_url(service.parent), {"name": "Adult Social Care", "parent": service.pk})
    assert response.context["errors"] == [
        (
            "Choose one of the listed services: a service cannot be part of itself or of one of its own teams",
            "id_parent",
        )
    ]
    assert service.parent.parent is None


def test_it_refuses_a_second_service_of_the_same_name_in_the_same_place(client, council, council_admin, service):
    client.force_login(council_admin)
    response = client.post(add_url(council), {"name": "adult social care"})
    assert response.context["errors"] == [
        ("There is already a service called adult social care at the top level. Enter another name", "id_name")
    ]
    assert 'value="adult social care"' in response.content.decode()


def test_it_refuses_a_name_that_is_too_long(client, council, council_admin):
    client.force_login(council_admin)
    response = client.post(add_url(council), {"name": "x" * 201})
    assert response.context["errors"] == [("Enter a name of 200 characters or fewer", "id_name")]
    assert not Service.objects.filter(council=council).exists()


def test_it_says_error_once_in_the_title_of_a_page_with_an_error(client, council, council_admin):
    client.force_login(council_admin)
    response = client.post(add_url(council), {"name": ""})
    title = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()
    assert title.startswith("Error: ")
    assert title.count("Error: ") == 1


def test_it_offers_no_other_councils_service_as_a_parent(client, council, council_admin, other_council):
    theirs = ServiceFactory(council=other_council)
    client.force_login(council_admin)
    response = client.post(add_url(council), {"name": "Sneaky", "parent": theirs.pk})
    assert response.status_code == 200
    assert not Service.objects.filter(name="Sneaky").exists()


def test_it_answers_404_for_another_councils_service(client, council_admin, other_council):
    theirs = ServiceFactory(council=other_council, name="Theirs")
    client.force_login(council_admin)
    assert client.post(edit_url(theirs), {"name": "Renamed"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "Theirs"


def test_it_refuses_an_approver(client, council, approver, service):
    client.force_login(approver)
    assert client.post(edit_url(service), {"name": "Renamed"}).status_code == 403


def test_the_list_shows_every_service_by_its_path(client, council, council_admin, service):
    client.force_login(council_admin)
    page = client.get(reverse("councils:services", args=[council.slug])).content.decode()
    assert "Adult Social Care &gt; Strategic Commissioning" in page


def remove_url(service):
    return reverse("councils:service-remove", args=[service.council.slug, service.pk])


def test_it_removes_a_service_nothing_refers_to(client, council, council_admin):
    unused = ServiceFactory(council=council, name="Unused")
    client.force_login(council_admin)
    assert "Are you sure you want to remove the service ‘Unused’?" in client.get(remove_url(unused)).content.decode()
    client.post(remove_url(unused))
    assert not Service.objects.filter(pk=unused.pk).exists()


def test_it_keeps_a_service_in_use_and_says_why(client, council, council_admin, assessment, approver):
    client.force_login(council_admin)
    team = assessment.service
    approver.memberships.get().services.set([ServiceFactory(council=council, name="Signed off for")])
    for service in (team, team.parent, Service.objects.get(name="Signed off for")):
        response = client.post(remove_url(service), follow=True)
        assert [str(m) for m in response.context["messages"]] == [
            f"‘{service.path}’ is in use, so it cannot be removed: an EIA is for it, it has teams, or an approver "
            f"or a group of the identity provider signs off for it. Rename or move it instead."
        ]
        assert Service.objects.filter(pk=service.pk).exists()


def test_removing_answers_404_for_another_councils_service(client, council_admin, other_council):
    theirs = ServiceFactory(council=other_council)
    client.force_login(council_admin)
    assert client.post(remove_url(theirs)).status_code == 404
    assert Service.objects.filter(pk=theirs.pk).exists()
