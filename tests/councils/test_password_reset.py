"""A forgotten password, reset from a link emailed through a real SMTP server: the link works once and for a limited
time, the page says the same whether or not an account has the address, and one address cannot flood an inbox."""

import re
from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from benchmarks.run import free_port
from councils.notifications import run_worker
from tests.lifecycle_helpers import person_with_role
from tests.security.log_helpers import entries

# These tests commit, as a request does, so that the link is queued once the request has committed.
pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "winter-crocus-harbour-47"


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = "https://eqa.example.gov.uk"


@pytest.fixture
def person(council):
    return person_with_role(council, "author", "forgetful")


def ask(client, address):
    """The page's answer to a person asking for a link; then the worker sends what the request queued once it
    committed, as `manage.py db_worker` does beside EqA."""
    answer = client.post(reverse("password-reset"), {"email": address})
    run_worker()
    return answer


def link_in(message):
    [link] = re.findall(r"https://eqa\.example\.gov\.uk(/password/reset/\S+/)", message.get_content())
    return link


def signs_in(username, password):
    answer = Client().post(reverse("sign-in"), {"username": username, "password": password})
    return answer.status_code == 302 and answer["Location"] == reverse("home")


def choose(client, link, password=NEW_PASSWORD):
    """Open the emailed link and send a new password; the answer to the sending."""
    opened = client.get(link, follow=True)
    assert opened.status_code == 200 and "Choose a new password" in opened.content.decode()
    return client.post(opened.redirect_chain[-1][0], {"new_password1": password, "new_password2": password})


def test_a_forgotten_password_is_chosen_again_from_the_emailed_link(client, person, mailbox, security_log):
    signed_in_elsewhere = Client()
    signed_in_elsewhere.force_login(person)

    answer = ask(client, "Forgetful@Example.org")
    assert answer["Location"] == reverse("password-reset-sent")
    [message] = mailbox
    assert (message["To"], message["Subject"]) == ("forgetful@example.org", "Choose a new EqA password")
    assert "(username: forgetful)" in message.get_content()
    assert "It works once, within 1 hour" in message.get_content()

    done = choose(client, link_in(message))
    assert done["Location"] == reverse("password-reset-done")
    assert signs_in("forgetful", NEW_PASSWORD)
    assert signed_in_elsewhere.get(reverse("home"))["Location"].startswith(reverse("sign-in"))
    assert [entry["outcome"] for entry in entries(security_log) if entry["event"] == "password-reset"] == [
        "asked",
        "changed",
    ]


def test_an_address_without_an_account_is_told_the_same_and_sent_nothing(client, person, mailbox):
    answer = ask(client, "nobody@example.org")
    assert answer["Location"] == reverse("password-reset-sent")
    assert mailbox == []
    page = client.get(answer["Location"]).content.decode()
    assert "If an EqA account has the address you gave" in page


def test_the_link_works_once(client, person, mailbox):
    ask(client, person.email)
    link = link_in(mailbox[0])
    choose(client, link)
    again = Client().get(link, follow=True).content.decode()
    assert "This link no longer works" in again and reverse("password-reset") in again


def link_made(person, seconds_ago):
    class Then(PasswordResetTokenGenerator):
        def _now(self):
            return datetime.now() - timedelta(seconds=seconds_ago)

    uid = urlsafe_base64_encode(force_bytes(person.pk))
    return reverse("password-reset-confirm", args=[uid, Then().make_token(person)])


def test_a_link_works_for_an_hour_and_no_longer(client, person):
    page = client.get(link_made(person, settings.PASSWORD_RESET_TIMEOUT - 60), follow=True).content.decode()
    assert "Choose a new password" in page
    page = client.get(link_made(person, settings.PASSWORD_RESET_TIMEOUT + 1), follow=True).content.decode()
    assert "This link no longer works" in page and "works once, within 1 hour" in page


def test_an_account_switched_off_is_sent_nothing(client, person, mailbox):
    type(person).objects.filter(pk=person.pk).update(is_active=False)
    assert ask(client, person.email)["Location"] == reverse("password-reset-sent")
    assert mailbox == []


def test_the_old_password_may_be_chosen_again_so_the_link_tells_nothing_of_it(client, person, mailbox):
    ask(client, person.email)
    done = choose(client, link_in(mailbox[0]), password="a-long-test-password")  # tests/factories.py's
    assert done["Location"] == reverse("password-reset-done")


def test_a_bad_address_is_refused_saying_what_to_do_and_keeping_what_was_typed(client, person, mailbox):
    page = ask(client, "forgetful at example.org").content.decode()
    assert "Enter an email address like name@council.gov.uk" in page
    assert 'value="forgetful at example.org"' in page
    assert mailbox == []


def test_one_address_asking_too_often_is_told_to_wait(client, person, mailbox, settings):
    settings.PASSWORD_RESETS_PER_MINUTE = 2
    answers = [ask(client, person.email) for _ in range(3)]
    assert [answer.status_code for answer in answers] == [302, 302, 429]
    assert "check your email" in answers[-1].content.decode()
    assert len(mailbox) == 2
    # A form sent back with its errors sends nothing, and counts for nothing: three asks are counted so far.
    settings.PASSWORD_RESETS_PER_MINUTE = 4
    assert ask(client, "").status_code == 200
    assert ask(client, person.email).status_code == 302


def test_the_new_password_must_pass_the_same_checks_as_any(client, person, mailbox):
    ask(client, person.email)
    page = choose(client, link_in(mailbox[0]), password="12345678").content.decode()
    assert "This password is too short" in page or "too common" in page
    assert not signs_in("forgetful", "12345678")


def test_the_sign_in_page_links_to_it(client):
    assert reverse("password-reset") in client.get(reverse("sign-in")).content.decode()


def test_a_broken_mail_server_does_not_hold_up_the_page_and_the_link_goes_when_it_works(
    client, person, mailbox, settings
):
    working_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()  # nothing listens there: the connection is refused
    settings.NOTIFICATION_RETRY_DELAYS = [0, 0]
    answer = client.post(reverse("password-reset"), {"email": person.email})
    assert answer["Location"] == reverse("password-reset-sent")
    run_worker(max_tasks=1)
    assert mailbox == []
    settings.EMAIL_PORT = working_port
    run_worker()
    [message] = mailbox
    assert choose(client, link_in(message)).status_code == 302
