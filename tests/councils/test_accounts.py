"""A person's password and lock-out: a council admin sets a temporary password for a person of their own council,
who then chooses their own before anything else; everyone changes their own; a council admin unlocks a person
locked out after too many wrong passwords."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from councils.models import AccountChange, Role
from councils.views import ADDRESS_LOCKED_OUT, LOCKED_OUT
from tests.factories import MembershipFactory

User = get_user_model()
RIGHT, WRONG = "a-long-test-password", "not-the-password"
CHOSEN = "a walk along the Dee at dawn"


def said(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def sign_in(client, username, password, address="10.0.0.1"):
    return client.post(reverse("sign-in"), {"username": username, "password": password}, REMOTE_ADDR=address)


def temporary_url(council, someone):
    return reverse("councils:person-temporary-password", args=[council.slug, someone.pk])


def unlock_url(council, someone):
    return reverse("councils:person-unlock", args=[council.slug, someone.pk])


def history(client, council):
    response = client.get(reverse("councils:settings-history", args=[council.slug]))
    return [(entry.who, change) for entry in response.context["page"].object_list for change in entry.changes]


def set_temporary_password(client, council, council_admin, someone):
    """The password the council admin is shown, read from the page as they would."""
    client.force_login(council_admin)
    page = client.post(temporary_url(council, someone)).content.decode()
    return re.search(r"data-temporary-password>([^<]+)<", page).group(1)


@pytest.fixture
def nadia(council):
    """A new author, whose account the council admin made on the people page: she has no password yet."""
    user = User.objects.create(username="nadia-new", first_name="Nadia", last_name="Newcomer")
    user.set_unusable_password()
    user.save()
    MembershipFactory(council=council, user=user, role=Role.AUTHOR)
    return user


class TestSettingATemporaryPassword:
    def test_it_asks_first_and_changes_nothing_on_a_get(self, client, council, council_admin, nadia):
        client.force_login(council_admin)
        page = client.get(temporary_url(council, nadia)).content.decode()
        assert "Set a temporary password for Nadia Newcomer?" in page
        nadia.refresh_from_db()
        assert not nadia.has_usable_password() and not AccountChange.objects.exists()

    def test_it_shows_a_strong_password_once_that_signs_the_person_in(self, client, council, council_admin, nadia):
        password = set_temporary_password(client, council, council_admin, nadia)
        assert re.fullmatch(r"[a-z2-9]{4}(-[a-z2-9]{4}){3}", password)
        assert password not in client.get(reverse("councils:people", args=[council.slug])).content.decode()
        assert sign_in(Client(), "nadia-new", password).status_code == 302

    def test_it_makes_a_new_password_each_time(self, client, council, council_admin, nadia):
        first = set_temporary_password(client, council, council_admin, nadia)
        assert set_temporary_password(client, council, council_admin, nadia) != first

    def test_it_ends_the_persons_sessions_signed_in_with_their_old_password(
        self, client, council, council_admin, author
    ):
        theirs = Client()
        theirs.force_login(author)
        set_temporary_password(client, council, council_admin, author)
        assert theirs.get(reverse("home"))["Location"].startswith(reverse("sign-in"))

    def test_it_is_in_the_history_without_the_password(self, client, council, council_admin, nadia):
        password = set_temporary_password(client, council, council_admin, nadia)
        page = client.get(reverse("councils:settings-history", args=[council.slug])).content.decode()
        assert history(client, council)[0] == (
            f"Test {council_admin.last_name}",
            "Set a temporary password for Nadia Newcomer (nadia-new)",
        )
        assert password not in page

    def test_it_refuses_a_person_with_a_role_in_a_council_the_admin_does_not_run(
        self, client, council, council_admin, other_council, outsider
    ):
        MembershipFactory(council=council, user=outsider, role=Role.VIEWER)
        client.force_login(council_admin)
        response = client.post(temporary_url(council, outsider))
        assert response["Location"] == reverse("councils:people", args=[council.slug])
        assert said(response) == [
            f"Test {outsider.last_name} also has a role in a council you are not council "
            f"admin of, so you cannot set their password. Ask whoever runs EqA to set it."
        ]
        outsider.refresh_from_db()
        assert outsider.check_password(RIGHT) and not AccountChange.objects.exists()

    def test_it_lets_a_council_admin_of_each_of_the_persons_councils(
        self, client, council, council_admin, other_council, outsider
    ):
        MembershipFactory(council=council, user=outsider, role=Role.VIEWER)
        MembershipFactory(council=other_council, user=council_admin, role=Role.COUNCIL_ADMIN)
        password = set_temporary_password(client, council, council_admin, outsider)
        outsider.refresh_from_db()
        assert outsider.check_password(password)

    @pytest.mark.parametrize("kind", ["is_staff", "is_superuser"])
    def test_it_refuses_an_account_that_runs_eqa(self, client, council, council_admin, author, kind):
        setattr(author, kind, True)
        author.save()
        client.force_login(council_admin)
        response = client.post(temporary_url(council, author))
        assert said(response) == [
            f"Test {author.last_name} helps run EqA itself, so only whoever runs EqA can set their password."
        ]
        author.refresh_from_db()
        assert author.check_password(RIGHT)

    def test_it_refuses_the_admins_own_account(self, client, council, council_admin):
        client.force_login(council_admin)
        response = client.post(temporary_url(council, council_admin))
        assert said(response) == ["To change your own password, use ‘Change your password’ at the top of the page."]

    def test_it_answers_404_for_a_person_outside_the_council(self, client, council, council_admin, outsider):
        client.force_login(council_admin)
        assert client.post(temporary_url(council, outsider)).status_code == 404
        outsider.refresh_from_db()
        assert outsider.check_password(RIGHT)

    def test_the_people_page_offers_it_only_where_it_is_allowed(self, client, council, council_admin, nadia, outsider):
        MembershipFactory(council=council, user=outsider, role=Role.VIEWER)
        client.force_login(council_admin)
        page = client.get(reverse("councils:people", args=[council.slug])).content.decode()
        assert temporary_url(council, nadia) in page and "No password yet" in page
        assert temporary_url(council, outsider) not in page and temporary_url(council, council_admin) not in page


class TestChoosingANewPassword:
    @pytest.fixture
    def nadias_browser(self, client, council, council_admin, nadia):
        """Nadia, signed in with the temporary password her council admin gave her."""
        password = set_temporary_password(client, council, council_admin, nadia)
        browser = Client()
        browser.temporary_password = password
        assert sign_in(browser, "nadia-new", password).status_code == 302
        return browser

    def choose(self, browser, new=CHOSEN, again=None, **extra):
        return browser.post(reverse("password-choose"), {"new_password1": new, "new_password2": again or new, **extra})

    def test_signing_in_sends_the_person_to_choose_their_own(self, nadias_browser):
        assert nadias_browser.get(reverse("home"))["Location"] == reverse("password-choose") + "?next=%2F"

    @pytest.mark.parametrize("url", ["assessments:list", "actionplans:list", "password-change"])
    def test_every_page_sends_them_there_until_they_have(self, nadias_browser, url):
        assert nadias_browser.get(reverse(url))["Location"].startswith(reverse("password-choose"))

    def test_a_form_sent_elsewhere_changes_nothing_until_they_have(self, nadias_browser, council):
        response = nadias_browser.post(reverse("assessments:start"), {"title": "Sent before choosing"})
        assert response["Location"] == reverse("password-choose")

    def test_once_chosen_the_new_password_works_and_every_page_opens(self, nadias_browser, nadia):
        response = self.choose(nadias_browser, next="/action-plans/")
        assert response["Location"] == "/action-plans/"
        assert nadias_browser.get(reverse("home")).status_code == 200
        nadia.refresh_from_db()
        assert nadia.check_password(CHOSEN) and not nadia.check_password(nadias_browser.temporary_password)
        later = Client()
        sign_in(later, "nadia-new", CHOSEN)
        assert later.get(reverse("home")).status_code == 200

    def test_it_refuses_the_temporary_password_itself(self, nadias_browser):
        response = self.choose(nadias_browser, new=nadias_browser.temporary_password)
        assert [message for message, _ in response.context["errors"]] == [
            "Choose a password different from the one you signed in with"
        ]

    def test_it_gives_django_s_password_rules_and_keeps_what_was_typed_out_of_the_page(self, nadias_browser):
        response = self.choose(nadias_browser, new="short")
        assert [message for message, _ in response.context["errors"]] == [
            "This password is too short. It must contain at least 12 characters."
        ]
        assert 'value="short"' not in response.content.decode()

    def test_it_asks_for_the_same_password_twice(self, nadias_browser):
        response = self.choose(nadias_browser, again="a walk along the Dee at dusk")
        assert [message for message, _ in response.context["errors"]] == ["Enter the same new password in both boxes"]

    def test_it_refuses_a_password_over_128_characters(self, nadias_browser):
        response = self.choose(nadias_browser, new="x y z " * 30)
        assert "Enter a password of 128 characters or fewer" in [m for m, _ in response.context["errors"]]

    def test_the_history_says_when_they_chose_their_own(self, client, nadias_browser, council):
        self.choose(nadias_browser)
        assert history(client, council)[0] == (
            "Nadia Newcomer",
            "Chose their own password in place of the temporary one",
        )

    def test_nobody_else_is_offered_the_page(self, client, author):
        client.force_login(author)
        assert client.get(reverse("password-choose"))["Location"] == reverse("home")
        assert client.post(reverse("password-choose"), {"new_password1": CHOSEN, "new_password2": CHOSEN})[
            "Location"
        ] == reverse("home")
        author.refresh_from_db()
        assert author.check_password(RIGHT)


class TestChangingYourPassword:
    def change(self, client, old=RIGHT, new=CHOSEN, again=None):
        return client.post(
            reverse("password-change"), {"old_password": old, "new_password1": new, "new_password2": again or new}
        )

    def test_every_page_links_to_it_from_the_account_line(self, client, author):
        client.force_login(author)
        page = client.get(reverse("home")).content.decode()
        assert f'href="{reverse("password-change")}">Change your password</a>' in page

    def test_it_changes_the_password_and_keeps_the_person_signed_in(self, client, author):
        client.force_login(author)
        response = self.change(client)
        assert response["Location"] == reverse("home")
        assert said(response) == ["Your password is changed."]
        assert client.get(reverse("home")).status_code == 200
        author.refresh_from_db()
        assert author.check_password(CHOSEN)

    def test_it_signs_out_the_persons_other_sessions(self, client, author):
        elsewhere = Client()
        elsewhere.force_login(author)
        client.force_login(author)
        self.change(client)
        assert elsewhere.get(reverse("home"))["Location"].startswith(reverse("sign-in"))

    def test_it_refuses_a_wrong_current_password(self, client, author):
        client.force_login(author)
        response = self.change(client, old=WRONG)
        assert [message for message, _ in response.context["errors"]] == [
            "The current password is not right. Enter the password you signed in with"
        ]
        author.refresh_from_db()
        assert author.check_password(RIGHT)

    def test_it_gives_django_s_password_rules(self, client, author):
        client.force_login(author)
        response = self.change(client, new="password1234")
        assert [message for message, _ in response.context["errors"]] == ["This password is too common."]

    def test_it_says_what_to_enter_when_sent_empty(self, client, author):
        client.force_login(author)
        response = client.post(reverse("password-change"))
        assert [message for message, _ in response.context["errors"]] == [
            "Enter your current password",
            "Enter a new password",
            "Enter the new password again",
        ]

    def test_it_answers_405_to_a_put(self, client, author):
        client.force_login(author)
        assert client.put(reverse("password-change")).status_code == 405


class TestUnlocking:
    @pytest.fixture
    def locked_out_author(self, author):
        """alice-author has got her password wrong five times at 10.0.0.1."""
        attacker = Client()
        for _ in range(5):
            sign_in(attacker, "alice-author", WRONG)
        assert sign_in(attacker, "alice-author", RIGHT).status_code == 429
        return author

    def test_the_people_page_shows_who_is_locked_out(self, client, council, council_admin, locked_out_author, approver):
        client.force_login(council_admin)
        page = client.get(reverse("councils:people", args=[council.slug])).content.decode()
        assert page.count("Locked out") == 1 and unlock_url(council, locked_out_author) in page
        assert unlock_url(council, approver) not in page

    def test_what_the_lock_out_message_says_is_true(self, client, council, council_admin, locked_out_author):
        assert "ask your council admin to unlock your account" in LOCKED_OUT
        client.force_login(council_admin)
        response = client.post(unlock_url(council, locked_out_author))
        assert said(response) == [f"Test {locked_out_author.last_name} can sign in again now."]
        assert sign_in(Client(), "alice-author", RIGHT).status_code == 302

    def test_it_asks_first(self, client, council, council_admin, locked_out_author):
        client.force_login(council_admin)
        assert "Unlock the account" in client.get(unlock_url(council, locked_out_author)).content.decode()
        assert sign_in(Client(), "alice-author", RIGHT).status_code == 429

    def test_it_is_in_the_history(self, client, council, council_admin, locked_out_author):
        client.force_login(council_admin)
        client.post(unlock_url(council, locked_out_author))
        assert history(client, council)[0] == (
            f"Test {council_admin.last_name}",
            f"Unlocked the account of Test {locked_out_author.last_name} (alice-author), locked out after too many "
            f"wrong passwords",
        )

    def test_it_says_so_and_records_nothing_when_the_person_is_not_locked_out(
        self, client, council, council_admin, author
    ):
        client.force_login(council_admin)
        response = client.post(unlock_url(council, author))
        assert said(response) == [f"Test {author.last_name} is not locked out: they can sign in."]
        assert not AccountChange.objects.exists()

    def test_it_answers_404_for_a_person_of_another_council(self, client, council, council_admin, outsider):
        for _ in range(5):
            sign_in(Client(), "charlie-outsider", WRONG)
        client.force_login(council_admin)
        assert client.post(unlock_url(council, outsider)).status_code == 404
        assert sign_in(Client(), "charlie-outsider", RIGHT).status_code == 429

    def test_it_lifts_the_persons_lock_but_not_a_whole_networks_whose_message_promises_no_unlock(
        self, client, council, council_admin, locked_out_author
    ):
        guesser = Client()
        for n in range(20):
            sign_in(guesser, f"officer-{n}", WRONG)
        client.force_login(council_admin)
        client.post(unlock_url(council, locked_out_author))
        response = sign_in(Client(), "alice-author", RIGHT)
        assert response.status_code == 429 and ADDRESS_LOCKED_OUT in response.content.decode()
        assert "unlock" not in ADDRESS_LOCKED_OUT
        assert sign_in(Client(), "alice-author", RIGHT, address="10.0.0.2").status_code == 302

    def test_it_refuses_the_councils_other_roles(self, client, council, approver, locked_out_author):
        client.force_login(approver)
        assert client.post(unlock_url(council, locked_out_author)).status_code == 403
        assert sign_in(Client(), "alice-author", RIGHT).status_code == 429


def test_a_new_account_is_told_how_to_get_its_first_password(client, council, council_admin):
    client.force_login(council_admin)
    response = client.post(
        reverse("councils:person-add", args=[council.slug]),
        {"username": "nadia-new", "first_name": "Nadia", "last_name": "Newcomer", "role": Role.AUTHOR},
    )
    assert said(response) == [
        "Nadia Newcomer now has an account, with the role Author (commissioning officer). To "
        "let them sign in, set a temporary password for them."
    ]


def test_a_person_never_given_a_temporary_password_is_not_sent_to_choose(client, author):
    sign_in(client, "alice-author", RIGHT)
    assert client.get(reverse("home")).status_code == 200
