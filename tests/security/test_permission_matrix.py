"""Every URL, every method, every persona: the answers must be what tests/security/permission_matrix.py (and so
docs/permissions.md, generated from it) says.

The URLs are found by walking the URLconf, as tests/security/test_scoping.py does, so a URL added later and left out of
the matrix fails here. One test a URL builds the people and the record the URL needs once, then asks as each
persona in turn; each request runs in a savepoint that is rolled back, so a POST that signs off or removes
something leaves the record as it was for the next persona.
"""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.http import HttpResponseForbidden
from django.test import Client
from django.urls import Resolver404, resolve

from councils.models import Role
from tests.factories import MembershipFactory, UserFactory
from tests.security import permission_matrix as pm
from tests.security.matrix_records import URLS, matrix_world, url_for

DOCS = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"


# The data itself ----------------------------------------------------------------------------------------------


def test_every_named_url_is_in_the_matrix():
    missing = sorted(set(URLS) - set(pm.MATRIX))
    assert not missing, f"URLs missing from tests/security/permission_matrix.py (and docs/permissions.md): {missing}"
    gone = sorted(set(pm.MATRIX) - set(URLS))
    assert not gone, f"the matrix names URLs the URLconf no longer has: {gone}"


def test_every_url_has_an_answer_for_every_method_and_persona_and_a_state():
    assert [role.value for role in Role] == pm.ROLES
    for name, methods in pm.MATRIX.items():
        assert list(methods) == pm.METHODS, name
        for method, answers in methods.items():
            assert list(answers) == pm.PERSONAS, (name, method)
            assert set(answers.values()) <= pm.ANSWERS, (name, method)
        assert name in pm.SETUP and pm.SETUP[name] in pm.STATES, name
    assert set(pm.NOTES) <= set(pm.MATRIX)


def test_the_docs_are_what_the_matrix_generates():
    assert DOCS.read_text(encoding="utf-8") == pm.markdown(), (
        "docs/permissions.md differs from tests/security/permission_matrix.py: run "
        "`DJANGO_SETTINGS_MODULE=eqa_site.test_settings .venv/bin/python -m tests.security.permission_matrix`"
    )


def _changes(answer):
    # A 400 is a permitted person's save refused for what it carried (an edit form's empty POST), not for who sent it.
    return answer in (pm.OK, pm.BAD_REQUEST) or (answer.startswith("302") and answer != pm.SIGN_IN)


def _record_urls():
    """The URLs that name a council's record. A forgotten password's link, and an invitation's, name an account or
    an invitation in a token only its email holds, and answer everyone alike."""
    return [name for name in pm.MATRIX if URLS[name][0] and name not in ("password-reset-confirm", "invitation-accept")]


def test_the_matrix_keeps_the_rules():
    """The rules of docs/permissions.md's first paragraph, checked on the data, so the matrix cannot be edited to
    break them and still pass."""
    app_urls = [name for name in pm.MATRIX if ":" in name and name not in pm.ADMIN_URLS]
    for name in app_urls:
        posts = pm.MATRIX[name]["POST"]
        # A viewer changes nothing: every POST of theirs is refused or not accepted.
        assert posts["viewer"] in (pm.FORBIDDEN, pm.NOT_ALLOWED), name
        # A moderator records the equality group's moderation, and changes nothing else.
        if name != "assessments:moderate":
            assert posts["moderator"] in (pm.FORBIDDEN, pm.NOT_ALLOWED), name
        # Signed out, everything sends you to sign in, but the public register, which is for anyone.
        if name.startswith("register:"):
            assert all(pm.MATRIX[name][method] == pm.PUBLIC[method] for method in pm.METHODS), name
            continue
        assert all(pm.MATRIX[name][method][pm.SIGNED_OUT] == pm.SIGN_IN for method in pm.METHODS), name
    # Only a superuser gets into the Django admin; signed in, anybody else is told it is not there.
    for name in pm.ADMIN_URLS:
        for method in pm.METHODS:
            answers = pm.MATRIX[name][method]
            assert answers[pm.SIGNED_OUT] == pm.SIGN_IN, (name, method)
            assert {answers[p] for p in [*pm.ROLES, pm.OTHER]} == {pm.NOT_FOUND}, (name, method)
    for name in _record_urls():
        if name.startswith("register:"):
            continue  # a council's public register, for anyone: checked above
        # Another council's record: 404, never 403 and never its data (405 for a method the URL never takes).
        assert pm.MATRIX[name]["GET"][pm.OTHER] == pm.NOT_FOUND, name
        assert all(pm.MATRIX[name][method][pm.OTHER] in (pm.NOT_FOUND, pm.NOT_ALLOWED) for method in pm.METHODS)
    # Only an approver signs off.
    for name in ("assessments:approve", "actionplans:approve"):
        for method in ("GET", "POST"):
            allowed = {
                p
                for p, answer in pm.MATRIX[name][method].items()
                if answer not in (pm.FORBIDDEN, pm.NOT_FOUND, pm.SIGN_IN)
            }
            assert allowed == {"approver"}, (name, method)
    # Only a manager or an author records an update, edits or imports into a plan.
    for name in (
        "actionplans:action-update",
        "actionplans:edit",
        "actionplans:action-add",
        "actionplans:action-edit",
        "actionplans:import",
        "actionplans:submit",
    ):
        allowed = {p for p, answer in pm.MATRIX[name]["POST"].items() if _changes(answer)}
        assert allowed == {"manager", "author"}, name
    # Only the council's council admin changes its settings.
    for name in pm.MATRIX:
        if pm.group_of(name) == "Council settings":
            allowed = {p for p, answer in pm.MATRIX[name]["POST"].items() if _changes(answer)}
            assert allowed <= {"council_admin"}, name
            assert pm.MATRIX[name]["GET"][pm.OTHER] == pm.NOT_FOUND, name
    # Only an author writes an EIA.
    for name in (
        "assessments:edit",
        "assessments:grid",
        "assessments:coverage",
        "assessments:action-add",
        "assessments:action-edit",
        "assessments:action-remove",
        "assessments:row-add",
        "assessments:row-remove",
        "assessments:submit",
    ):
        allowed = {p for p, answer in pm.MATRIX[name]["POST"].items() if _changes(answer)}
        assert allowed == {"author"}, name


