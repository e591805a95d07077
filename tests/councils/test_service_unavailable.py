"""While the database cannot be reached, /healthz answers 503 whatever the request carries, and every other page
says plainly that the service is unavailable, with 503: never a 500."""

import socket

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse


def closed_port():
    """A loopback port nothing listens on: bound for a moment, then let go."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def database_down(transactional_db, tmp_path):
    """The real connection pointed where no database is, for the length of the test: a SQLite file in a folder
    that does not exist, or a PostgreSQL server on a port nothing listens on."""
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = str(tmp_path / "no-such-folder" / "db.sqlite3")
    else:
        connection.settings_dict.update(HOST="127.0.0.1", PORT=closed_port())
    yield
    connection.close()
    connection.settings_dict.update(saved)


@pytest.fixture
def browser():
    """A client that answers as the server does, rather than raising the server's exception in the test."""
    return Client(raise_request_exception=False)


@pytest.fixture
def signed_in_browser(browser, author):
    browser.force_login(author)
    return browser


def test_healthz_answers_503_when_the_database_cannot_be_reached(browser, database_down):
    assert browser.get(reverse("healthz")).status_code == 503


def test_healthz_answers_503_to_a_request_with_a_session_cookie(signed_in_browser, database_down):
    assert settings.SESSION_COOKIE_NAME in signed_in_browser.cookies
    assert signed_in_browser.get(reverse("healthz")).status_code == 503


def test_a_page_says_the_service_is_unavailable_to_a_signed_in_person(signed_in_browser, database_down):
    response = signed_in_browser.get(reverse("assessments:list"))
    assert response.status_code == 503
    assert "Sorry, the service is unavailable" in response.content.decode()


def test_the_sign_in_page_says_the_service_is_unavailable_when_signing_in(browser, database_down):
    response = browser.post(reverse("sign-in"), {"username": "alice-author", "password": "a-long-test-password"})
    assert response.status_code == 503
    assert "Sorry, the service is unavailable" in response.content.decode()


def test_healthz_answers_200_again_once_the_database_is_back(signed_in_browser):
    assert signed_in_browser.get(reverse("healthz")).status_code == 200
