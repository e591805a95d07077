"""Five wrong passwords lock out one username from one address for 15 minutes, and nobody else; 20 from one address,
whatever the usernames, lock out that address."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from councils.addresses import client_address
from councils.views import ADDRESS_LOCKED_OUT, LOCKED_OUT
from tests.factories import UserFactory

RIGHT, WRONG = "a-long-test-password", "not-the-password"


def sign_in(client, username, password, address="10.0.0.1", **headers):
    return client.post(reverse("sign-in"), {"username": username, "password": password}, REMOTE_ADDR=address, **headers)


@pytest.fixture
def locked_out(client, author):
    """alice-author has got her password wrong five times at 10.0.0.1."""
    responses = [sign_in(client, "alice-author", WRONG) for _ in range(5)]
    return responses[-1]


def test_it_answers_the_fifth_wrong_password_with_429_and_says_what_to_do(locked_out):
    page = locked_out.content.decode()
    assert locked_out.status_code == 429
    assert f'<a href="#id_username">{LOCKED_OUT}</a>' in page
    assert "The username or password is not right" not in page


def test_it_shows_the_lock_out_on_the_sign_in_page(locked_out):
    page = locked_out.content.decode()
    assert "Sign in to EqA" in page
    assert 'value="alice-author"' in page


def test_it_refuses_even_the_right_password_from_that_address(client, locked_out):
    assert sign_in(client, "alice-author", RIGHT).status_code == 429


def test_it_lets_the_same_person_in_from_another_address(client, locked_out):
    assert sign_in(client, "alice-author", RIGHT, address="10.0.0.2").status_code == 302


def test_it_lets_someone_else_in_from_the_same_address(client, locked_out):
    UserFactory(username="bea-colleague")
    assert sign_in(client, "bea-colleague", RIGHT).status_code == 302


def test_it_forgets_the_wrong_passwords_once_the_right_one_is_given(client, author):
    for _ in range(4):
        sign_in(client, "alice-author", WRONG)
    assert sign_in(client, "alice-author", RIGHT).status_code == 302
    client.post(reverse("sign-out"))
    assert [sign_in(client, "alice-author", WRONG).status_code for _ in range(4)] == [200] * 4


def test_it_lets_the_person_in_again_after_15_minutes(client, locked_out):
    from axes.models import AccessAttempt
    from django.utils import timezone

    AccessAttempt.objects.update(attempt_time=timezone.now() - timezone.timedelta(minutes=16))
    assert sign_in(client, "alice-author", RIGHT).status_code == 302


class TestOneAddressTryingManyUsernames:
    def test_it_locks_out_an_address_that_tries_four_passwords_on_each_of_20_usernames(self, client, author):
        answers = [sign_in(client, f"officer-{n}", WRONG).status_code for n in range(20) for _ in range(4)]
        assert answers.count(429) == 80 - 19
        assert sign_in(client, "alice-author", RIGHT).status_code == 429

    def test_it_tells_a_colleague_at_that_address_that_their_network_is_locked_out(self, client, author):
        for n in range(20):
            sign_in(client, f"officer-{n}", WRONG)
        response = sign_in(client, "alice-author", RIGHT)
        assert f'<a href="#id_username">{ADDRESS_LOCKED_OUT}</a>' in response.content.decode()

    def test_it_still_lets_people_in_from_other_addresses(self, client, author):
        for n in range(20):
            sign_in(client, f"officer-{n}", WRONG)
        assert sign_in(client, "alice-author", RIGHT, address="10.0.0.2").status_code == 302

    def test_it_lets_an_office_in_after_19_wrong_passwords_among_colleagues(self, client, author):
        for n in range(19):
            sign_in(client, f"officer-{n}", WRONG)
        assert sign_in(client, "alice-author", RIGHT).status_code == 302


class TestForwardedFor:
    """What a client sends in X-Forwarded-For counts only behind a proxy that is configured (BEHIND_TLS_PROXY);
    otherwise anyone could pick a new address for each guess."""

    def test_it_locks_out_a_client_that_sends_a_new_forwarded_address_each_time_when_not_behind_a_proxy(
        self, client, author, settings
    ):
        settings.BEHIND_TLS_PROXY = False
        for n in range(5):
            sign_in(client, "alice-author", WRONG, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        assert sign_in(client, "alice-author", RIGHT, HTTP_X_FORWARDED_FOR="198.51.100.99").status_code == 429

    def test_it_takes_the_person_s_address_from_the_proxy_when_behind_one(self, client, author, settings):
        settings.BEHIND_TLS_PROXY, settings.PROXY_COUNT = True, 1
        for _ in range(5):
            sign_in(client, "alice-author", WRONG, HTTP_X_FORWARDED_FOR="203.0.113.7")
        assert sign_in(client, "alice-author", RIGHT, HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429
        assert sign_in(client, "alice-author", RIGHT, HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 302


class TestClientAddress:
    def request(self, forwarded_for=None):
        extra = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for is not None else {}
        return RequestFactory().get("/", REMOTE_ADDR="10.9.9.9", **extra)

    def test_it_ignores_x_forwarded_for_unless_behind_a_proxy(self, settings):
        settings.BEHIND_TLS_PROXY = False
        assert client_address(self.request("203.0.113.7")) == "10.9.9.9"

    def test_it_takes_the_address_the_proxy_added_not_one_the_client_sent(self, settings):
        settings.BEHIND_TLS_PROXY, settings.PROXY_COUNT = True, 1
        assert client_address(self.request("198.51.100.1, 203.0.113.7")) == "203.0.113.7"

    def test_it_counts_back_past_each_proxy(self, settings):
        settings.BEHIND_TLS_PROXY, settings.PROXY_COUNT = True, 2
        assert client_address(self.request("198.51.100.1, 203.0.113.7, 10.0.0.5")) == "203.0.113.7"

    def test_it_falls_back_to_the_connection_when_the_header_is_missing_or_not_an_address(self, settings):
        settings.BEHIND_TLS_PROXY, settings.PROXY_COUNT = True, 1
        assert [client_address(self.request()), client_address(self.request("unknown"))] == ["10.9.9.9"] * 2