# The answers --------------------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _quick_pdfs(quick_pdfs):
    """These tests are about who gets a PDF and what it queries, not what it looks like."""


@pytest.fixture
def world(db):
    return matrix_world()


def answer(response):
    """The response as the matrix says it: "200", "403", "302 EIA page"…; a 500 with its exception."""
    if response.status_code == 500 and getattr(response, "exc_info", None):
        kind, error, _ = response.exc_info
        return f"500 {kind.__name__}: {error}"
    if response.status_code != 302:
        return str(response.status_code)
    location = response["Location"]
    try:
        match = resolve(urlsplit(location).path)
    except Resolver404:
        return f"302 to {location}"
    for expected, view_name in pm.REDIRECTS.items():
        if match.view_name == view_name:
            return expected
    return f"302 to {location} ({match.view_name})"


class Visitor:
    """A test client that signs in as one person after another, signing in again only when it must: a new person,
    or a request that ended the session (signing out)."""

    def __init__(self, **kwargs):
        self.client = Client(raise_request_exception=False, **kwargs)
        self.person, self.session_key = None, None

    def _session_key(self):
        cookie = self.client.cookies.get(django_settings.SESSION_COOKIE_NAME)
        return cookie.value if cookie else None

    def become(self, person):
        if person is None:
            if self.person is not None:
                self.client.logout()
        elif person != self.person or self._session_key() != self.session_key:
            self.client.force_login(person)
            self.session_key = self._session_key()
        self.person = person

    def ask(self, method, url, person):
        """One request as the person, in a savepoint rolled back afterwards."""
        self.become(person)
        with transaction.atomic():
            response = getattr(self.client, method.lower())(url)
            transaction.set_rollback(True)
        return response


@pytest.mark.parametrize("name", list(pm.MATRIX))
def test_every_persona_gets_what_the_matrix_says(world, name):
    if name not in URLS:
        pytest.fail(f"{name} is in the matrix but not in the URLconf")
    visitor = Visitor()
    url = url_for(name, world)
    people = {pm.SIGNED_OUT: None, **world["people"]}
    wrong = []
    for persona in pm.PERSONAS:
        for method in pm.METHODS:
            expected = pm.MATRIX[name][method][persona]
            got = answer(visitor.ask(method, url, people[persona]))
            if got != expected:
                wrong.append(f"{method} {url} as {pm.PERSONA_LABELS[persona]}: the matrix says {expected}, got {got}")
    assert not wrong, "\n".join(wrong)


def csrf_refused(request, reason=""):
    return HttpResponseForbidden(f"CSRF refused: {reason}")


def test_every_post_without_a_csrf_token_is_refused(world, settings):
    """Every change is a POST behind CSRF: without the token, even a person holding every role is refused."""
    # Told apart from the app's other 403s by a failure view of the test's own, whatever the app's says.
    settings.CSRF_FAILURE_VIEW = f"{__name__}.csrf_refused"
    everything = UserFactory(username="our-everything")
    for role in pm.ROLES:
        MembershipFactory(council=world["council"], role=role, user=everything)
    visitor = Visitor(enforce_csrf_checks=True)
    wrong = []
    for name in pm.MATRIX:
        url = url_for(name, world)
        response = visitor.ask("POST", url, everything)
        if answer(response) != pm.FORBIDDEN or not response.content.startswith(b"CSRF refused"):
            wrong.append(f"POST {url} without a CSRF token: expected CSRF's 403, got {answer(response)}")
    assert not wrong, "\n".join(wrong)
