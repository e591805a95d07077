"""Council settings, groups and roles: a council admin says which of the identity provider's groups give which
role in their council at single sign-on, and the council's History says so."""

from django.urls import reverse

from councils.models import GroupRole, Role
from tests.factories import ServiceFactory


def list_url(council):
    return reverse("councils:group-roles", args=[council.slug])


def add_url(council):
    return reverse("councils:group-role-add", args=[council.slug])


def remove_url(mapping):
    return reverse("councils:group-role-remove", args=[mapping.council.slug, mapping.pk])


def test_it_gives_a_group_the_approver_role_for_some_services(client, council, council_admin, service):
    client.force_login(council_admin)
    response = client.post(
        add_url(council), {"group": "ASC-EIA-Approvers", "role": "approver", "services": [service.pk]}
    )
    assert response["Location"] == list_url(council)
    mapping = GroupRole.objects.get(council=council)
    assert (mapping.group, mapping.role, list(mapping.services.all())) == ("ASC-EIA-Approvers", "approver", [service])
    page = client.get(list_url(council)).content.decode()
    assert "ASC-EIA-Approvers" in page and "Adult Social Care &gt; Strategic Commissioning" in page


def test_it_creates_one_mapping_from_the_same_form_sent_twice(client, council, council_admin):
    client.force_login(council_admin)
    client.post(add_url(council), {"group": "EIA-Authors", "role": "author"})
    response = client.post(add_url(council), {"group": "EIA-Authors", "role": "author"})
    assert GroupRole.objects.filter(council=council).count() == 1
    assert response.context["errors"] == [
        (
            "The group EIA-Authors already gives the role Author (commissioning officer). Enter another group or "
            "choose another role",
            "id_group",
        )
    ]


def test_it_keeps_what_was_typed_and_says_what_to_do(client, council, council_admin, service):
    client.force_login(council_admin)
    response = client.post(add_url(council), {"group": "x" * 257, "role": "author", "services": [service.pk]})
    assert [message for message, _ in response.context["errors"]] == [
        "Enter a group of 256 characters or fewer",
        "Choose services only for the approver role",
    ]
    assert 'value="' + "x" * 257 + '"' in response.content.decode()
    assert not GroupRole.objects.exists()


def test_it_offers_only_the_councils_own_services(client, council, council_admin, other_council):
    elsewhere = ServiceFactory(council=other_council, name="Elsewhere")
    client.force_login(council_admin)
    client.post(add_url(council), {"group": "G", "role": "approver", "services": [elsewhere.pk]})
    assert not GroupRole.objects.exists()


def test_it_asks_before_it_removes_a_mapping_then_removes_it(client, council, council_admin):
    mapping = GroupRole.objects.create(council=council, group="EIA-Authors", role=Role.AUTHOR)
    client.force_login(council_admin)
    page = client.get(remove_url(mapping)).content.decode()
    assert "Are you sure the group ‘EIA-Authors’ should no longer give the role Author" in page
    assert GroupRole.objects.exists()
    assert client.post(remove_url(mapping))["Location"] == list_url(council)
    assert not GroupRole.objects.exists()


def test_it_says_each_change_in_the_councils_history(client, council, council_admin, service):
    client.force_login(council_admin)
    client.post(add_url(council), {"group": "ASC-EIA-Approvers", "role": "approver", "services": [service.pk]})
    client.post(remove_url(GroupRole.objects.get()))
    page = client.get(reverse("councils:settings-history", args=[council.slug])).content.decode()
    assert "Gave the identity provider’s group ‘ASC-EIA-Approvers’ the role Approver (head of service)" in page
    assert "Stopped the identity provider’s group ‘ASC-EIA-Approvers’ giving the role Approver" in page
    assert "Groups and roles" in page


def test_it_keeps_a_service_a_groups_approvers_sign_off(client, council, council_admin, service):
    GroupRole.objects.create(council=council, group="G", role=Role.APPROVER).services.set([service])
    client.force_login(council_admin)
    client.post(reverse("councils:service-remove", args=[council.slug, service.pk]))
    assert service.__class__.objects.filter(pk=service.pk).exists()


def test_it_is_the_council_admins_only(client, council, author, outsider, council_admin):
    mapping = GroupRole.objects.create(council=council, group="G", role=Role.AUTHOR)
    client.force_login(author)
    assert client.get(list_url(council)).status_code == 403
    client.force_login(outsider)
    assert client.get(list_url(council)).status_code == 404
    assert client.post(remove_url(mapping)).status_code == 404
    assert GroupRole.objects.exists()


def test_it_answers_405_to_a_post_to_the_list(client, council, council_admin):
    client.force_login(council_admin)
    assert client.post(list_url(council)).status_code == 405
