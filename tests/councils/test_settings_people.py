"""Council settings, people and roles: a council admin gives and removes roles in their own council only."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.urls import reverse

from councils.models import Membership, Role
from tests.factories import MembershipFactory, UserFactory

User = get_user_model()


def people_url(council):
    return reverse("councils:people", args=[council.slug])


def add_url(council):
    return reverse("councils:person-add", args=[council.slug])


def said(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


class TestThePeoplePage:
    def test_it_lists_each_person_with_their_roles(self, client, council, council_admin, author, approver):
        MembershipFactory(council=council, user=author, role=Role.VIEWER)
        client.force_login(council_admin)
        page = client.get(people_url(council)).content.decode()
        assert "alice-author" in page and "bob-approver" in page
        assert "Viewer (councillor or committee officer)" in page and "Signs off: every service" in page

    def test_it_leaves_out_another_councils_people(self, client, council, council_admin, outsider):
        client.force_login(council_admin)
        assert "charlie-outsider" not in client.get(people_url(council)).content.decode()

    def test_it_answers_404_to_a_council_admin_of_another_council(self, client, council, other_council):
        theirs = MembershipFactory(council=other_council, role=Role.COUNCIL_ADMIN).user
        client.force_login(theirs)
        assert client.get(people_url(council)).status_code == 404

    def test_it_refuses_the_councils_other_roles(self, client, council, approver):
        client.force_login(approver)
        assert client.get(people_url(council)).status_code == 403


class TestAddingAPerson:
    def form(self, **changes):
        return {
            "username": "nadia-new",
            "first_name": "Nadia",
            "last_name": "Newcomer",
            "email": "nadia@example.gov.uk",
            "role": Role.AUTHOR,
            **changes,
        }

    def test_it_makes_an_account_with_the_role(self, client, council, council_admin):
        client.force_login(council_admin)
        response = client.post(add_url(council), self.form())
        assert response["Location"] == people_url(council)
        nadia = User.objects.get(username="nadia-new")
        assert list(nadia.memberships.values_list("council", "role")) == [(council.pk, Role.AUTHOR)]
        assert not nadia.has_usable_password() and not nadia.is_staff and not nadia.is_superuser

    def test_it_gives_an_existing_person_a_role_and_leaves_their_name(self, client, council, council_admin, outsider):
        client.force_login(council_admin)
        client.post(add_url(council), self.form(username="charlie-outsider", first_name="Renamed"))
        outsider.refresh_from_db()
        assert Membership.objects.filter(user=outsider, council=council, role=Role.AUTHOR).exists()
        assert outsider.first_name != "Renamed"

    def test_it_never_makes_anyone_a_superuser_or_staff(self, client, council, council_admin):
        client.force_login(council_admin)
        client.post(add_url(council), self.form(is_superuser="on", is_staff="on"))
        assert User.objects.filter(username="nadia-new", is_superuser=False, is_staff=False).exists()

    def test_it_asks_for_the_name_of_a_new_account(self, client, council, council_admin):
        client.force_login(council_admin)
        response = client.post(add_url(council), self.form(first_name="", last_name=""))
        assert [message for message, _ in response.context["errors"]] == [
            "Enter the person's first name: there is no account with that username yet",
            "Enter the person's last name: there is no account with that username yet",
        ]
        assert 'value="nadia-new"' in response.content.decode()
        assert not User.objects.filter(username="nadia-new").exists()

    def test_it_refuses_a_role_the_person_already_has(self, client, council, council_admin, author):
        client.force_login(council_admin)
        response = client.post(add_url(council), self.form(username="alice-author"))
        assert response.context["errors"] == [
            (
                "alice-author already has the role Author (commissioning officer) in this council. Choose another role",
                "id_role_1",
            )
        ]

    def test_it_refuses_a_name_that_is_too_long_and_keeps_it(self, client, council, council_admin):
        client.force_login(council_admin)
        response = client.post(add_url(council), self.form(last_name="x" * 151))
        assert response.context["errors"] == [("Enter a last name of 150 characters or fewer", "id_last_name")]
        assert "x" * 151 in response.content.decode()

    def test_it_gives_a_role_only_in_the_council_of_the_page(self, client, council, council_admin, other_council):
        client.force_login(council_admin)
        client.post(add_url(council), self.form(council=other_council.pk))
        assert not Membership.objects.filter(council=other_council).exists()

    def test_it_answers_404_for_another_council(self, client, council_admin, other_council):
        client.force_login(council_admin)
        response = client.post(add_url(other_council), self.form())
        assert response.status_code == 404
        assert not User.objects.filter(username="nadia-new").exists()

    def test_it_refuses_an_author(self, client, council, author):
        client.force_login(author)
        assert client.post(add_url(council), self.form(role=Role.COUNCIL_ADMIN)).status_code == 403
        assert not Membership.objects.filter(role=Role.COUNCIL_ADMIN).exists()


class TestRemovingARole:
    def url(self, membership):
        return reverse("councils:role-remove", args=[membership.council.slug, membership.pk])

    def test_it_asks_first(self, client, council_admin, author):
        client.force_login(council_admin)
        page = client.get(self.url(author.memberships.get())).content.decode()
        assert "Are you sure you want to remove the role Author (commissioning officer) from" in page
        assert author.memberships.exists()

    def test_it_removes_the_role(self, client, council_admin, author):
        client.force_login(council_admin)
        response = client.post(self.url(author.memberships.get()))
        assert response.status_code == 302
        assert not author.memberships.exists()

    def test_it_keeps_the_councils_only_council_admin(self, client, council_admin):
        client.force_login(council_admin)
        response = client.post(self.url(council_admin.memberships.get()))
        assert said(response) == [
            "This is the council's only council admin, so the role cannot be removed. Give "
            "another person the council admin role first."
        ]
        assert council_admin.memberships.filter(role=Role.COUNCIL_ADMIN).exists()

    def test_it_lets_one_of_two_council_admins_step_down(self, client, council, council_admin):
        MembershipFactory(council=council, role=Role.COUNCIL_ADMIN)
        client.force_login(council_admin)
        client.post(self.url(council_admin.memberships.get()))
        assert not council_admin.memberships.exists()

    def test_it_answers_404_for_a_role_in_another_council(self, client, council, council_admin, outsider):
        client.force_login(council_admin)
        theirs = outsider.memberships.get()
        response = client.post(reverse("councils:role-remove", args=[council.slug, theirs.pk]))
        assert response.status_code == 404
        assert outsider.memberships.exists()

    def test_it_takes_no_put(self, client, council_admin, author):
        client.force_login(council_admin)
        assert client.put(self.url(author.memberships.get())).status_code == 405


class TestAnApproversServices:
    def url(self, membership):
        return reverse("councils:approver-services", args=[membership.council.slug, membership.pk])

    def test_it_limits_an_approver_to_some_services(self, client, council_admin, approver, service):
        client.force_login(council_admin)
        membership = approver.memberships.get()
        client.post(self.url(membership), {"services": [service.pk]})
        assert list(membership.services.all()) == [service]

    def test_no_service_ticked_means_every_service(self, client, council_admin, approver, service):
        membership = approver.memberships.get()
        membership.services.set([service])
        client.force_login(council_admin)
        client.post(self.url(membership), {"csrfmiddlewaretoken": "not checked by the test client"})
        assert not membership.services.exists()

    def test_it_offers_no_other_councils_service(self, client, council_admin, approver, other_council):
        from tests.factories import ServiceFactory

        theirs = ServiceFactory(council=other_council)
        client.force_login(council_admin)
        response = client.post(self.url(approver.memberships.get()), {"services": [theirs.pk]})
        assert response.status_code == 200
        assert not approver.memberships.get().services.exists()

    def test_it_is_only_for_an_approver(self, client, council_admin, author):
        client.force_login(council_admin)
        assert client.get(self.url(author.memberships.get())).status_code == 404


@pytest.mark.parametrize("role", [Role.AUTHOR, Role.VIEWER])
def test_the_home_page_offers_council_settings_only_to_a_council_admin(client, council, council_admin, role):
    client.force_login(council_admin)
    assert council.get_absolute_url() in client.get(reverse("home")).content.decode()
    someone = MembershipFactory(council=council, role=role, user=UserFactory()).user
    client.force_login(someone)
    assert council.get_absolute_url() not in client.get(reverse("home")).content.decode()


def test_a_council_admin_gives_no_role_where_they_are_only_an_author(client, council, council_admin, other_council):
    MembershipFactory(council=other_council, user=council_admin, role=Role.AUTHOR)
    client.force_login(council_admin)
    response = client.post(add_url(other_council), {"username": "ada-admin", "role": Role.COUNCIL_ADMIN})
    assert response.status_code == 403
    assert not Membership.objects.filter(council=other_council, role=Role.COUNCIL_ADMIN).exists()


def test_two_admins_adding_the_same_role_at_once_get_a_message_not_an_error(
    client, council, council_admin, monkeypatch
):
    from councils.settings_forms import AddPersonForm

    client.force_login(council_admin)
    form = {"username": "nadia-new", "first_name": "Nadia", "last_name": "Newcomer", "role": Role.AUTHOR}
    # The other admin's save lands after this form was checked, as it would between two requests at once.
    checked = AddPersonForm.clean

    def clean_then_the_other_admin_saves(self):
        cleaned = checked(self)
        if not User.objects.filter(username="nadia-new").exists():
            MembershipFactory(council=council, role=Role.AUTHOR, user=UserFactory(username="nadia-new"))
        return cleaned

    monkeypatch.setattr(AddPersonForm, "clean", clean_then_the_other_admin_saves)
    response = client.post(add_url(council), form)
    assert response["Location"] == people_url(council)
    assert said(response) == [
        "nadia-new was given a role by somebody else just now. Check the list before adding them again."
    ]
    assert Membership.objects.filter(user__username="nadia-new").count() == 1


def test_give_another_role_names_the_person_on_the_form(client, council, council_admin, author):
    client.force_login(council_admin)
    page = client.get(people_url(council)).content.decode()
    link = f"{add_url(council)}?username=alice-author"
    assert f'href="{link}"' in page
    form = client.get(link).content.decode()
    assert 'value="alice-author"' in form
    client.post(add_url(council), {"username": "alice-author", "role": Role.VIEWER})
    assert Membership.objects.filter(user=author, council=council, role=Role.VIEWER).exists()
